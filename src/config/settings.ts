// The Ansible settings lvsplay honours, under Ansible's own names (as `ansible-config dump`
// shows them), with where each is read: an environment variable beats ansible.cfg, which beats
// the default; the command line beats both, and inventory variables beat them where Ansible
// says so (ansible_user over remote_user, ...): that is decided where each setting is used.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname } from 'node:path';
import { UserInputError, type SourceLocation } from '../errors.js';
import { parseBoolean } from '../util/boolean.js';
import { findConfigFile, type ConfigSearch } from './find-config.js';
import { parseIniFile, type IniSections } from './ini-file.js';
import { settingPath } from './paths.js';

type SettingType = 'string' | 'integer' | 'boolean' | 'path' | 'pathlist' | 'pathspec' | 'list';
type SettingValue = string | number | boolean | string[] | undefined;

interface SettingDef {
  name: string;
  section: string;
  key: string;
  /** First set one wins. */
  env: string[];
  type: SettingType;
  default: SettingValue;
  /** For integers. */
  minimum?: number;
}

const ANSIBLE_ROLES_PATH_DEFAULT = ['~/.ansible/roles', '/usr/share/ansible/roles', '/etc/ansible/roles'];

export const SETTINGS = [
  // no inventory setting: lvsplay's own default (the lab when it is up, else localhost)
  { name: 'DEFAULT_HOST_LIST', section: 'defaults', key: 'inventory', env: ['ANSIBLE_INVENTORY'], type: 'pathlist', default: undefined },
  { name: 'DEFAULT_REMOTE_USER', section: 'defaults', key: 'remote_user', env: ['ANSIBLE_REMOTE_USER'], type: 'string', default: undefined },
  { name: 'DEFAULT_PRIVATE_KEY_FILE', section: 'defaults', key: 'private_key_file', env: ['ANSIBLE_PRIVATE_KEY_FILE'], type: 'path', default: undefined },
  {
    name: 'HOST_KEY_CHECKING',
    section: 'defaults',
    key: 'host_key_checking',
    env: ['LVSPLAY_HOST_KEY_CHECKING', 'ANSIBLE_HOST_KEY_CHECKING'],
    type: 'boolean',
    default: true,
  },
  // lvsplay's default: its hosts wait on the network, not on the controller's CPU
  { name: 'DEFAULT_FORKS', section: 'defaults', key: 'forks', env: ['ANSIBLE_FORKS'], type: 'integer', default: 50, minimum: 1 },
  { name: 'DEFAULT_ROLES_PATH', section: 'defaults', key: 'roles_path', env: ['ANSIBLE_ROLES_PATH'], type: 'pathspec', default: ANSIBLE_ROLES_PATH_DEFAULT },
  { name: 'DEFAULT_TIMEOUT', section: 'defaults', key: 'timeout', env: ['ANSIBLE_TIMEOUT'], type: 'integer', default: 10, minimum: 1 },
  { name: 'DEFAULT_BECOME', section: 'privilege_escalation', key: 'become', env: ['ANSIBLE_BECOME'], type: 'boolean', default: false },
  { name: 'DEFAULT_BECOME_METHOD', section: 'privilege_escalation', key: 'become_method', env: ['ANSIBLE_BECOME_METHOD'], type: 'string', default: 'sudo' },
  { name: 'DEFAULT_BECOME_USER', section: 'privilege_escalation', key: 'become_user', env: ['ANSIBLE_BECOME_USER'], type: 'string', default: 'root' },
  {
    name: 'DEFAULT_BECOME_ASK_PASS',
    section: 'privilege_escalation',
    key: 'become_ask_pass',
    env: ['ANSIBLE_BECOME_ASK_PASS'],
    type: 'boolean',
    default: false,
  },
  {
    name: 'DEFAULT_VAULT_PASSWORD_FILE',
    section: 'defaults',
    key: 'vault_password_file',
    env: ['ANSIBLE_VAULT_PASSWORD_FILE'],
    type: 'path',
    default: undefined,
  },
  { name: 'DEFAULT_VAULT_IDENTITY_LIST', section: 'defaults', key: 'vault_identity_list', env: ['ANSIBLE_VAULT_IDENTITY_LIST'], type: 'list', default: [] },
  { name: 'DEFAULT_FORCE_HANDLERS', section: 'defaults', key: 'force_handlers', env: ['ANSIBLE_FORCE_HANDLERS'], type: 'boolean', default: false },
  // notify naming no handler: an error (true) or a warning (false)
  {
    name: 'ERROR_ON_MISSING_HANDLER',
    section: 'defaults',
    key: 'error_on_missing_handler',
    env: ['ANSIBLE_ERROR_ON_MISSING_HANDLER'],
    type: 'boolean',
    default: true,
  },
  // the ssh connection's ssh_args; lvsplay reads the OpenSSH options it understands from them
  { name: 'SSH_ARGS', section: 'ssh_connection', key: 'ssh_args', env: ['ANSIBLE_SSH_ARGS'], type: 'string', default: undefined },
] as const satisfies readonly SettingDef[];

export type SettingName = (typeof SETTINGS)[number]['name'];

export interface ResolvedSetting {
  name: SettingName;
  value: SettingValue;
  /** 'default', 'env: NAME', or the ansible.cfg path. */
  origin: string;
}

export interface AnsibleConfig {
  /** The ansible.cfg read, if any. */
  file?: string;
  warnings: string[];
  settings: Map<SettingName, ResolvedSetting>;
}

export function loadAnsibleConfig(search: Partial<ConfigSearch> = {}): AnsibleConfig {
  const full: ConfigSearch = { env: search.env ?? process.env, cwd: search.cwd ?? process.cwd(), home: search.home ?? homedir(), ...search };
  const found = findConfigFile(full);
  let sections: IniSections = new Map();
  if (found.file !== undefined) {
    let text: string;
    try {
      text = readFileSync(found.file, 'utf8');
    } catch (err) {
      throw new UserInputError(`cannot read ansible.cfg: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { file: found.file, line: 1, col: 1 });
    }
    sections = parseIniFile(text, found.file);
  }
  const settings = new Map<SettingName, ResolvedSetting>();
  for (const def of SETTINGS as readonly SettingDef[]) settings.set(def.name as SettingName, resolveSetting(def, sections, found.file, full));
  return { ...(found.file !== undefined ? { file: found.file } : {}), warnings: found.warnings, settings };
}

function resolveSetting(def: SettingDef, sections: IniSections, file: string | undefined, search: ConfigSearch): ResolvedSetting {
  const name = def.name as SettingName;
  for (const variable of def.env) {
    const raw = search.env[variable];
    // an empty variable counts as unset, as an empty value in the file does
    if (raw !== undefined && raw !== '') return { name, value: typed(def, raw, search.cwd, search.home, { label: variable }), origin: `env: ${variable}` };
  }
  const entry = sections.get(def.section)?.get(def.key);
  if (entry && entry.value !== '' && file !== undefined) {
    const where = { file, line: entry.line, col: 1 };
    return { name, value: typed(def, entry.value, dirname(file), search.home, { label: def.key, where }), origin: file };
  }
  const value = def.type === 'pathspec' && Array.isArray(def.default) ? def.default.map((p) => settingPath(p, search.cwd, search.home)) : def.default;
  return { name, value, origin: 'default' };
}

/** Where a raw value was written: a line of ansible.cfg, or an environment variable. */
interface RawOrigin {
  label: string;
  where?: SourceLocation;
}

function typed(def: SettingDef, raw: string, base: string, home: string, origin: RawOrigin): SettingValue {
  const split = (sep: string): string[] =>
    raw
      .split(sep)
      .map((s) => s.trim())
      .filter(Boolean);
  switch (def.type) {
    case 'string':
      return raw;
    case 'integer':
      if (!/^\s*[+-]?\d+\s*$/.test(raw)) throw new UserInputError(`${origin.label} must be a whole number (got '${raw}')`, origin.where, 'an integer');
      if (def.minimum !== undefined && Number(raw) < def.minimum)
        throw new UserInputError(`${origin.label} must be at least ${def.minimum} (got '${raw.trim()}')`, origin.where, `an integer from ${def.minimum}`);
      return Number(raw);
    case 'boolean':
      // as Ansible's configuration: a word it does not know is false
      return parseBoolean(raw) ?? false;
    case 'path':
      return settingPath(raw.trim(), base, home);
    case 'pathlist':
      return split(',').map((p) => settingPath(p, base, home));
    case 'pathspec':
      return split(':').map((p) => settingPath(p, base, home));
    case 'list':
      return split(',');
  }
}
