// Whether a lab host answers SSH, and how fast: OpenSSH's own client with the lab's key and
// known_hosts, so a lab that works here works for users' tools too; and, before sshd is up,
// whether anything answers on port 22 at all.
import { connect } from 'node:net';
import { run, type ShResult } from './sh.js';
import type { LabHost, LabState } from './state.js';

/** A command on a lab host as root over real SSH (the lab's key and known_hosts, no prompts). */
export function sshLabHost(state: LabState, host: LabHost, command: string, timeoutMs = 30_000): Promise<ShResult> {
  const connectSeconds = Math.max(1, Math.min(20, Math.ceil(timeoutMs / 1000)));
  const argv = [
    'ssh',
    '-i',
    state.keyPath,
    '-o',
    `UserKnownHostsFile=${state.knownHostsPath}`,
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    'BatchMode=yes',
    '-o',
    `ConnectTimeout=${connectSeconds}`,
    '-o',
    'LogLevel=ERROR',
    `root@${host.address}`,
    command,
  ];
  return run(argv, { timeoutMs: timeoutMs + 1000 });
}

/** Milliseconds for `ssh host true`, or undefined when it does not answer. */
export async function sshRoundTrip(state: LabState, host: LabHost, timeoutMs = 10_000): Promise<number | undefined> {
  const t = Date.now();
  const r = await sshLabHost(state, host, 'true', timeoutMs);
  return r.code === 0 ? Date.now() - t : undefined;
}

export async function waitForSsh(state: LabState, host: LabHost, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await sshRoundTrip(state, host, 2000)) !== undefined) return;
    if (Date.now() > deadline) throw new Error(`lab host ${host.name} (${host.address}) did not answer SSH within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * How port 22 of `address` answers: 'open' (sshd accepts), 'refused' (a host holds the address,
 * nothing listens yet) or 'silent' (no host: ARP fails and the probe times out).
 */
export function sshPortAnswer(address: string, timeoutMs: number): Promise<'open' | 'refused' | 'silent'> {
  return new Promise((resolve) => {
    const sock = connect({ host: address, port: 22, timeout: timeoutMs });
    const done = (answer: 'open' | 'refused' | 'silent'): void => {
      sock.destroy();
      resolve(answer);
    };
    sock.once('connect', () => done('open'));
    sock.once('timeout', () => done('silent'));
    sock.once('error', (err: NodeJS.ErrnoException) => done(err.code === 'ECONNREFUSED' ? 'refused' : 'silent'));
  });
}
