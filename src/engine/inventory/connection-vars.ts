// The connection settings a host's variables carry, under Ansible's names (current and the
// older ansible_ssh_* ones) or lvsplay_ aliases. Values are returned as written: they may still
// be templates ("{{ bastion_user }}"), so converting them is the caller's job after rendering.
export interface ConnectionVars {
  address?: unknown;
  port?: unknown;
  user?: unknown;
  connection?: unknown;
  become?: unknown;
  becomeUser?: unknown;
  becomePassword?: unknown;
  privateKeyFile?: unknown;
  sshCommonArgs?: unknown;
  hostKeyChecking?: unknown;
  /** Seconds to wait for the connection (TCP, banner, key exchange, login). */
  timeout?: unknown;
}

// First name found wins.
export const CONNECTION_VAR_NAMES: Record<keyof ConnectionVars, string[]> = {
  address: ['ansible_host', 'ansible_ssh_host', 'lvsplay_host'],
  port: ['ansible_port', 'ansible_ssh_port', 'lvsplay_port'],
  user: ['ansible_user', 'ansible_ssh_user', 'lvsplay_user'],
  connection: ['ansible_connection', 'lvsplay_connection'],
  become: ['ansible_become', 'lvsplay_become'],
  becomeUser: ['ansible_become_user', 'lvsplay_become_user'],
  becomePassword: ['ansible_become_password', 'ansible_become_pass', 'lvsplay_become_password'],
  privateKeyFile: ['ansible_ssh_private_key_file', 'ansible_private_key_file', 'lvsplay_private_key_file'],
  sshCommonArgs: ['ansible_ssh_common_args', 'lvsplay_ssh_common_args'],
  hostKeyChecking: ['ansible_host_key_checking', 'ansible_ssh_host_key_checking', 'lvsplay_host_key_checking'],
  timeout: ['ansible_ssh_timeout', 'lvsplay_timeout'],
};

export function connectionVarsOf(vars: Record<string, unknown>): ConnectionVars {
  const out: ConnectionVars = {};
  for (const [field, names] of Object.entries(CONNECTION_VAR_NAMES) as Array<[keyof ConnectionVars, string[]]>) {
    const name = names.find((n) => vars[n] !== undefined && vars[n] !== null);
    if (name !== undefined) out[field] = vars[name];
  }
  // Ansible passes ssh_extra_args after ssh_common_args; lvsplay has one ssh command line, so join them.
  const extra = vars.ansible_ssh_extra_args ?? vars.lvsplay_ssh_extra_args;
  if (typeof extra === 'string' && extra.trim() !== '') {
    out.sshCommonArgs = typeof out.sshCommonArgs === 'string' && out.sshCommonArgs.trim() !== '' ? `${out.sshCommonArgs} ${extra}` : extra;
  }
  return out;
}

/** Variables that say how to reach a host beyond CONNECTION_VAR_NAMES (passwords, extra ssh arguments). */
const OTHER_CONNECTION_VARS = [
  'ansible_ssh_extra_args',
  'lvsplay_ssh_extra_args',
  'ansible_password',
  'ansible_ssh_pass',
  'lvsplay_password',
  'lvsplay_known_hosts',
];

const ALL_CONNECTION_VARS: ReadonlySet<string> = new Set([...Object.values(CONNECTION_VAR_NAMES).flat(), ...OTHER_CONNECTION_VARS]);

/**
 * `vars` with another host's connection variables in place of its own (delegate_to: the task
 * keeps its host's variables but reaches the delegated host as that host's variables say).
 * A view, not a copy: the host's variables are templated when read (lazyView), and copying them
 * would render every one, failing on a role default that needs facts the play never gathered
 * (Ansible renders only what is used).
 */
export function withConnectionVarsOf(vars: Record<string, unknown>, other: Record<string, unknown>): Record<string, unknown> {
  const isConnectionVar = (name: string | symbol): name is string => typeof name === 'string' && ALL_CONNECTION_VARS.has(name);
  const present = (name: string | symbol): boolean => (isConnectionVar(name) ? other[name] !== undefined : name in vars);
  const read = (name: string | symbol): unknown => (isConnectionVar(name) ? other[name] : Reflect.get(vars, name));
  return new Proxy(
    {},
    {
      get: (_t, name) => read(name),
      has: (_t, name) => present(name),
      ownKeys: () => [...new Set([...Reflect.ownKeys(vars), ...ALL_CONNECTION_VARS])].filter(present),
      // a getter, so listing the names does not template their values
      getOwnPropertyDescriptor: (_t, name) => (present(name) ? { enumerable: true, configurable: true, get: () => read(name) } : undefined),
      set: () => false,
      defineProperty: () => false,
      deleteProperty: () => false,
    },
  );
}
