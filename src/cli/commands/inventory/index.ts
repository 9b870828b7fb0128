// `lvsplay inventory -i INVENTORY --list | --graph [GROUP] | --host HOST`, like ansible-inventory.
import { formatOptions, parseArgs, type OptionSpec } from '../../args.js';
import { implicitLocalhostInventory, inventoryGraph, inventoryToListJson, loadInventory } from '../../../engine/inventory/index.js';
import { EXIT } from '../../exit-codes.js';
import { UserInputError } from '../../../errors.js';
import { defaultInventory } from '../default-inventory.js';
import { commandConfig, configured, vaultDefaultsOf } from '../../ansible-settings.js';
import { VAULT_OPTIONS, vaultSecretsFromArgs } from '../../vault-options.js';
import { useVaultSecrets } from '../../../vault/keyring.js';
import { maskRevealedIn } from '../../../vault/revealed.js';

const OPTIONS: OptionSpec[] = [
  { name: 'inventory', short: 'i', kind: 'list', valueName: 'PATH', help: 'inventory file or folder (repeatable)' },
  { name: 'list', kind: 'flag', help: 'every group and host with its variables, as JSON' },
  { name: 'graph', kind: 'flag', help: 'the group tree (optionally of one GROUP)' },
  { name: 'host', kind: 'value', valueName: 'HOST', help: "one host's variables, as JSON" },
  ...VAULT_OPTIONS,
  { name: 'help', short: 'h', kind: 'flag', help: 'show this help' },
];

export default async function inventory(argv: string[]): Promise<number> {
  const args = parseArgs(argv, OPTIONS, 'inventory');
  if (args.flags.get('help')) {
    process.stdout.write(
      ['Usage: lvsplay inventory [-i INVENTORY] --list | --graph [GROUP] | --host HOST', '', 'Options:', formatOptions(OPTIONS)].join('\n') + '\n',
    );
    return EXIT.ok;
  }
  const config = commandConfig();
  useVaultSecrets(await vaultSecretsFromArgs(args, { defaults: vaultDefaultsOf(config) }));
  const sources = args.lists.get('inventory') ?? configured<string[]>(config, 'DEFAULT_HOST_LIST') ?? defaultInventory();
  const inv = sources.length ? loadInventory(sources) : implicitLocalhostInventory();
  const host = args.values.get('host');
  if (args.flags.get('list')) {
    process.stdout.write(JSON.stringify(maskRevealedIn(inventoryToListJson(inv)), null, 4) + '\n');
  } else if (args.flags.get('graph')) {
    process.stdout.write(inventoryGraph(inv, args.positionals[0] ?? 'all') + '\n');
  } else if (host !== undefined) {
    if (!inv.hasHost(host)) throw new UserInputError(`host '${host}' is not in the inventory`, undefined, `one of: ${inv.hostNames().join(', ')}`);
    process.stdout.write(JSON.stringify(maskRevealedIn(inv.varsFor(host)), null, 4) + '\n');
  } else {
    throw new UserInputError('lvsplay inventory: say what to show', undefined, '--list, --graph or --host HOST');
  }
  return EXIT.ok;
}
