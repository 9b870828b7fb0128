// The running VM: its state folder (<stateDir>/vm: state.json, qemu.pid, console.log, the
// directors' disk), its qemu process and its tap; finding them, and stopping them.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { join, resolve } from 'node:path';
import { run } from '../sh.js';
import type { VmState } from './types.js';

/** The directors' disk (their /etc, /var, /root changes); sparse, mostly empty. */
export const DISK = 'directors.ext4';

export function vmDir(stateDir: string): string {
  return join(resolve(stateDir), 'vm');
}

export function readState(stateDir: string): VmState | undefined {
  const f = join(vmDir(stateDir), 'state.json');
  if (!existsSync(f)) return undefined;
  try {
    return JSON.parse(readFileSync(f, 'utf8')) as VmState;
  } catch {
    return undefined;
  }
}

export function writeState(dir: string, state: VmState): void {
  writeFileSync(join(dir, 'state.json'), JSON.stringify(state, null, 2) + '\n');
}

/** Whether PID is a live process (not a zombie) whose command line includes MARKER: not a recycled PID. */
export function isLiveProcess(pid: number | undefined, marker: string): boolean {
  if (!pid) return false;
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return cmd.includes(marker) && !/\) Z /.test(stat);
  } catch {
    return false;
  }
}

/** Whether PID is a live qemu (not a recycled PID). */
export function isQemu(pid: number | undefined): boolean {
  return isLiveProcess(pid, 'qemu-system');
}

/** The PID a PID file holds, or undefined when there is none. */
export function readPidFile(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const n = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

function qemuPid(stateDir: string): number | undefined {
  const s = readState(stateDir);
  if (s?.pid) return s.pid;
  return readPidFile(join(vmDir(stateDir), 'qemu.pid'));
}

/** qemu processes of this state folder, found by their command line (the state file may be gone). */
function qemusOf(stateDir: string): number[] {
  const marker = join(vmDir(stateDir), DISK);
  const found: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return found;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const cmd = readFileSync(`/proc/${e}/cmdline`, 'utf8');
      if (cmd.startsWith('qemu-system') && cmd.includes(marker)) found.push(Number(e));
    } catch {
      // gone
    }
  }
  return found;
}

export async function killQemu(pid: number): Promise<void> {
  for (const [signal, waits] of [
    ['SIGTERM', 100],
    ['SIGKILL', 100],
  ] as const) {
    if (!isQemu(pid)) return;
    try {
      process.kill(pid, signal);
    } catch {
      return;
    }
    for (let i = 0; i < waits && isQemu(pid); i++) await sleep(50);
  }
}

/** The tap's name for a state folder (at most 15 characters; one per lab). */
export function tapName(stateDir: string): string {
  return `lvstap${createHash('sha256').update(resolve(stateDir)).digest('hex').slice(0, 6)}`;
}

export async function linkExists(name: string): Promise<boolean> {
  return (await run(['ip', 'link', 'show', 'dev', name])).code === 0;
}

export function directorsRunning(opts: { stateDir: string }): Promise<boolean> {
  return Promise.resolve(isQemu(qemuPid(opts.stateDir)) || qemusOf(opts.stateDir).length > 0);
}

export async function stopDirectors(opts: { stateDir: string }): Promise<void> {
  const dir = vmDir(opts.stateDir);
  const state = readState(opts.stateDir);
  const pid = qemuPid(opts.stateDir);
  const pids = new Set([...(pid && isQemu(pid) ? [pid] : []), ...qemusOf(opts.stateDir)]);
  await Promise.all([...pids].map((p) => killQemu(p)));
  const tap = state?.tap ?? tapName(opts.stateDir);
  if (await linkExists(tap)) await run(['ip', 'link', 'del', 'dev', tap]);
  // Keep console.log for a post-mortem; the rest (keys, configuration disk) goes.
  for (const f of ['state.json', 'qemu.pid', DISK, 'config']) rmSync(join(dir, f), { recursive: true, force: true });
}
