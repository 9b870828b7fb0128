// The SSH connection (ssh2 used directly, for its sockets, channels, auth handler and error
// events; see the README): one connection per host, opened once, commands multiplexed on it (at most 8
// channels at once, below OpenSSH's MaxSessions of 10), host keys verified against known_hosts
// like OpenSSH, keepalives, per-command timeouts that kill the remote process, and no crash on a
// late 'error' event: a dead link makes every pending and later command fail with
// HostUnreachableError. Commands go to one long-lived shell per host (host-shell.ts) while it
// is idle: no channel and no sshd session per command. That shell is a ninth channel, still
// below MaxSessions. Commands with a timeout or a sudo password, and what finds the shell busy,
// get exec channels of their own.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import ssh2 from 'ssh2';
import type { AnyAuthMethod, Client, ClientChannel, ConnectConfig, KeyboardInteractiveCallback, ParsedKey, Prompt } from 'ssh2';
import { CommandTimeoutError, HostUnreachableError } from '../errors.js';
import { quote } from '../util/shell.js';
import { keyTypeOf, knownHostsName, preferredHostKeyAlgorithms, readKnownHosts, verifyHostKey, type HostKeyVerdict } from './known-hosts.js';
import { signalNumber } from './local.js';
import { Limit } from '../util/limit.js';
import { HostShell } from './host-shell.js';
import type { BecomeOptions, Connection, ConnectionSpec, ExecOptions, ExecResult } from './types.js';
import { StdinFeeder, withSudoHint, wrapCommand } from './wrap-command.js';

export interface SshOptions {
  /** Asked once per passphrase-protected private key. */
  askPassphrase?: (keyPath: string) => Promise<string>;
  /** Channels at once on one connection (default 8). */
  maxChannels?: number;
  /** Keepalive probe interval (default 15 s) and unanswered probes before the link is dead (default 3). */
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  /** Run commands on one long-lived shell per host (default true). */
  hostShell?: boolean;
}

const PID_MARK = 'lvsplay-remote-pid:';
/** Larger stdin (a big file's content) streams on an exec channel rather than through the host shell's script. */
const MAX_SHELL_STDIN = 1024 * 1024;
const PID_LINE = new RegExp(`^${PID_MARK}(\\d+)\\n`);

/**
 * LVSPLAY_TRACE_EXEC=1: one stderr line per command (ms since start, host, host shell or exec
 * channel, ms waited, ms run, the command), to count and time round trips.
 */
const TRACE = Boolean(process.env.LVSPLAY_TRACE_EXEC);

function traceExec(host: string, via: 'shell' | 'exec', waitedMs: number, ranMs: number, command: string): void {
  const at = Math.round(performance.now());
  process.stderr.write(`lvsplay-exec t=${at} ${host} ${via} wait=${waitedMs} run=${ranMs} ${command.replace(/\s+/g, ' ').slice(0, 160)}\n`);
}

/**
 * SSH handshakes in flight at once, over all hosts of the process. A handshake is mostly CPU
 * (key exchange on both ends): 500 started together on a 2-core machine all crawled, and every
 * one of them passed the 10 s connect timeout (measured on the lab's 500 hosts). In waves, each
 * one's timeout counts from its own start, as OpenSSH's ConnectTimeout does for each ssh.
 */
const HANDSHAKES = new Limit(32);

/** OpenSSH reads ~/.ssh from the passwd entry, not $HOME; so does lvsplay. */
export function sshHome(): string {
  return userInfo().homedir;
}

/** The keys OpenSSH tries when none is given. */
export function defaultKeyPaths(): string[] {
  return ['id_rsa', 'id_ecdsa', 'id_ecdsa_sk', 'id_ed25519', 'id_ed25519_sk', 'id_xmss', 'id_dsa']
    .map((n) => join(sshHome(), '.ssh', n))
    .filter((p) => existsSync(p));
}

/** The known_hosts files of a spec: ~/.ssh/known_hosts unless it names others. */
function knownHostsPathsOf(spec: ConnectionSpec): string[] {
  return spec.knownHostsPaths && spec.knownHostsPaths.length > 0 ? spec.knownHostsPaths : [join(sshHome(), '.ssh', 'known_hosts')];
}

export class SshConnection implements Connection {
  readonly hostName: string;
  private opening?: Promise<void>;
  private client?: Client;
  /** Connections to the jump hosts (ProxyJump), the first hop first. */
  private readonly hops: Client[] = [];
  private dead?: HostUnreachableError;
  private readonly pending = new Set<(err: Error) => void>();
  private hostShell?: Promise<HostShell | undefined>;
  private hostShellReopens = 0;
  /** The host shell could not make a folder for isolated output: changes use exec channels. */
  private shellCannotIsolate = false;
  private readonly channels: Limit;

  constructor(
    private readonly spec: ConnectionSpec,
    private readonly options: SshOptions = {},
  ) {
    this.hostName = spec.hostName;
    this.channels = new Limit(options.maxChannels ?? 8);
  }

  private unreachable(message: string): HostUnreachableError {
    return new HostUnreachableError(this.hostName, message);
  }

  open(): Promise<void> {
    this.opening ??= this.connect();
    return this.opening;
  }

  private async connect(): Promise<void> {
    const spec = this.spec;
    const client = await this.dial(spec, '').catch((err: unknown) => {
      for (const hop of this.hops) hop.end();
      throw err;
    });
    const where = `${userOf(spec)}@${spec.address}:${spec.port}`;
    client.on('error', (err: Error) => this.markDead(`lost the connection to ${where}: ${err.message}`));
    client.on('close', () => this.markDead(`lost the connection to ${where}: closed`));
    this.client = client;
    if (this.dead) {
      // close() was called while the connection was being opened
      client.end();
      throw this.dead;
    }
  }

  /** A logged-in client for `spec`, reached through its jump hosts first (ProxyJump). */
  private async dial(spec: ConnectionSpec, prefix: string): Promise<Client> {
    let sock: NodeJS.ReadableStream | undefined;
    if (spec.via) {
      const via = spec.via;
      const name = `jump host ${userOf(via)}@${via.address}:${via.port}`;
      const jump = await this.dial(via, `${name}: `);
      this.hops.push(jump);
      jump.on('error', (err: Error) => this.markDead(`${name}: ${err.message}`));
      jump.on('close', () => this.markDead(`${name} closed the connection`));
      sock = await new Promise<NodeJS.ReadableStream>((resolve, reject) => {
        jump.forwardOut('127.0.0.1', 0, spec.address, spec.port, (err, stream) => {
          if (err) reject(this.unreachable(`${name} cannot reach ${spec.address}:${spec.port}: ${err.message}`));
          else resolve(stream);
        });
      });
    }
    const auth = await this.authMethods(spec);
    return HANDSHAKES.run(() => this.handshake(spec, auth, sock, prefix));
  }

  /** Connect and authenticate one SSH client; host key checked before any command can run. */
  private handshake(to: ConnectionSpec, auth: AnyAuthMethod[], sock: NodeJS.ReadableStream | undefined, prefix: string): Promise<Client> {
    const knownName = to.hostKeyAlias ?? knownHostsName(to.address, to.port);
    const knownHostsPaths = knownHostsPathsOf(to);
    let verdict: HostKeyVerdict = { ok: true };
    const config: ConnectConfig = {
      host: to.address,
      port: to.port,
      username: userOf(to),
      readyTimeout: to.connectTimeoutMs,
      keepaliveInterval: to.keepaliveIntervalMs ?? this.options.keepaliveIntervalMs ?? 15_000,
      keepaliveCountMax: to.keepaliveCountMax ?? this.options.keepaliveCountMax ?? 3,
      authHandler: auth,
      ...(sock ? { sock: sock as ConnectConfig['sock'] } : {}),
    };
    if (to.hostKeyChecking) {
      const entries = knownHostsPaths.flatMap((path) => readKnownHosts(path));
      config.algorithms = { serverHostKey: preferredHostKeyAlgorithms(entries, knownName) as NonNullable<ConnectConfig['algorithms']>['serverHostKey'] };
      config.hostVerifier = (key: Buffer): boolean => {
        verdict = verifyHostKey(entries, knownName, key);
        if (!verdict.ok && verdict.reason === 'unknown' && to.acceptNewHostKeys) {
          // StrictHostKeyChecking accept-new: trust on first use, recorded where ssh records it
          rememberHostKey(knownHostsPaths[0]!, knownName, key);
          verdict = { ok: true };
        }
        return verdict.ok;
      };
    }
    const client = new ssh2.Client();
    return new Promise<Client>((resolve, reject) => {
      let done = false;
      const failed = (err: Error & { level?: string; code?: string }): void => {
        if (done) return;
        done = true;
        client.end();
        const seen = verdict;
        if (!seen.ok) return reject(this.unreachable(prefix + hostKeyMessage(seen.reason, knownName, to, knownHostsPaths[0]!)));
        reject(this.unreachable(prefix + describeConnectError(err, to, auth)));
      };
      client.on('ready', () => {
        done = true;
        resolve(client);
      });
      client.on('error', (err: Error & { level?: string }) => {
        // an unusable agent is not fatal: ssh2 goes on with the next method
        if (err.level !== 'agent') failed(err);
      });
      client.on('close', () => failed(new Error('connection closed during the handshake')));
      try {
        // Our own TCP socket: no Nagle delay behind a packet not yet acknowledged (request and
        // answer are small packets), and the packets ssh2 writes in one tick go in one write.
        if (!config.sock) config.sock = coalescedSocket(to.address, to.port);
        client.connect(config);
      } catch (err) {
        failed(err as Error);
      }
    });
  }

  /**
   * Like OpenSSH: the key files (the one named by the inventory first, then IdentityFile or the
   * default files), the agent, then the password. An encrypted key whose public half the agent
   * holds is left to the agent; any other asks for its passphrase (once, before connecting).
   */
  private async authMethods(spec: ConnectionSpec): Promise<AnyAuthMethod[]> {
    const username = userOf(spec);
    const keyMethods: AnyAuthMethod[] = [];
    const socket = spec.identityAgent === 'none' ? undefined : (spec.identityAgent ?? process.env.SSH_AUTH_SOCK);
    const agentKeys = socket ? await agentPublicKeys(socket) : [];
    let leftToAgent = false;
    const files: Array<[string, boolean]> = [
      ...(spec.privateKeyPath !== undefined ? [[spec.privateKeyPath, true] as [string, boolean]] : []),
      ...(spec.identityFiles ?? (spec.privateKeyPath === undefined ? defaultKeyPaths() : [])).map((p) => [p, false] as [string, boolean]),
    ];
    for (const [path, explicit] of files) {
      const key = await this.loadKey(path, explicit, agentKeys);
      if (key === 'agent') leftToAgent = true;
      else if (key) keyMethods.push({ type: 'publickey', username, key });
    }
    const methods = [...keyMethods];
    // IdentitiesOnly: the agent only for a key file it holds (OpenSSH offers no other agent key)
    if (socket && (!spec.identitiesOnly || leftToAgent)) methods.push({ type: 'agent', username, agent: socket });
    if (spec.password !== undefined) {
      const password = spec.password;
      methods.push({ type: 'password', username, password });
      // PAM-backed sshd often offers passwords only as keyboard-interactive
      const answer = (_n: string, _i: string, _l: string, prompts: Prompt[], finish: KeyboardInteractiveCallback): void => finish(prompts.map(() => password));
      methods.push({ type: 'keyboard-interactive', username, prompt: answer });
    }
    return methods;
  }

  /**
   * A parsed private key, 'agent' when the agent holds an encrypted one, or undefined for a
   * default or IdentityFile key that cannot be used (skipped, as ssh skips it).
   */
  private async loadKey(path: string, explicit: boolean, agentKeys: Buffer[]): Promise<ParsedKey | 'agent' | undefined> {
    let data: Buffer;
    try {
      data = readFileSync(path);
    } catch (err) {
      if (!explicit) return undefined;
      throw this.unreachable(`cannot read private key ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    let key = firstKey(ssh2.utils.parseKey(data));
    if (key instanceof Error && /passphrase/i.test(key.message)) {
      if (agentHolds(agentKeys, path)) return 'agent';
      if (!this.options.askPassphrase) {
        if (!explicit) return undefined;
        throw this.unreachable(`private key ${path} is encrypted, no agent holds it, and no passphrase can be asked for`);
      }
      const passphrase = await this.options.askPassphrase(path);
      key = firstKey(ssh2.utils.parseKey(data, passphrase));
      if (key instanceof Error) throw this.unreachable(`cannot decrypt private key ${path}: wrong passphrase?`);
    }
    if (key instanceof Error) {
      if (!explicit) return undefined;
      throw this.unreachable(`cannot use private key ${path}: ${key.message}`);
    }
    return key;
  }

  private markDead(reason: string): void {
    if (this.dead) return;
    this.dead = this.unreachable(reason);
    for (const fail of [...this.pending]) fail(this.dead);
    this.pending.clear();
    this.client?.end();
    for (const hop of this.hops) hop.end();
  }

  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    await this.open();
    const asked = Date.now();
    const viaShell = await this.execOnShell(command, options);
    if (viaShell) {
      if (TRACE) traceExec(this.hostName, 'shell', Date.now() - asked - viaShell.durationMs, viaShell.durationMs, command);
      return viaShell;
    }
    let started = asked;
    const result = await this.channels.run(() => {
      started = Date.now();
      return this.execOnChannel(command, options);
    });
    if (TRACE) traceExec(this.hostName, 'exec', started - asked, result.durationMs, command);
    return result;
  }

  /**
   * A command without a timeout or a sudo password runs on the host's long-lived shell when that
   * is idle: a read as it is, anything else isolated (its own output files, its stdin in the
   * script). undefined means: use an exec channel.
   */
  private async execOnShell(command: string, options: ExecOptions): Promise<ExecResult | undefined> {
    if (options.timeoutMs !== undefined || options.become?.password !== undefined || options.endsConnection || this.options.hostShell === false)
      return undefined;
    const wrapped = wrapCommand(command, options);
    const isolated = !options.readOnly || wrapped.stdin !== undefined;
    if (isolated && (this.shellCannotIsolate || (wrapped.stdin?.length ?? 0) > MAX_SHELL_STDIN)) return undefined;
    this.hostShell ??= this.openHostShell();
    let shell = await this.hostShell;
    if (shell?.dead && this.hostShellReopens < 3) {
      // a command killed its shell (`kill $$`): open another one, a few times at most
      this.hostShellReopens++;
      this.hostShell = this.openHostShell();
      shell = await this.hostShell;
    }
    if (!shell || shell.dead || shell.busy) return undefined;
    const started = Date.now();
    try {
      const result = await shell.run(wrapped.command, isolated ? { isolated, ...(wrapped.stdin ? { stdin: wrapped.stdin } : {}) } : { isolated });
      if (!result.noFolder) return options.become ? { ...result, stderr: withSudoHint(result.stderr) } : result;
      this.shellCannotIsolate = true;
      return undefined;
    } catch (err) {
      if (this.dead) throw this.dead;
      // a read changes nothing: an exec channel runs it again; anything else is never run twice
      if (!isolated) return undefined;
      return {
        stdout: '',
        stderr: `lvsplay: the host's shell ended under the command: ${(err as Error).message}\n`,
        exitCode: 255,
        durationMs: Date.now() - started,
      };
    }
  }

  /** The host shell's channel; undefined (exec channels only) when the server refuses it. */
  private openHostShell(): Promise<HostShell | undefined> {
    const client = this.client;
    if (!client || this.dead) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      try {
        client.exec('exec /bin/sh', (err, stream) => resolve(err ? undefined : new HostShell(stream)));
      } catch {
        resolve(undefined);
      }
    });
  }

  private execOnChannel(command: string, options: ExecOptions): Promise<ExecResult> {
    if (this.dead) return Promise.reject(this.dead);
    const client = this.client;
    if (!client) return Promise.reject(this.unreachable('not connected'));
    const wrapped = wrapCommand(command, options);
    const timeoutMs = options.timeoutMs;
    // With a timeout, the remote shell first tells its PID (sshd makes it a session and process
    // group leader), so the whole group can be killed later: OpenSSH ignores signal requests on
    // channels without a pty, and closing the channel does not stop the command.
    const remote = timeoutMs !== undefined ? `echo ${PID_MARK}$$ >&2; exec /bin/sh -c ${quote(wrapped.command)}` : wrapped.command;
    const started = Date.now();
    return new Promise<ExecResult>((resolve, reject) => {
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      const finish = (): boolean => {
        if (settled) return false;
        settled = true;
        this.pending.delete(fail);
        if (timer) clearTimeout(timer);
        return true;
      };
      const fail = (err: Error): void => {
        if (finish()) reject(err);
      };
      this.pending.add(fail);
      // The channel is handled synchronously in ssh2's callback: a quick command's exit status
      // can arrive in the same packet batch, and a listener added a microtask later misses it.
      this.openChannel(client, remote, fail, (stream) => {
        if (settled) return stream.close();
        const out: Buffer[] = [];
        const errChunks: Buffer[] = [];
        let remotePid: number | undefined;
        let killWhenPidKnown = false;
        let exit: { code: number | null; signal?: string } | undefined;
        const feeder = new StdinFeeder(wrapped, stream);
        stream.on('data', (d: Buffer) => out.push(d));
        stream.stderr.on('data', (d: Buffer) => {
          errChunks.push(d);
          feeder.onStderr(d);
          if (timeoutMs !== undefined && remotePid === undefined) {
            const m = PID_LINE.exec(Buffer.concat(errChunks).toString('utf8'));
            if (m) remotePid = Number(m[1]);
            if (remotePid !== undefined && killWhenPidKnown) this.killRemote(remotePid, options.become, stream);
          }
        });
        stream.on('error', (e: Error) => fail(this.dead ?? this.unreachable(`channel error: ${e.message}`)));
        stream.on('exit', (code: number | null, signal?: string) => (exit = { code, ...(signal ? { signal } : {}) }));
        if (timeoutMs !== undefined) {
          timer = setTimeout(() => {
            fail(new CommandTimeoutError(this.hostName, command, timeoutMs));
            if (remotePid !== undefined) this.killRemote(remotePid, options.become, stream);
            else {
              killWhenPidKnown = true;
              setTimeout(() => stream.close(), 5_000).unref();
            }
          }, timeoutMs);
        }
        stream.on('close', () => {
          if (settled) return;
          if (!exit) {
            // no exit status: the link went down under the channel; let the client's own
            // close/error event name the reason if it comes right after
            setTimeout(() => fail(this.dead ?? this.unreachable('the channel closed without an exit status')), 20);
            return;
          }
          const e = exit;
          if (!finish()) return;
          let stderr = Buffer.concat(errChunks).toString('utf8');
          if (timeoutMs !== undefined) stderr = stderr.replace(PID_LINE, '');
          resolve({
            stdout: Buffer.concat(out).toString('utf8'),
            stderr: feeder.cleanStderr(stderr),
            exitCode: e.code ?? 128 + signalNumber(e.signal),
            durationMs: Date.now() - started,
          });
        });
      });
    });
  }

  /**
   * An exec channel. sshd frees a session slot a little after the client saw the channel close
   * (seen with a command that exits without reading a large stdin), so a refused channel is
   * retried with backoff for about 2 s before the host is called unreachable.
   */
  private openChannel(client: Client, remote: string, reject: (err: Error) => void, use: (stream: ClientChannel) => void): void {
    const attempt = (n: number): void => {
      if (this.dead) return reject(this.dead);
      try {
        client.exec(remote, (err, stream) => {
          if (err) {
            if (this.dead || n >= 7) return reject(this.dead ?? this.unreachable(`cannot open a channel: ${err.message}`));
            return void setTimeout(() => attempt(n + 1), 15 * 2 ** n);
          }
          try {
            use(stream);
          } catch (e) {
            stream.close();
            reject(e as Error);
          }
        });
      } catch (err) {
        // ssh2 throws synchronously when the socket is already gone
        reject(this.dead ?? this.unreachable(`cannot open a channel: ${(err as Error).message}`));
      }
    };
    attempt(0);
  }

  /** Stop a timed-out command: signal and close its channel, then kill its process group. */
  private killRemote(pid: number, become: BecomeOptions | undefined, stream: ClientChannel): void {
    try {
      stream.signal('KILL'); // honoured by some servers; OpenSSH ignores it without a pty
    } catch {
      // channel already closing
    }
    stream.close();
    // `kill -SIG -PGID`: dash's kill takes neither `--` nor `-s SIG -PGID`
    const script = `kill -TERM -${pid} 2>/dev/null || kill -TERM ${pid} 2>/dev/null; sleep 1; kill -0 -${pid} 2>/dev/null && kill -KILL -${pid} 2>/dev/null; true`;
    // The login user can signal its shell and sudo (which passes TERM on); the become user can
    // kill what sudo started. Failures are ignored: the command may be gone already.
    void this.exec(script).catch(() => undefined);
    if (become) void this.exec(script, { become }).catch(() => undefined);
  }

  async close(): Promise<void> {
    if (!this.dead) this.markDead('connection closed by lvsplay');
    else {
      this.client?.end();
      for (const hop of this.hops) hop.end();
    }
  }
}

/**
 * A connecting TCP socket with TCP_NODELAY whose writes made in the same tick are corked into
 * one: each SSH packet would otherwise be a system call and a TCP segment of its own.
 */
export function coalescedSocket(host: string, port: number): Socket {
  const socket = new Socket();
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  let corked = false;
  socket.write = (...args: unknown[]): boolean => {
    if (!corked) {
      corked = true;
      socket.cork();
      process.nextTick(() => {
        corked = false;
        socket.uncork();
      });
    }
    return write(...args);
  };
  socket.connect({ host, port });
  socket.setNoDelay(true);
  return socket;
}

function firstKey(parsed: ParsedKey | ParsedKey[] | Error): ParsedKey | Error {
  return Array.isArray(parsed) ? (parsed[0] ?? new Error('no key in file')) : parsed;
}

/** The login user: the spec's, else the local user (as ssh without User). */
function userOf(spec: ConnectionSpec): string {
  return spec.user ?? userInfo().username;
}

/** The public keys the agent at `socket` holds (SSH wire format); none when it cannot be asked. */
function agentPublicKeys(socket: string): Promise<Buffer[]> {
  return new Promise((resolve) => {
    try {
      new ssh2.OpenSSHAgent(socket).getIdentities((err, keys) =>
        resolve(err || !keys ? [] : keys.flatMap((k) => ('getPublicSSH' in k ? [k.getPublicSSH()] : []))),
      );
    } catch {
      resolve([]);
    }
  });
}

/** Whether the agent holds the key whose public half is in `path`.pub (how ssh pairs them too). */
function agentHolds(agentKeys: Buffer[], path: string): boolean {
  if (agentKeys.length === 0) return false;
  let pub: ParsedKey | Error;
  try {
    pub = firstKey(ssh2.utils.parseKey(readFileSync(`${path}.pub`)));
  } catch {
    return false;
  }
  if (pub instanceof Error) return false;
  const wanted = pub.getPublicSSH();
  return agentKeys.some((k) => k.equals(wanted));
}

/** Record an accepted host key as ssh does: one `name type key` line at the end of the file. */
function rememberHostKey(path: string, name: string, key: Buffer): void {
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    appendFileSync(path, `${name} ${keyTypeOf(key)} ${key.toString('base64')}\n`, { mode: 0o600 });
  } catch {
    // ssh goes on when it cannot write the file; so does lvsplay (the key was accepted)
  }
}

function hostKeyMessage(reason: 'unknown' | 'changed' | 'revoked', name: string, to: ConnectionSpec, knownHosts: string): string {
  switch (reason) {
    case 'unknown':
      return `host key for ${name} not found in ${knownHosts}; nothing was run (set host_key_checking=false, or add it with: ssh-keyscan -p ${to.port} ${to.address} >> ${knownHosts})`;
    case 'changed':
      return `host key for ${name} HAS CHANGED (possible man-in-the-middle attack, MITM); nothing was run (if the change is expected, remove the old key with: ssh-keygen -R '${name}' -f ${knownHosts})`;
    case 'revoked':
      return `host key for ${name} is marked @revoked in ${knownHosts}; nothing was run`;
  }
}

function describeConnectError(err: Error & { level?: string; code?: string }, to: ConnectionSpec, auth: AnyAuthMethod[]): string {
  const target = `${userOf(to)}@${to.address}:${to.port}`;
  const timeoutMs = to.connectTimeoutMs;
  if (err.level === 'client-authentication') {
    const tried = [...new Set(auth.map((a) => (a.type === 'keyboard-interactive' ? 'password' : a.type === 'publickey' ? 'key' : a.type)))];
    return `authentication failed for ${target} (tried: ${tried.join(', ') || 'nothing: no key, agent or password'})`;
  }
  if (err.code === 'ECONNREFUSED') return `connection refused by ${target}`;
  if (err.code === 'EHOSTUNREACH' || err.code === 'ENETUNREACH') return `no route to ${target}`;
  if (err.level === 'client-timeout' || /Timed out/i.test(err.message)) return `timed out connecting to ${target} after ${timeoutMs} ms`;
  return `cannot connect to ${target}: ${err.message}`;
}
