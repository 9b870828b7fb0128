// The connection settings a host's variables carry, under Ansible's names or lvsplay_ aliases.
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
}

const ALIASES: Record<keyof ConnectionVars, string[]> = {
  address: ['ansible_host', 'ansible_ssh_host', 'lvsplay_host'],
  port: ['ansible_port', 'ansible_ssh_port', 'lvsplay_port'],
  user: ['ansible_user', 'ansible_ssh_user', 'lvsplay_user'],
  connection: ['ansible_connection', 'lvsplay_connection'],
  become: ['ansible_become', 'lvsplay_become'],
  becomeUser: ['ansible_become_user', 'lvsplay_become_user'],
  becomePassword: ['ansible_become_password', 'ansible_become_pass', 'lvsplay_become_password'],
  privateKeyFile: ['ansible_ssh_private_key_file', 'ansible_private_key_file', 'lvsplay_private_key_file'],
  sshCommonArgs: ['ansible_ssh_common_args', 'ansible_ssh_extra_args', 'lvsplay_ssh_common_args'],
  hostKeyChecking: ['ansible_host_key_checking', 'ansible_ssh_host_key_checking', 'lvsplay_host_key_checking'],
};

export function connectionVarsOf(vars: Record<string, unknown>): ConnectionVars {
  const out: ConnectionVars = {};
  for (const [field, names] of Object.entries(ALIASES) as Array<[keyof ConnectionVars, string[]]>) {
    for (const n of names) {
      const v = vars[n];
      if (v !== undefined) {
        out[field] = v;
        break;
      }
    }
  }
  return out;
}
