// How to reach a host for one task: the connection variables among the task's variables
// (ansible_host, ansible_connection, ansible_user, ... from inventory, play, role, block and task
// vars or set_fact, as in Ansible), then the play's `connection`/`remote_user` keywords, then
// ansible.cfg / ANSIBLE_* (remote_user, private_key_file, ssh_args); the command line
// (-u, --private-key) overrides them all. What they leave unsaid comes from the user's OpenSSH
// config, resolved as ssh resolves it for the command line Ansible would run.
// The connect timeout: ansible_ssh_timeout wins over --timeout, as in Ansible (a slow host says so
// in the inventory).
import type { ConnectionSpec } from '../connection/types.js';
import { connectionVarsOf } from './inventory/index.js';
import { renderValue } from './templating/index.js';
import { parseBoolean } from '../util/boolean.js';
import { UserInputError } from '../errors.js';
import { sshHome } from '../connection/ssh.js';
import { parseSshArgs, SshArgsError, type SshArgs, type SshDirective } from '../connection/openssh/ssh-args.js';
import { expandHome } from '../connection/openssh/config-files.js';
import { resolveOpenSsh, type OpenSshQuery, type OpenSshSettings } from '../connection/openssh/resolve.js';

export interface ConnectionOverrides {
  user?: string;
  privateKey?: string;
  connectTimeoutMs?: number;
  /** host_key_checking from ansible.cfg or LVSPLAY_/ANSIBLE_HOST_KEY_CHECKING. */
  hostKeyChecking?: boolean;
  /** ansible.cfg / ANSIBLE_*: below every variable and keyword. */
  configured?: { user?: string; privateKey?: string; sshArgs?: string };
}

/** Play keywords that say how to connect; variables win over them, as in Ansible. */
export interface ConnectionKeywords {
  connection?: string;
  remoteUser?: string;
}

export function connectionSpecFor(
  hostName: string,
  hostVars: Record<string, unknown>,
  overrides: ConnectionOverrides,
  keywords: ConnectionKeywords = {},
): ConnectionSpec {
  const rendered = (v: unknown): unknown => renderValue(v, hostVars, { context: `connection variables of ${hostName}` });
  const conn = connectionVarsOf(hostVars);
  const kind = conn.connection !== undefined ? String(rendered(conn.connection)) : keywords.connection;
  const destination = conn.address !== undefined ? String(rendered(conn.address)) : hostName;
  const connectTimeoutMs = secondsOf(conn.timeout !== undefined ? rendered(conn.timeout) : undefined) ?? overrides.connectTimeoutMs ?? 10_000;
  if (kind === 'local') return { hostName, kind: 'local', address: destination, port: 22, hostKeyChecking: true, connectTimeoutMs };
  // The ssh command line Ansible would build, in its order (first value wins in OpenSSH):
  // ssh_args, host key checking off, port, key, user, then ssh_common_args and ssh_extra_args.
  const sshArgs = argsOf(hostName, 'ssh_args (ansible.cfg)', overrides.configured?.sshArgs);
  const commonArgs = argsOf(
    hostName,
    'ansible_ssh_common_args/ansible_ssh_extra_args',
    conn.sshCommonArgs !== undefined ? String(rendered(conn.sshCommonArgs)) : undefined,
  );
  const varChecking = conn.hostKeyChecking !== undefined ? (parseBoolean(rendered(conn.hostKeyChecking)) ?? false) : undefined;
  const user = overrides.user ?? (conn.user !== undefined ? String(rendered(conn.user)) : (keywords.remoteUser ?? overrides.configured?.user));
  const key = overrides.privateKey ?? (conn.privateKeyFile !== undefined ? String(rendered(conn.privateKeyFile)) : overrides.configured?.privateKey);
  const directives: SshDirective[] = [...sshArgs.directives];
  if ((varChecking ?? overrides.hostKeyChecking) === false) directives.push({ keyword: 'StrictHostKeyChecking', value: 'no' });
  if (conn.port !== undefined) directives.push({ keyword: 'Port', value: String(rendered(conn.port)) });
  if (key !== undefined) directives.push({ keyword: 'IdentityFile', value: key });
  if (user !== undefined) directives.push({ keyword: 'User', value: user });
  // lvsplay's own name for the known_hosts file, placed where Ansible's options go
  if (hostVars.lvsplay_known_hosts !== undefined) directives.push({ keyword: 'UserKnownHostsFile', value: String(rendered(hostVars.lvsplay_known_hosts)) });
  directives.push(...commonArgs.directives);
  const configFile = commonArgs.configFile ?? sshArgs.configFile;
  const query: OpenSshQuery = { destination, directives, ...(configFile !== undefined ? { configFile } : {}) };
  const spec = sshSpec(hostName, resolved(hostName, query), configFile, connectTimeoutMs, 0);
  if (key !== undefined) {
    // ssh expands ~ from the passwd entry; the key is tried once, first, and must be readable
    const keyPath = expandHome(key, sshHome());
    spec.privateKeyPath = keyPath;
    spec.identityFiles = spec.identityFiles?.filter((f) => f !== keyPath);
  }
  const password = hostVars.ansible_password ?? hostVars.ansible_ssh_pass ?? hostVars.lvsplay_password;
  if (password !== undefined) spec.password = String(rendered(password));
  return spec;
}

const MAX_JUMPS = 8;

/** The connection spec for resolved OpenSSH settings, with its jump hosts. */
function sshSpec(hostName: string, ssh: OpenSshSettings, configFile: string | undefined, connectTimeoutMs: number, depth: number): ConnectionSpec {
  const spec: ConnectionSpec = {
    hostName,
    kind: 'ssh',
    address: ssh.hostName,
    port: ssh.port,
    user: ssh.user,
    identityFiles: ssh.identityFiles,
    // "ask" has nobody to ask: an unknown key is refused, as with "yes"
    hostKeyChecking: ssh.strictHostKeyChecking !== 'no',
    knownHostsPaths: [...ssh.userKnownHostsFiles, ...ssh.globalKnownHostsFiles],
    connectTimeoutMs,
  };
  if (ssh.strictHostKeyChecking === 'accept-new') spec.acceptNewHostKeys = true;
  if (ssh.identitiesOnly) spec.identitiesOnly = true;
  if (ssh.identityAgent !== 'SSH_AUTH_SOCK') spec.identityAgent = ssh.identityAgent;
  if (ssh.hostKeyAlias !== undefined) spec.hostKeyAlias = ssh.hostKeyAlias;
  if (ssh.serverAliveInterval > 0) {
    spec.keepaliveIntervalMs = ssh.serverAliveInterval * 1000;
    spec.keepaliveCountMax = ssh.serverAliveCountMax;
  }
  if (ssh.proxyJump !== undefined) spec.via = jumpChain(hostName, ssh.proxyJump, configFile, connectTimeoutMs, depth + 1);
  return spec;
}

/**
 * ProxyJump a,b,c: c is reached through b, b through a; a with its own settings, its own
 * ProxyJump included. Each hop is looked up in the same config files, its user and port from
 * the hop's text winning; the target's command-line options do not apply to it, as with ssh.
 */
function jumpChain(hostName: string, proxyJump: string, configFile: string | undefined, connectTimeoutMs: number, depth: number): ConnectionSpec {
  if (depth > MAX_JUMPS) throw new UserInputError(`ProxyJump for ${hostName} goes through more than ${MAX_JUMPS} jump hosts (a loop in the ssh config?)`);
  const hops = proxyJump.split(',');
  let via: ConnectionSpec | undefined;
  for (const [i, text] of hops.entries()) {
    const hop = parseJumpHost(text);
    if (!hop)
      throw new UserInputError(
        `ProxyJump '${proxyJump}' for ${hostName}: cannot read the hop '${text}'`,
        undefined,
        '[user@]host[:port] or ssh://[user@]host[:port]',
      );
    const directives: SshDirective[] = [];
    if (hop.user !== undefined) directives.push({ keyword: 'User', value: hop.user });
    if (hop.port !== undefined) directives.push({ keyword: 'Port', value: String(hop.port) });
    const ssh = resolved(hostName, { destination: hop.host, directives, ...(configFile !== undefined ? { configFile } : {}) });
    // a later hop is reached through the earlier ones, not through its own ProxyJump
    if (i > 0) delete ssh.proxyJump;
    const spec = sshSpec(`${hostName} (jump host ${text})`, ssh, configFile, connectTimeoutMs, depth);
    if (via) spec.via = via;
    via = spec;
  }
  return via!;
}

/** One hop of ProxyJump: `[user@]host[:port]`, `[user@][v6addr]:port` or `ssh://[user@]host[:port]`. */
export function parseJumpHost(text: string): { user?: string; host: string; port?: number } | undefined {
  const m = /^(?:ssh:\/\/)?(?:([^@\s]+)@)?(?:\[([^\]\s]+)\]|([^\s:@[\]/]+))(?::(\d+))?\/?$/.exec(text.trim());
  if (!m) return undefined;
  return { ...(m[1] !== undefined ? { user: m[1] } : {}), host: (m[2] ?? m[3])!, ...(m[4] !== undefined ? { port: Number(m[4]) } : {}) };
}

function argsOf(hostName: string, what: string, text: string | undefined): SshArgs {
  if (text === undefined || text.trim() === '') return { directives: [] };
  try {
    return parseSshArgs(text);
  } catch (err) {
    if (err instanceof SshArgsError) throw new UserInputError(`${what} of ${hostName}: ${err.message}`);
    throw err;
  }
}

function resolved(hostName: string, query: OpenSshQuery): OpenSshSettings {
  try {
    return resolveOpenSsh(query, { home: sshHome() });
  } catch (err) {
    if (err instanceof SshArgsError) throw new UserInputError(`OpenSSH settings of ${hostName}: ${err.message}`);
    throw err;
  }
}

/** A timeout variable in seconds as milliseconds; undefined when unset or not a positive number. */
function secondsOf(value: unknown): number | undefined {
  const n = Number(value);
  return value !== undefined && value !== null && value !== '' && Number.isFinite(n) && n > 0 ? n * 1000 : undefined;
}
