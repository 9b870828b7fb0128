// git and pip on lab hosts over SSH, side by side with ansible-playbook 2.14 on the same hosts
// and play (test/fixtures/projects/modules-c): the same recap, and the play's own asserts
// (before/after commits, check mode touching nothing, a package from a local wheel, a package
// Debian installed) hold for both. No network: the play makes its repository and wheel on the
// hosts themselves.
import { expect } from 'chai';
import { runCli } from '../../helpers/cli.js';
import { ansiblePlaybookAsync, hasAnsiblePlaybook } from '../../helpers/ansible-playbook.js';
import { fixturePath } from '../../helpers/paths.js';
import { canRunLab, ensureLab, tearDownLab } from '../../helpers/lab.js';
import type { LabState } from '../../../src/lab/index.js';
import { recap } from '../../helpers/recap.js';

const site = fixturePath('projects', 'modules-c', 'site.yaml');

describe('git and pip on the lab, compared with ansible-playbook 2.14', function () {
  this.timeout(600_000);
  let lab: LabState;
  before(async function () {
    if (canRunLab() || !hasAnsiblePlaybook()) this.skip();
    lab = await ensureLab(3, 0);
    // each tool starts from hosts without the play's files
    const clean = await runCli(['run', fixturePath('projects', 'modules-c', 'clean.yaml'), '-i', lab.inventoryPath]);
    expect(clean.code, clean.stdout + clean.stderr).to.equal(0);
  });
  after(async () => {
    if (!canRunLab()) await tearDownLab();
  });

  it('gives the same recap as ansible-playbook, and the same results', async () => {
    // at once: each tool works in its own folder, and the system package both look at is only read
    const [ansible, ours] = await Promise.all([
      ansiblePlaybookAsync(['-i', lab.inventoryPath, site, '-e', 'tool=ansible']),
      runCli(['run', site, '-i', lab.inventoryPath, '-e', 'tool=lvsplay']),
    ]);
    expect(ansible.status, ansible.stdout + ansible.stderr).to.equal(0);
    expect(ours.code, ours.stdout + ours.stderr).to.equal(0);
    expect(recap(ours.stdout)).to.deep.equal(recap(ansible.stdout));
    expect(Object.keys(recap(ours.stdout))).to.include.members(['s1', 's2', 's3']);
  });
});
