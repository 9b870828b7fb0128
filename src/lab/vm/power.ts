// Powering the VM on and waiting until every director answers SSH with its own host key.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { run } from '../sh.js';
import { sshPortAnswer } from '../ssh-probe.js';
import { isQemu, writeState } from './process.js';
import { log, type VmState } from './types.js';

const BOOT_TIMEOUT_MS = 180_000;
/** How long starting the VM waits for each director's sshd to show its host key (ssh-keyscan). */
const KEYSCAN_TIMEOUT_MS = 120_000;
const READY = 'LVSPLAY-READY';
const FAILED = 'LVSPLAY-FAILED';

/** The console's "[uptime] step" lines, for the time breakdown. */
function consoleSteps(consoleLog: string): string {
  return [...consoleLog.matchAll(/lvsplay-vm: \[([\d.]+)\] (.*)/g)].map((m) => `${m[2]} ${m[1]} s`).join(', ');
}

/**
 * Start qemu with the state's command line and wait until every director answers SSH with its own
 * host key: the VM's init prints READY (or FAILED) on the console once each director's boot has
 * begun; each sshd starts after that director's Debian boot steps.
 */
export async function powerOn(state: VmState, dir: string, verbose: boolean | undefined): Promise<void> {
  const t1 = Date.now();
  const timings = state.timings;
  const consoleLog = join(dir, 'console.log');
  const pidFile = join(dir, 'qemu.pid');
  rmSync(consoleLog, { force: true });
  rmSync(pidFile, { force: true });
  const q = await run(state.argv, { timeoutMs: 60_000 });
  const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : 0;
  if (q.code !== 0 || !isQemu(pid)) throw new Error(`lvsplay lab: qemu did not start (exit ${q.code}): ${q.stderr.trim()}`);
  state.pid = pid;
  writeState(dir, state);
  log(verbose, `qemu ${pid} started (tap ${state.tap} on ${state.bridge}); booting`);

  const deadline = Date.now() + BOOT_TIMEOUT_MS;
  let text = '';
  const check = (stage: string): void => {
    text = existsSync(consoleLog) ? readFileSync(consoleLog, 'utf8') : '';
    const failed = text.includes(FAILED);
    if (failed || !isQemu(pid) || Date.now() > deadline) {
      const why = failed ? 'its init failed' : !isQemu(pid) ? 'qemu exited' : `${stage} not within ${BOOT_TIMEOUT_MS / 1000} s`;
      throw new Error(`lvsplay lab: the directors' VM did not come up (${why}); console: ${text.trim().split('\n').slice(-8).join(' | ')}`);
    }
  };
  for (;;) {
    check('ready');
    if (text.includes(READY)) break;
    await sleep(50);
  }
  timings.bootMs = Date.now() - t1;
  const t2 = Date.now();
  await Promise.all(
    state.directors.map(async (d) => {
      while ((await sshPortAnswer(d.address, 1000)) !== 'open') {
        check(`${d.name} answering on port 22`);
        await sleep(50);
      }
    }),
  );
  timings.reachableMs = Date.now() - t2;
  // Each sshd shows the host key we gave it. This first key exchange also warms the VM up (code
  // translated once by the emulator, libraries in the page cache): the next connections are fast.
  const t3 = Date.now();
  await Promise.all(state.directors.map((d) => waitForHostKey(d.name, d.address, state.hostKeyLines[d.name]!)));
  timings.keyscanMs = Date.now() - t3;
  log(
    verbose,
    `${state.directors.length} directors ready (boot to sshds started ${timings.bootMs} ms, sshds answering ${timings.reachableMs} ms, host keys checked ${timings.keyscanMs} ms; inside the VM: ${consoleSteps(text)})`,
  );
}

/**
 * Wait until the sshd at `address` shows the host key of `hostKeyLine` (a known_hosts line). A
 * loaded emulator can miss one keyscan's 30 s for the banner: try again until the deadline.
 */
export async function waitForHostKey(name: string, address: string, hostKeyLine: string): Promise<void> {
  const want = hostKeyLine.split(' ').slice(1).join(' ');
  const keyDeadline = Date.now() + KEYSCAN_TIMEOUT_MS;
  for (;;) {
    const r = await run(['ssh-keyscan', '-T', '30', '-t', 'ed25519', address], { timeoutMs: 40_000 });
    if (r.stdout.split('\n').some((l) => l.trim() === `${address} ${want}`)) return;
    if (Date.now() > keyDeadline)
      throw new Error(
        `lvsplay lab: director ${name} (${address}) did not show its host key over SSH within ${KEYSCAN_TIMEOUT_MS / 1000} s: ${r.stdout.trim() || r.stderr.trim()}`,
      );
    await sleep(500);
  }
}
