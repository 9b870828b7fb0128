// A private OpenSSH server on 127.0.0.1 for the connection tests: its own host key, client key,
// known_hosts and test accounts with /bin/sh as their shell (no slow login rc files).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signalTree } from '../../helpers/process-tree.js';

export const SSHD = '/usr/sbin/sshd';

/** Accounts: plain (no sudo), sudo without a password, sudo with a password. */
export const USERS = { plain: 'lvsplaytest', nopw: 'lvsplaytestsu', pw: 'lvsplaytestpw' } as const;
export const SUDO_PASSWORD = 'S3cret-becöme-pw';
const SUDOERS = '/etc/sudoers.d/lvsplay-connection-test';

export function canRunSshd(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (creates users and runs sshd)';
  if (!existsSync(SSHD)) return `${SSHD} is missing (apt-get install openssh-server)`;
  if (!existsSync('/usr/bin/sudo')) return 'sudo is missing';
  return undefined;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function userExists(name: string): boolean {
  try {
    execFileSync('id', [name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Idempotent: creates the three accounts and their sudoers rules. */
export function ensureUsers(): void {
  for (const name of Object.values(USERS)) {
    if (!userExists(name)) execFileSync('useradd', ['-m', '-s', '/bin/sh', name]);
  }
  // '*' is "no password" without being "locked" (sshd refuses keys for locked accounts).
  execFileSync('usermod', ['-p', '*', USERS.plain]);
  execFileSync('usermod', ['-p', '*', USERS.nopw]);
  execFileSync('chpasswd', { input: `${USERS.pw}:${SUDO_PASSWORD}\n` });
  writeFileSync(SUDOERS, `${USERS.nopw} ALL=(ALL) NOPASSWD: ALL\n${USERS.pw} ALL=(ALL) ALL\n`, { mode: 0o440 });
  execFileSync('visudo', ['-c', '-q', '-f', SUDOERS]);
}

export function removeUsers(): void {
  rmSync(SUDOERS, { force: true });
  for (const name of Object.values(USERS)) {
    if (userExists(name)) execFileSync('userdel', ['-r', '-f', name], { stdio: 'ignore' });
  }
}

export interface TestSshd {
  dir: string;
  port: number;
  clientKey: string;
  knownHosts: string;
  hostKeyPub: string;
  pid: number;
  stop(): Promise<void>;
  /** Kills the listener and every session process at once, like a host dying. */
  kill(): void;
}

/**
 * The private sshd of a describe block, with its test users: started by the block's before hook
 * (the block is skipped, saying why, where sshd cannot run here) and stopped, its folder and
 * users removed, by its after hook. `onStart` receives it once it listens.
 */
export function withPrivateSshd(what: string, onStart: (sshd: TestSshd) => void): void {
  let sshd: TestSshd | undefined;
  before(async function () {
    const why = canRunSshd();
    if (why) {
      console.log(`      skipping ${what}: ${why}`);
      this.skip();
    }
    ensureUsers();
    sshd = await startSshd();
    onStart(sshd);
  });
  after(async () => {
    if (!sshd) return;
    await sshd.stop();
    rmSync(sshd.dir, { recursive: true, force: true });
    removeUsers();
  });
}

export function makeKey(path: string, passphrase = ''): void {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', 'lvsplay-test', '-f', path]);
}

export async function startSshd(dirIn?: string): Promise<TestSshd> {
  const dir = dirIn ?? mkdtempSync(join(tmpdir(), 'lvsplay-sshd-'));
  chmodSync(dir, 0o755); // the accounts read authorized_keys from here
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 }); // sshd's privilege separation directory
  const hostKey = join(dir, 'host_ed25519');
  const clientKey = join(dir, 'client_ed25519');
  if (!existsSync(hostKey)) makeKey(hostKey);
  if (!existsSync(clientKey)) makeKey(clientKey);
  const authorized = join(dir, 'authorized_keys');
  writeFileSync(authorized, readFileSync(`${clientKey}.pub`), { mode: 0o644 });
  const port = await freePort();
  const config = join(dir, `sshd_config_${port}`);
  writeFileSync(
    config,
    [
      `ListenAddress 127.0.0.1`,
      `Port ${port}`,
      `HostKey ${hostKey}`,
      `AuthorizedKeysFile ${authorized}`,
      `PidFile ${join(dir, `sshd_${port}.pid`)}`,
      'UsePAM no',
      'StrictModes no',
      'PasswordAuthentication yes',
      'PermitRootLogin no',
      'MaxSessions 10',
      'MaxStartups 50',
      // LVSPLAY_SSHD_LOG='LogLevel DEBUG1' shows what sshd does (on stderr)
      process.env.LVSPLAY_SSHD_LOG ?? 'LogLevel ERROR',
      '',
    ].join('\n'),
  );
  const hostKeyPub = readFileSync(`${hostKey}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
  const knownHosts = join(dir, 'known_hosts');
  // several servers may share a folder (and host key): one line per port
  writeFileSync(knownHosts, `[127.0.0.1]:${port} ${hostKeyPub}\n`, { flag: 'a' });
  const child: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (d: Buffer) => {
    log += d.toString();
    if (process.env.LVSPLAY_SSHD_LOG) process.stderr.write(d);
  });
  await waitForPort(port, child, () => log);
  const pid = child.pid!;
  const kill = (): void => signalTree(pid, 'SIGKILL');
  return {
    dir,
    port,
    clientKey,
    knownHosts,
    hostKeyPub,
    kill,
    pid,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      kill();
      await exited;
    },
  };
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const { connect } = await import('node:net');
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`sshd exited: ${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`sshd did not listen on ${port}: ${log()}`);
}
