// Facts, delegate_to and async on lab hosts over SSH, side by side with ansible-playbook 2.14
// on the same hosts and playbook (test/fixtures/projects/delegate-facts): the same recap, and a
// file rendered from ansible_facts that is identical byte for byte.
import { expect } from 'chai';
import { runCli } from '../../helpers/cli.js';
import { ansiblePlaybook, hasAnsiblePlaybook } from '../../helpers/ansible-playbook.js';
import { recap } from '../../helpers/recap.js';
import { fixturePath } from '../../helpers/paths.js';
import { canRunLab, ensureLab, hostFile, tearDownLab } from '../../helpers/lab.js';
import type { LabState } from '../../../src/lab/index.js';

const site = fixturePath('projects', 'delegate-facts', 'site.yaml');

describe('facts, delegation and async on the lab, compared with ansible-playbook 2.14', function () {
  this.timeout(600_000);
  let lab: LabState;
  before(async function () {
    if (canRunLab() || !hasAnsiblePlaybook()) this.skip();
    lab = await ensureLab(3, 0);
  });
  after(async () => {
    if (!canRunLab()) await tearDownLab();
  });

  it('gives the same recap and renders the same facts file as ansible-playbook', async () => {
    const ansible = ansiblePlaybook(['-i', lab.inventoryPath, site, '-e', 'tool=ansible']);
    expect(ansible.status, ansible.stdout + ansible.stderr).to.equal(0);
    const ours = await runCli(['run', site, '-i', lab.inventoryPath, '-e', 'tool=lvsplay']);
    expect(ours.code, ours.stdout + ours.stderr).to.equal(0);
    expect(recap(ours.stdout)).to.deep.equal(recap(ansible.stdout));
    for (const host of ['s1', 's2', 's3']) {
      const theirs = hostFile(lab, host, '/etc/lvsplay-e2e/ansible/facts.conf');
      expect(theirs, `${host}: ansible's file`).to.be.a('string');
      expect(hostFile(lab, host, '/etc/lvsplay-e2e/lvsplay/facts.conf'), host).to.equal(theirs);
      expect(hostFile(lab, host, '/root/async-lvsplay.txt'), host).to.equal(`${host}\n`);
    }
  });
});
