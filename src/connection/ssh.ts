// The SSH connection (node-ssh on ssh2): one connection per host, opened once, commands
// multiplexed on it (at most 8 channels at once, below OpenSSH's MaxSessions of 10), host keys
// verified against known_hosts like OpenSSH, keepalives, per-command timeouts that kill the
// remote process, and no crash on a late 'error' event: a dead link makes every pending and
// later command fail with HostUnreachableError.
import { existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { NodeSSH, type Config } from 'node-ssh';
import type { Client, ClientChannel } from 'ssh2';
import { CommandTimeoutError, HostUnreachableError } from '../errors.js';
import type { Connection, ConnectionSpec, ExecOptions, ExecResult } from './types.js';
import { wrapCommand } from './wrap-command.js';
import { knownHostsName, readKnownHosts, verifyHostKey, type HostKeyVerdict } from './known-hosts.js';
import { Semaphore } from './semaphore.js';
import { quote } from '../util/shell.js';

export interface SshOptions {
  /** Asked once for a passphrase-protected private key. */
  askPassphrase?: (keyPath: string) => Promise<string>;
  /** Channels at once on one connection (default 8). */
  maxChannels?: number;
}

const PID_MARK = '@@lvsplay-pid:';

/** OpenSSH reads ~/.ssh from the passwd entry, not $HOME; so does lvsplay. */
export function sshHome(): string {
  return userInfo().homedir;
}

function defaultKeyPath(): string | undefined {
  for (const name of ['id_ed25519', 'id_ecdsa', 'id_rsa']) {
    const p = join(sshHome(), '.ssh', name);
    if (existsSync(p)) return p;
  }
  return undefined;
}

export class SshConnection implements Connection {
  readonly hostName: string;
  private ssh?: NodeSSH;
  private client?: Client;
  private jump?: NodeSSH;
  private dead?: HostUnreachableError;
  private readonly pending = new Set<(err: Error) => void>();
  private readonly channels: Semaphore;

  constructor(
    private readonly spec: ConnectionSpec,
    private readonly options: SshOptions = {},
  ) {
    this.hostName = spec.hostName;
    this.channels = new Semaphore(options.maxChannels ?? 8);
  }

  private unreachable(message: string): HostUnreachableError {
    return new HostUnreachableError(this.hostName, message);
  }

  async open(): Promise<void> {
    if (this.client) return;
    const spec = this.spec;
    const user = spec.user ?? userInfo().username;
    const keyPath = spec.privateKeyPath ?? (spec.password === undefined ? defaultKeyPath() : undefined);
    let verdict: HostKeyVerdict = { ok: true };
    const knownHosts = spec.knownHostsPath ?? join(sshHome(), '.ssh', 'known_hosts');
    const config: Config = {
      host: spec.address,
      port: spec.port,
      username: user,
      readyTimeout: spec.connectTimeoutMs,
      keepaliveInterval: 15_000,
      keepaliveCountMax: 3,
    };
    if (spec.hostKeyChecking) {
      const entries = readKnownHosts(knownHosts);
      const name = knownHostsName(spec.address, spec.port);
      config.hostVerifier = ((key: Buffer) => {
        verdict = verifyHostKey(entries, name, key);
        return verdict.ok;
      }) as Config['hostVerifier'];
    }
    if (keyPath) {
      let key: Buffer;
      try {
        key = readFileSync(keyPath);
      } catch (err) {
        throw this.unreachable(`cannot read private key ${keyPath}: ${(err as NodeJS.ErrnoException).code}`);
      }
      config.privateKey = key.toString('utf8');
      if (/ENCRYPTED|bcrypt/.test(config.privateKey) && this.options.askPassphrase && isEncryptedKey(config.privateKey)) {
        config.passphrase = await this.options.askPassphrase(keyPath);
      }
    }
    if (spec.password !== undefined) config.password = spec.password;
    if (process.env.SSH_AUTH_SOCK) config.agent = process.env.SSH_AUTH_SOCK;
    if (spec.jumpHost) config.sock = await this.openJump(spec.jumpHost, config);

    const ssh = new NodeSSH();
    try {
      await ssh.connect(config);
    } catch (err) {
      await this.jump?.dispose();
      const seen = verdict as HostKeyVerdict;
      if (!seen.ok) throw this.unreachable(hostKeyMessage(seen.reason, spec.address, spec.port, knownHosts));
      throw this.unreachable(describeConnectError(err as Error & { level?: string; code?: string }, spec));
    }
    const client = ssh.connection!;
    // node-ssh drops its error listener once connected; without ours a late error would crash.
    client.on('error', (err: Error) => this.markDead(`connection error: ${err.message}`));
    client.on('close', () => this.markDead('connection closed'));
    this.ssh = ssh;
    this.client = client;
  }

  private async openJump(jump: string, target: Config): Promise<NonNullable<Config['sock']>> {
    const m = /^(?:([^@]+)@)?([^:]+)(?::(\d+))?$/.exec(jump);
    if (!m) throw this.unreachable(`cannot parse jump host '${jump}'`);
    const jumpSsh = new NodeSSH();
    const jumpConfig: Config = { ...target, host: m[2]!, port: m[3] ? Number(m[3]) : 22, username: m[1] ?? target.username };
    delete jumpConfig.sock;
    try {
      await jumpSsh.connect(jumpConfig);
    } catch (err) {
      throw this.unreachable(`jump host ${jump}: ${(err as Error).message}`);
    }
    this.jump = jumpSsh;
    jumpSsh.connection!.on('error', () => undefined);
    return new Promise((resolve, reject) => {
      jumpSsh.connection!.forwardOut('127.0.0.1', 0, String(target.host), Number(target.port), (err, stream) => {
        if (err) reject(this.unreachable(`jump host ${jump} cannot reach ${target.host}: ${err.message}`));
        else resolve(stream as unknown as NonNullable<Config['sock']>);
      });
    });
  }

  private markDead(reason: string): void {
    if (this.dead) return;
    this.dead = this.unreachable(reason);
    for (const fail of this.pending) fail(this.dead);
    this.pending.clear();
  }

  exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    return this.channels.run(() => this.execOnChannel(command, options));
  }

  private execOnChannel(command: string, options: ExecOptions): Promise<ExecResult> {
    if (this.dead) return Promise.reject(this.dead);
    const client = this.client;
    if (!client) return Promise.reject(this.unreachable('not connected'));
    const wrapped = wrapCommand(command, options);
    // With a timeout, learn the remote PID first so the process can really be killed
    // (OpenSSH ignores signal requests on channels without a pty).
    const remote = options.timeoutMs !== undefined ? `echo "${PID_MARK}$$" >&2; exec /bin/sh -c ${quote(wrapped.command)}` : wrapped.command;
    const started = Date.now();
    return new Promise<ExecResult>((resolve, reject) => {
      let settled = false;
      const fail = (err: Error): void => {
        if (settled) return;
        settled = true;
        this.pending.delete(fail);
        if (timer) clearTimeout(timer);
        reject(err);
      };
      this.pending.add(fail);
      let timer: NodeJS.Timeout | undefined;
      let remotePid: number | undefined;
      client.exec(remote, (err, stream: ClientChannel) => {
        if (err) return fail(this.dead ?? this.unreachable(`cannot open a channel: ${err.message}`));
        const out: Buffer[] = [];
        const errChunks: Buffer[] = [];
        stream.on('data', (d: Buffer) => out.push(d));
        stream.stderr.on('data', (d: Buffer) => errChunks.push(d));
        stream.on('error', (e: Error) => fail(this.unreachable(`channel error: ${e.message}`)));
        if (options.timeoutMs !== undefined) {
          timer = setTimeout(() => {
            const pidText = new RegExp(`${PID_MARK}(\\d+)`).exec(Buffer.concat(errChunks).toString('utf8'))?.[1];
            remotePid = pidText ? Number(pidText) : undefined;
            if (remotePid) {
              // The command runs in its own session: kill its whole process group.
              client.exec(`kill -TERM -- -${remotePid} 2>/dev/null || kill -TERM ${remotePid}; sleep 1; kill -KILL -- -${remotePid} 2>/dev/null || kill -KILL ${remotePid} 2>/dev/null; true`, (e, s) => {
                if (!e) s.on('data', () => undefined).on('close', () => undefined).stderr.on('data', () => undefined);
              });
            }
            stream.close();
            fail(new CommandTimeoutError(this.hostName, command, options.timeoutMs!));
          }, options.timeoutMs);
        }
        stream.on('close', (code: number | null, signal?: string) => {
          if (settled) return;
          settled = true;
          this.pending.delete(fail);
          if (timer) clearTimeout(timer);
          let stderr = Buffer.concat(errChunks).toString('utf8');
          if (options.timeoutMs !== undefined) stderr = stderr.replace(new RegExp(`^${PID_MARK}\\d+\\n`), '');
          if (code === null && this.dead) return reject(this.dead);
          resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr, exitCode: code ?? (signal ? 128 : -1), durationMs: Date.now() - started });
        });
        stream.end(wrapped.stdin ?? Buffer.alloc(0));
      });
    });
  }

  async close(): Promise<void> {
    this.dead ??= this.unreachable('connection closed by lvsplay');
    this.ssh?.dispose();
    await this.jump?.dispose();
  }
}

function isEncryptedKey(text: string): boolean {
  if (text.includes('ENCRYPTED')) return true;
  // OpenSSH format: the cipher name follows "openssh-key-v1\0"
  const b64 = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END/.exec(text)?.[1];
  if (!b64) return false;
  const raw = Buffer.from(b64.replace(/\s+/g, ''), 'base64');
  const cipherLen = raw.readUInt32BE(15);
  return raw.subarray(19, 19 + cipherLen).toString() !== 'none';
}

function hostKeyMessage(reason: 'unknown' | 'changed' | 'revoked', address: string, port: number, knownHosts: string): string {
  const name = knownHostsName(address, port);
  switch (reason) {
    case 'unknown':
      return `host key for ${name} not found in ${knownHosts}; nothing was run (add it with: ssh-keyscan -p ${port} ${address} >> ${knownHosts}, or set host_key_checking=false)`;
    case 'changed':
      return `HOST KEY FOR ${name} HAS CHANGED (possible man-in-the-middle attack); nothing was run (if the change is expected, remove the old key with: ssh-keygen -R '${name}' -f ${knownHosts})`;
    case 'revoked':
      return `host key for ${name} is marked @revoked in ${knownHosts}; nothing was run`;
  }
}

function describeConnectError(err: Error & { level?: string; code?: string }, spec: ConnectionSpec): string {
  const target = `${spec.user ?? userInfo().username}@${spec.address}:${spec.port}`;
  if (err.level === 'client-authentication') return `authentication failed for ${target} (tried: key, agent${spec.password !== undefined ? ', password' : ''})`;
  if (err.code === 'ECONNREFUSED') return `connection refused by ${target}`;
  if (err.code === 'EHOSTUNREACH' || err.code === 'ENETUNREACH') return `no route to ${target}`;
  if (/Timed out/i.test(err.message)) return `timed out connecting to ${target} after ${spec.connectTimeoutMs} ms`;
  return `cannot connect to ${target}: ${err.message}`;
}
