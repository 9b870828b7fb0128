// unarchive of a zip and deb822_repository on lab hosts over SSH. The zip play runs side by side
// with ansible-playbook 2.14 (the same recap, the play's own asserts holding for both); the
// deb822 play runs with lvsplay alone (the module is ansible-core 2.15's), apt on the hosts
// reading what it wrote. Plays: test/fixtures/projects/modules-d.
import { expect } from 'chai';
import { runCli } from '../../helpers/cli.js';
import { ansiblePlaybook, hasAnsiblePlaybook } from '../../helpers/ansible-playbook.js';
import { fixturePath } from '../../helpers/paths.js';
import { canRunLab, ensureLab, tearDownLab } from '../../helpers/lab.js';
import type { LabState } from '../../../src/lab/index.js';
import { recap } from '../../helpers/recap.js';

const play = (name: string): string => fixturePath('projects', 'modules-d', `${name}.yaml`);

describe('unarchive (zip) and deb822_repository on the lab', function () {
  this.timeout(600_000);
  let lab: LabState;
  before(async function () {
    if (canRunLab()) this.skip();
    lab = await ensureLab(3, 0);
    const clean = await runCli(['run', play('clean'), '-i', lab.inventoryPath]);
    expect(clean.code, clean.stdout + clean.stderr).to.equal(0);
  });
  after(async () => {
    if (!canRunLab()) {
      await runCli(['run', play('clean'), '-i', lab.inventoryPath]);
      await tearDownLab();
    }
  });

  it('unarchive of a zip: the same recap as ansible-playbook 2.14, and the play asserts hold for both', async function () {
    if (!hasAnsiblePlaybook()) this.skip();
    const ansible = ansiblePlaybook(['-i', lab.inventoryPath, play('zip'), '-e', 'tool=ansible']);
    expect(ansible.status, ansible.stdout + ansible.stderr).to.equal(0);
    const ours = await runCli(['run', play('zip'), '-i', lab.inventoryPath, '-e', 'tool=lvsplay']);
    expect(ours.code, ours.stdout + ours.stderr).to.equal(0);
    expect(recap(ours.stdout)).to.deep.equal(recap(ansible.stdout));
    expect(Object.keys(recap(ours.stdout))).to.include.members(['s1', 's2', 's3']);
  });

  it('deb822_repository: written, unchanged on a rerun, read by apt, removed', async () => {
    const ours = await runCli(['run', play('deb822'), '-i', lab.inventoryPath]);
    expect(ours.code, ours.stdout + ours.stderr).to.equal(0);
    expect(recap(ours.stdout)['s1']).to.match(/failed=0/);
  });
});
