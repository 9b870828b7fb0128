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
  /**
   * The command may take the connection down (a reboot): it runs on an exec channel of its own,
   * so losing the link shows as HostUnreachableError, never as a dead host shell's exit 255.
   */
  endsConnection?: boolean;
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

/**
 * How to reach a host: the inventory and the command line, resolved through the user's OpenSSH
 * config (engine/connection-specs.ts) into what the connection needs.
 */
export interface ConnectionSpec {
  hostName: string;
  kind: 'ssh' | 'local';
  address: string;
  port: number;
  user?: string;
  /** The key the inventory or command line names: an unreadable one is an error. */
  privateKeyPath?: string;
  /** Further keys to try when readable (IdentityFile); OpenSSH's default files when undefined. */
  identityFiles?: string[];
  /** Offer only the key files, not the agent's other keys (IdentitiesOnly). */
  identitiesOnly?: boolean;
  /** The agent's socket (IdentityAgent): $SSH_AUTH_SOCK when undefined, "none" for no agent. */
  identityAgent?: string;
  password?: string;
  /** Verify the host key against known_hosts (default true). */
  hostKeyChecking: boolean;
  /** StrictHostKeyChecking accept-new: an unknown host's key is accepted and recorded. */
  acceptNewHostKeys?: boolean;
  /** known_hosts files, in order; a newly accepted key goes to the first (~/.ssh/known_hosts when undefined). */
  knownHostsPaths?: string[];
  /** The name to look the host key up under (HostKeyAlias), instead of address and port. */
  hostKeyAlias?: string;
  connectTimeoutMs: number;
  /** The jump host this host is reached through (ProxyJump), itself possibly behind another. */
  via?: ConnectionSpec;
  /** OpenSSH's ServerAliveInterval/ServerAliveCountMax: how soon a dead link is noticed. */
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
}
