// reboot: the refusal that keeps a run from rebooting the controller (a local connection shares
// its kernel, as the lab's namespace hosts do), through the real lvsplay; and the wait for the
// host to come back, with real commands reading a boot id file that changes part-way.
// The reboot command in these tests is `true`: were the refusal broken, nothing would reboot.
import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitUntilBack } from '../../../src/modules/builtin/reboot.js';
import type { AfterApplyContext } from '../../../src/modules/types.js';
import { runJson } from '../../helpers/cli.js';
import { removeDir, scratchDir, writeIn } from '../../helpers/scratch.js';
import { sh } from '../../helpers/local-module.js';

describe('reboot', function () {
  this.timeout(30_000);
  let dir: string;
  beforeEach(() => (dir = scratchDir('lvsplay-reboot-')));
  afterEach(() => removeDir(dir));

  for (const check of [false, true]) {
    it(`refuses a host on the controller's own kernel (a local connection)${check ? ' in --check too' : ''}, with one line`, async () => {
      const inventory = writeIn(dir, 'inv.ini', 'h1 ansible_connection=local\n');
      const playbook = writeIn(dir, 'play.yml', '- hosts: h1\n  gather_facts: false\n  tasks:\n    - reboot: {reboot_command: "true", reboot_timeout: 1}\n');
      const res = await runJson(['run', playbook, '-i', inventory, ...(check ? ['--check'] : [])]);
      expect(res.code).to.equal(2);
      const result = res.report.plays[0]!.tasks[0]!.hosts['h1']!.result;
      expect(result.failed).to.equal(true);
      expect(result.msg).to.match(
        /^reboot: h1 runs on the controller's own kernel \(boot id [0-9a-f-]{36}\): rebooting it would reboot the controller; refused$/,
      );
    });
  }

  describe('waiting for the host to come back', () => {
    const local = (drops: string[]): AfterApplyContext => ({
      host: 'h1',
      dropConnection: async () => void drops.push('drop'),
      tryRead: async (command) => sh(command),
    });
    const args = { pre_reboot_delay: 0, post_reboot_delay: 0, reboot_timeout: 6, test_command: 'true' };

    it('waits until the boot id is another, then for test_command, and says how long it took', async () => {
      const file = join(dir, 'boot_id');
      writeFileSync(file, 'old\n');
      const drops: string[] = [];
      // the "host" comes back with a new boot id after 2.5 s
      const later = setTimeout(() => writeFileSync(file, 'new\n'), 2500);
      const result = await waitUntilBack({ ...args, boot_time_command: `cat ${file}` }, 'old', local(drops));
      clearTimeout(later);
      expect(drops).to.deep.equal(['drop']);
      expect(result).to.include({ changed: true, rebooted: true });
      expect(result['elapsed']).to.be.within(2, 5);
    });

    it("fails with Ansible's message when test_command never succeeds within reboot_timeout", async () => {
      const result = await waitUntilBack({ ...args, reboot_timeout: 2, boot_time_command: 'echo new', test_command: 'false' }, 'old', local([]));
      expect(result).to.include({ failed: true, rebooted: true, msg: 'Timed out waiting for post-reboot test command (timeout=2)' });
    });

    it('fails when the boot id never changes', async () => {
      const result = await waitUntilBack({ ...args, reboot_timeout: 2, boot_time_command: 'echo old' }, 'old', local([]));
      expect(result).to.include({ failed: true, msg: 'Timed out waiting for last boot time check (timeout=2)' });
    });
  });
});
