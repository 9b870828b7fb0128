// One interface for every way of reaching a host (pyinfra's connectors). The engine and the
// modules only ever see this; ssh.ts and local.ts implement it.

export interface BecomeOptions {
  /** Target user, 'root' unless --become-user. */
  user: string;
  /** sudo password (-K); fed on stdin, never put on a command line or logged. */
  password?: string;
}

export interface ExecOptions {
  /** Bytes fed to the command's standard input (file contents travel this way). */
  stdin?: string | Buffer;
  /** Working directory; the command fails if it does not exist. */
  cwd?: string;
  /** Kill the command (remote process too) after this long. */
  timeoutMs?: number;
  /** Run as another user through sudo. */
  become?: BecomeOptions;
  /** Extra environment variables for the command. */
  env?: Record<string, string>;
  /**
   * The command only reads (a fact): it changes nothing and leaves no process behind, so it may
   * share the host's long-lived shell with other reads instead of a channel of its own.
   */
  readOnly?: boolean;
}

export interface ExecResult {
  /** Untrimmed standard output. */
  stdout: string;
  /** Untrimmed standard error. */
  stderr: string;
  exitCode: number;
  durationMs: number;
}

export interface Connection {
  /** The inventory name of the host. */
  readonly hostName: string;
  /** Open (once); throws HostUnreachableError when the host cannot be reached or verified. */
  open(): Promise<void>;
  /**
   * Run a command line with /bin/sh -c on the target. Resolves with any exit code; rejects with
   * HostUnreachableError if the link dies and CommandTimeoutError on timeout.
   */
  exec(command: string, options?: ExecOptions): Promise<ExecResult>;
  close(): Promise<void>;
}

/** How to reach a host: what the inventory and the command line say. */
export interface ConnectionSpec {
  hostName: string;
  kind: 'ssh' | 'local';
  address: string;
  port: number;
  user?: string;
  privateKeyPath?: string;
  password?: string;
  /** Verify the host key against known_hosts (default true). */
  hostKeyChecking: boolean;
  knownHostsPath?: string;
  connectTimeoutMs: number;
  /** `-J user@host:port` style jump host, if any. */
  jumpHost?: string;
  /** OpenSSH's ServerAliveInterval/ServerAliveCountMax: how soon a dead link is noticed. */
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
}
