// Whether a lab host answers SSH, and how fast: OpenSSH's own client with the lab's key and
// known_hosts, so a lab that works here works for users' tools too; and, before sshd is up,
// whether anything answers on port 22 at all.
import { connect } from 'node:net';
import { run, type ShResult } from './sh.js';
import type { LabHost, LabState } from './state.js';

/**
 * Seconds lvsplay (ansible_ssh_timeout in the lab inventory) waits to connect to a director: they
 * run in a VM under software emulation, whose sshd can be slow to send its banner on a loaded machine.
 */
export const VM_SSH_TIMEOUT_S = 60;

/**
 * ssh's exit 255 with one of these means it never got as far as running the command (so another
 * attempt is safe). "Connection timed out during banner exchange" is a slow sshd under emulation.
 */
const NOT_CONNECTED =
  /banner exchange|kex_exchange_identification|Connection timed out|Connection refused|Connection reset|Connection closed by|No route to host|Network is unreachable|Host is down/i;

/**
 * OpenSSH client options for a lab login: this key, host keys checked strictly against this
 * known_hosts file only, no prompts, errors only.
 */
export function strictSshOptions(keyPath: string, knownHostsPath: string, connectSeconds: number): string[] {
  return [
    '-i',
    keyPath,
    '-o',
    `UserKnownHostsFile=${knownHostsPath}`,
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    'BatchMode=yes',
    '-o',
    `ConnectTimeout=${connectSeconds}`,
    '-o',
    'LogLevel=ERROR',
  ];
}

function sshArgv(state: LabState, host: LabHost, command: string, connectSeconds: number): string[] {
  return ['ssh', ...strictSshOptions(state.keyPath, state.knownHostsPath, connectSeconds), `root@${host.address}`, command];
}

/**
 * A command on a lab host as root over real SSH (the lab's key and known_hosts, no prompts).
 * Connecting is retried until `timeoutMs` is spent, each attempt allowed twice as long as the one
 * before (5, 10, 20 s ...): sshd may not listen yet, or be slow to greet under a loaded emulator.
 * When it gives up, stderr says what it waited for and how long.
 */
export async function sshLabHost(state: LabState, host: LabHost, command: string, timeoutMs = 30_000): Promise<ShResult> {
  const deadline = Date.now() + timeoutMs;
  let connectSeconds = 5;
  for (let attempt = 1; ; attempt++) {
    const left = deadline - Date.now();
    const r = await run(sshArgv(state, host, command, Math.max(1, Math.min(connectSeconds, Math.ceil(left / 1000)))), {
      timeoutMs: Math.max(left, 1000) + 1000,
    });
    const notConnected = r.code === 255 && NOT_CONNECTED.test(r.stderr);
    if (!notConnected) return r;
    if (deadline - Date.now() < 500) {
      const why = `ssh to lab host ${host.name} (${host.address}) did not connect within ${timeoutMs / 1000} s (${attempt} attempts)`;
      return { ...r, stderr: `${r.stderr.trim()}\n${why}` };
    }
    connectSeconds = Math.min(connectSeconds * 2, 60);
    await new Promise((res) => setTimeout(res, 250));
  }
}

/** Milliseconds for `ssh host true`, or undefined when it does not answer. */
export async function sshRoundTrip(state: LabState, host: LabHost, timeoutMs = 10_000): Promise<number | undefined> {
  const t = Date.now();
  const r = await sshLabHost(state, host, 'true', timeoutMs);
  return r.code === 0 ? Date.now() - t : undefined;
}

/** Wait (bounded) until a lab host runs a command over SSH. */
export async function waitForSsh(state: LabState, host: LabHost, timeoutMs: number): Promise<void> {
  const r = await sshLabHost(state, host, 'true', timeoutMs);
  if (r.code !== 0) throw new Error(`lab host ${host.name} (${host.address}) did not answer SSH within ${timeoutMs / 1000} s: ${r.stderr.trim()}`);
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
