// How to reach a host for one task: the connection variables among the task's variables
// (ansible_host, ansible_connection, ansible_user, ... from inventory, play, role, block and task
// vars or set_fact, as in Ansible), then the play's `connection`/`remote_user` keywords, then
// ansible.cfg / ANSIBLE_* (remote_user, private_key_file, ssh_args); the command line
// (-u, --private-key) overrides them all.
// The connect timeout: ansible_ssh_timeout wins over --timeout, as in Ansible (a slow host says so
// in the inventory).
import type { ConnectionSpec } from '../connection/types.js';
import { connectionVarsOf } from './inventory/index.js';
import { renderValue } from './templating/index.js';
import { parseBoolean } from '../util/boolean.js';

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
  const local = kind === 'local';
  // ssh_args from the configuration come first, as Ansible puts them on ssh's command line
  const commonArgs = [overrides.configured?.sshArgs ?? '', conn.sshCommonArgs !== undefined ? String(rendered(conn.sshCommonArgs)) : ''].join(' ').trim();
  const knownHosts = hostVars.lvsplay_known_hosts ?? /UserKnownHostsFile=(\S+)/.exec(commonArgs)?.[1];
  const jump = /(?:^|\s)-J\s*(\S+)/.exec(commonArgs)?.[1] ?? /ProxyJump=(\S+)/.exec(commonArgs)?.[1];
  const strictNo = /StrictHostKeyChecking=no/i.test(commonArgs);
  const varChecking = conn.hostKeyChecking !== undefined ? (parseBoolean(rendered(conn.hostKeyChecking)) ?? false) : undefined;
  const user = overrides.user ?? (conn.user !== undefined ? String(rendered(conn.user)) : (keywords.remoteUser ?? overrides.configured?.user));
  const key = overrides.privateKey ?? (conn.privateKeyFile !== undefined ? String(rendered(conn.privateKeyFile)) : overrides.configured?.privateKey);
  const spec: ConnectionSpec = {
    hostName,
    kind: local ? 'local' : 'ssh',
    address: conn.address !== undefined ? String(rendered(conn.address)) : hostName,
    port: conn.port !== undefined ? Number(rendered(conn.port)) : 22,
    hostKeyChecking: varChecking ?? overrides.hostKeyChecking ?? !strictNo,
    connectTimeoutMs: secondsOf(conn.timeout !== undefined ? rendered(conn.timeout) : undefined) ?? overrides.connectTimeoutMs ?? 10_000,
  };
  if (user !== undefined) spec.user = user;
  if (key !== undefined) spec.privateKeyPath = key;
  if (knownHosts !== undefined) spec.knownHostsPath = String(rendered(knownHosts));
  if (jump !== undefined) spec.jumpHost = jump;
  // Ansible users set these in ssh_common_args/ssh_extra_args; the interval is in seconds.
  const aliveInterval = /ServerAliveInterval[= ](\d+)/i.exec(commonArgs)?.[1];
  const aliveCount = /ServerAliveCountMax[= ](\d+)/i.exec(commonArgs)?.[1];
  if (aliveInterval !== undefined && Number(aliveInterval) > 0) spec.keepaliveIntervalMs = Number(aliveInterval) * 1000;
  if (aliveCount !== undefined) spec.keepaliveCountMax = Number(aliveCount);
  const password = hostVars.ansible_password ?? hostVars.ansible_ssh_pass ?? hostVars.lvsplay_password;
  if (password !== undefined) spec.password = String(rendered(password));
  return spec;
}

/** A timeout variable in seconds as milliseconds; undefined when unset or not a positive number. */
function secondsOf(value: unknown): number | undefined {
  const n = Number(value);
  return value !== undefined && value !== null && value !== '' && Number.isFinite(n) && n > 0 ? n * 1000 : undefined;
}
