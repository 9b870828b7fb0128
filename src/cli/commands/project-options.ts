// Options shared by the commands that load a playbook and an inventory (run, validate).
import type { OptionSpec, ParsedArgs } from '../args.js';
import type { ProjectInputs } from '../../engine/load-project.js';
import { UserInputError } from '../../errors.js';
import { VAULT_OPTIONS, vaultSecretsFromArgs } from '../vault-options.js';
import type { AnsibleConfig } from '../../config/settings.js';
import { configured, setting, vaultDefaultsOf } from '../ansible-settings.js';

export const PROJECT_OPTIONS: OptionSpec[] = [
  {
    name: 'inventory',
    short: 'i',
    kind: 'list',
    valueName: 'PATH',
    help: 'inventory file or folder, or a host list a,b, (repeatable); default: ansible.cfg inventory, else the lab inventory if it is up, else localhost',
  },
  { name: 'extra-vars', short: 'e', kind: 'list', valueName: 'VARS', help: 'extra variables: k=v, JSON/YAML, or @file (repeatable; highest precedence)' },
  { name: 'limit', short: 'l', kind: 'value', valueName: 'PATTERN', help: 'further limit the hosts to a pattern' },
  { name: 'roles-path', kind: 'list', valueName: 'DIR', help: 'extra folder to look for roles in (repeatable)' },
  ...VAULT_OPTIONS,
  { name: 'help', short: 'h', kind: 'flag', help: 'show this help' },
];

/**
 * What to load; asks for vault passwords (--ask-vault-pass) before anything is read. The command
 * line beats ansible.cfg and ANSIBLE_* (inventory, roles_path, vault passwords).
 */
export async function projectInputs(args: ParsedArgs, command: string, config: AnsibleConfig, defaultInventory: () => string[]): Promise<ProjectInputs> {
  const [playbookFile, ...extra] = args.positionals;
  if (!playbookFile) throw new UserInputError(`lvsplay ${command}: no playbook given`, undefined, `lvsplay ${command} PLAYBOOK -i INVENTORY`);
  if (extra.length > 0) throw new UserInputError(`lvsplay ${command}: unexpected argument '${extra[0]}'`, undefined, 'one playbook');
  const inventories = args.lists.get('inventory') ?? configured<string[]>(config, 'DEFAULT_HOST_LIST') ?? defaultInventory();
  const limit = args.values.get('limit');
  return {
    playbookFile,
    // As ansible-playbook: each -i is a file or folder, or (with a comma) a host list "a,b,".
    inventorySources: inventories,
    extraVars: args.lists.get('extra-vars') ?? [],
    rolesPath: [...(args.lists.get('roles-path') ?? []), ...setting<string[]>(config, 'DEFAULT_ROLES_PATH')],
    vaultSecrets: await vaultSecretsFromArgs(args, { defaults: vaultDefaultsOf(config) }),
    errorOnMissingHandler: setting<boolean>(config, 'ERROR_ON_MISSING_HANDLER'),
    ...(limit !== undefined ? { limit } : {}),
  };
}
