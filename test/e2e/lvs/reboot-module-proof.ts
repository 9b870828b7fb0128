// The reboot module on a real reboot: a director of `lab up --ha container` (a qemu VM that boots
// systemd, so `shutdown -r` inside restarts the same VM) is rebooted by a playbook task, and the
// next task runs on the new boot: its boot id differs, the lab counts one more boot. --check
// reboots nothing; a namespace host (s1 shares this machine's kernel) is refused, with a harmless
// reboot_command in case the refusal ever broke. Run inside ha-container.test.ts, on its lab:
// a lab of its own would cost another two emulated systemd boots.
import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runJson } from '../../helpers/cli.js';
import { until } from '../../helpers/until.js';
import { sshLab } from '../../helpers/lab.js';
import type { LabState } from '../../../src/lab/index.js';
import { bootsSoFar } from '../../../src/lab/systemd-vm/index.js';

const BOOT_ID = 'cat /proc/sys/kernel/random/boot_id';

/** The reboot module's proofs, on the container lab that `labOf()` returns once it is up. */
export function describeRebootModule(labOf: () => LabState): void {
  describe('reboot module on a systemd director', () => {
    let lab: LabState;
    let dir: string;
    before(() => {
      lab = labOf();
      dir = mkdtempSync(join(tmpdir(), 'lvsplay-reboot-'));
    });

    const bootId = async (host: string): Promise<string> => {
      const r = await sshLab(lab, host, BOOT_ID, 60_000);
      expect(r.code, r.stderr).to.equal(0);
      return r.stdout.trim();
    };
    const play = (hosts: string, task: string): string => {
      const file = join(dir, `${hosts}.yml`);
      writeFileSync(
        file,
        `- hosts: ${hosts}\n  gather_facts: false\n  tasks:\n    - ${task}\n      register: rebooted\n    - command: ${BOOT_ID}\n      register: after\n      changed_when: false\n`,
      );
      return file;
    };

    it('--check reports a change and reboots nothing', async () => {
      const before = await bootId('d1');
      const res = await runJson(['run', play('d1', 'reboot: {}'), '-i', lab.inventoryPath, '--check']);
      expect(res.code, res.stdout.slice(-2000)).to.equal(0);
      expect(res.report.plays[0]!.tasks[0]!.hosts['d1']!.result).to.include({ changed: true, rebooted: true });
      expect(await bootId('d1')).to.equal(before);
    });

    it('reboots d1, waits for it, and the next task runs on the new boot', async () => {
      const before = await bootId('d1');
      const boots = bootsSoFar(lab.stateDir, 'd1');
      const t = Date.now();
      const res = await runJson(['run', play('d1', 'reboot: {reboot_timeout: 300}'), '-i', lab.inventoryPath]);
      expect(res.code, res.stdout.slice(-2000)).to.equal(0);
      const [reboot, after] = res.report.plays[0]!.tasks.map((task) => task.hosts['d1']!.result);
      expect(reboot).to.include({ changed: true, rebooted: true });
      expect(reboot!['elapsed']).to.be.a('number').within(1, 300);
      const newId = String(after!['stdout']).trim();
      expect(newId).to.match(/^[0-9a-f-]{36}$/);
      expect(newId, 'the task after the reboot ran on a new boot').to.not.equal(before);
      expect(await bootId('d1')).to.equal(newId);
      // the lab records a boot when it sees it ready, maybe a moment after sshd answered
      await until('the lab to count one more boot of d1', 120_000, async () => (bootsSoFar(lab.stateDir, 'd1') === boots + 1 ? true : undefined));
      process.stdout.write(`      d1 rebooted by the module: elapsed ${String(reboot!['elapsed'])} s, ${((Date.now() - t) / 1000).toFixed(1)} s in all\n`);
    });

    it("refuses s1, a namespace host on this machine's kernel", async () => {
      const res = await runJson(['run', play('s1', 'reboot: {reboot_command: "true", reboot_timeout: 5}'), '-i', lab.inventoryPath]);
      expect(res.code).to.equal(2);
      expect(res.report.plays[0]!.tasks[0]!.hosts['s1']!.result['msg']).to.match(/^reboot: s1 runs on the controller's own kernel/);
    });
  });
}
