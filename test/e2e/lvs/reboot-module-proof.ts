// The reboot module on a real reboot, on the directors of `lab up --ha container` (qemu VMs that
// boot systemd, so `shutdown -r now` inside restarts the same VM). ha-container.test.ts reboots
// its VIP holder with `rebootByModule` (the proof that the unit and the VIP come back after a
// reboot), so the module's proof costs no extra emulated boot; `describeRebootModuleRefusals`
// adds what must not reboot: --check, and a namespace host (s1 shares this machine's kernel; its
// reboot_command is harmless in case the refusal ever broke).
import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runJson } from '../../helpers/cli.js';
import { sshLab } from '../../helpers/lab.js';
import type { LabState } from '../../../src/lab/index.js';

const BOOT_ID = 'cat /proc/sys/kernel/random/boot_id';

async function bootId(lab: LabState, host: string): Promise<string> {
  const r = await sshLab(lab, host, BOOT_ID, 60_000);
  expect(r.code, r.stderr).to.equal(0);
  return r.stdout.trim();
}

/** A play on `hosts`: the reboot task, then the boot id read by the next task. */
function rebootPlay(hosts: string, task: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'lvsplay-reboot-')), `${hosts}.yml`);
  writeFileSync(
    file,
    `- hosts: ${hosts}\n  gather_facts: false\n  tasks:\n    - ${task}\n      register: rebooted\n    - command: ${BOOT_ID}\n      register: after\n      changed_when: false\n`,
  );
  return file;
}

/**
 * Reboots `host` with a playbook's reboot task and checks that the module waited for it: the
 * task after it ran on the new boot. Returns the module's `elapsed` (seconds).
 */
export async function rebootByModule(lab: LabState, host: string): Promise<number> {
  const before = await bootId(lab, host);
  const res = await runJson(['run', rebootPlay(host, 'reboot: {reboot_timeout: 300, connect_timeout: 10}'), '-i', lab.inventoryPath], { timeoutMs: 900_000 });
  expect(res.code, res.stdout.slice(-2000)).to.equal(0);
  const [reboot, after] = res.report.plays[0]!.tasks.map((task) => task.hosts[host]!.result);
  expect(reboot).to.include({ changed: true, rebooted: true });
  expect(reboot!['elapsed']).to.be.a('number').within(1, 300);
  const newId = String(after!['stdout']).trim();
  expect(newId).to.match(/^[0-9a-f-]{36}$/);
  expect(newId, 'the task after the reboot ran on a new boot').to.not.equal(before);
  expect(await bootId(lab, host)).to.equal(newId);
  return Number(reboot!['elapsed']);
}

/** What the reboot module must not reboot, on the container lab that `labOf()` returns once it is up. */
export function describeRebootModuleRefusals(labOf: () => LabState): void {
  describe('reboot module: what it must not reboot', () => {
    it('--check reports a change and reboots nothing', async () => {
      const lab = labOf();
      const before = await bootId(lab, 'd1');
      const res = await runJson(['run', rebootPlay('d1', 'reboot: {}'), '-i', lab.inventoryPath, '--check']);
      expect(res.code, res.stdout.slice(-2000)).to.equal(0);
      expect(res.report.plays[0]!.tasks[0]!.hosts['d1']!.result).to.include({ changed: true, rebooted: true });
      expect(await bootId(lab, 'd1')).to.equal(before);
    });

    it("refuses s1, a namespace host on this machine's kernel", async () => {
      const lab = labOf();
      const res = await runJson(['run', rebootPlay('s1', 'reboot: {reboot_command: "true", reboot_timeout: 5}'), '-i', lab.inventoryPath]);
      expect(res.code).to.equal(2);
      expect(res.report.plays[0]!.tasks[0]!.hosts['s1']!.result['msg']).to.match(/^reboot: s1 runs on the controller's own kernel/);
    });
  });
}
