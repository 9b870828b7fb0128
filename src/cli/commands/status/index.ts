// `lvsplay status -i INVENTORY`: a live view of the load balancer read from its directors,
// refreshed every second; --once prints one frame, --output json the same data for scripts.
import { formatOptions, parseArgs, type OptionSpec } from '../../args.js';
import { EXIT } from '../../exit-codes.js';
import { UserInputError } from '../../../errors.js';
import { commandConfig, configured, setting, vaultDefaultsOf } from '../../ansible-settings.js';
import { VAULT_OPTIONS, vaultSecretsFromArgs } from '../../vault-options.js';
import { useVaultSecrets } from '../../../vault/keyring.js';
import { loadInventory } from '../../../engine/inventory/index.js';
import { defaultInventory } from '../default-inventory.js';
import { CONNECTION_OPTIONS, connectionOverrides } from '../connection-options.js';
import { askHidden } from '../../prompt.js';
import { colorsFor } from '../../report/colors.js';
import { directorExpectations } from '../../../status/expectations.js';
import { DirectorReader } from '../../../status/read-directors.js';
import type { BalancerStatus } from '../../../status/balancer-status.js';
import { renderFrame } from './frame.js';

const OPTIONS: OptionSpec[] = [
  {
    name: 'inventory',
    short: 'i',
    kind: 'list',
    valueName: 'PATH',
    help: 'inventory file or folder (repeatable); default: ansible.cfg inventory, else the lab inventory if it is up',
  },
  { name: 'once', kind: 'flag', help: 'print one frame and exit' },
  { name: 'output', kind: 'value', valueName: 'FORMAT', help: "'json': the same data as JSON (with --once one document; live, one document per line)" },
  { name: 'interval', kind: 'value', valueName: 'SECONDS', help: 'seconds between frames (default 1)' },
  { name: 'become', short: 'b', kind: 'flag', help: 'read with sudo (ipvsadm needs root); also when a director has ansible_become' },
  ...CONNECTION_OPTIONS,
  ...VAULT_OPTIONS,
  { name: 'help', short: 'h', kind: 'flag', help: 'show this help' },
];

export function statusHelp(): string {
  return [
    'Usage: lvsplay status [-i INVENTORY] [--once] [--output json]',
    '',
    "Read the load balancer from the hosts of the inventory's directors group: per virtual service",
    'and real server the active and inactive connections, connections and bytes per second',
    '(ipvsadm -Ln --exact, --stats, --rate), the weight and whether the node is up, drained',
    "(weight 0) or down (one of the inventory's nodes missing from the table: keepalived's health",
    'check took it out), whether keepalived runs, and which director holds each VIP. One read',
    'round trip per director per frame. Changes nothing. Ctrl-C ends the live view.',
    '',
    'Options:',
    formatOptions(OPTIONS),
    '',
    'Exit codes: 0 ok, 1 bad input or usage, 4 a director could not be read (--once).',
  ].join('\n');
}

function positiveSeconds(raw: string | undefined): number {
  if (raw === undefined) return 1;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new UserInputError(`lvsplay status: --interval must be a positive number of seconds (got '${raw}')`);
  return n;
}

export default async function status(argv: string[]): Promise<number> {
  const args = parseArgs(argv, OPTIONS, 'status');
  if (args.flags.get('help')) {
    process.stdout.write(statusHelp() + '\n');
    return EXIT.ok;
  }
  if (args.positionals.length) throw new UserInputError(`lvsplay status: unexpected argument '${args.positionals[0]}'`, undefined, 'options only');
  const output = args.values.get('output');
  if (output !== undefined && output !== 'json') throw new UserInputError(`lvsplay status: unknown --output '${output}'`, undefined, "'json'");
  const intervalMs = positiveSeconds(args.values.get('interval')) * 1000;
  const config = commandConfig();
  useVaultSecrets(await vaultSecretsFromArgs(args, { defaults: vaultDefaultsOf(config) }));
  const sources = args.lists.get('inventory') ?? configured<string[]>(config, 'DEFAULT_HOST_LIST') ?? defaultInventory();
  if (sources.length === 0) throw new UserInputError('lvsplay status: no inventory', undefined, 'lvsplay status -i INVENTORY (or bring the lab up)');
  // every check is done before any host is contacted
  const inventory = loadInventory(sources);
  const directors = directorExpectations(inventory, sources.join(','));
  const reader = new DirectorReader(inventory, directors, {
    overrides: connectionOverrides(args, config, 'status'),
    connection: { askPassphrase: (keyPath) => askHidden(`Enter passphrase for key '${keyPath}': `) },
    become: args.flags.get('become') === true || setting<boolean>(config, 'DEFAULT_BECOME'),
  });
  const colors = colorsFor(process.stdout);
  const show = (frame: BalancerStatus, live: boolean): void => {
    if (output === 'json') process.stdout.write(JSON.stringify(frame, null, live ? undefined : 2) + '\n');
    // home and clear below: the frame is redrawn in place
    else process.stdout.write((live ? '\u001b[H\u001b[J' : '') + renderFrame(frame, colors, sources.join(',')) + '\n');
  };
  try {
    if (args.flags.get('once')) {
      const frame = await reader.read();
      show(frame, false);
      return frame.directors.some((d) => d.error !== undefined) ? EXIT.unreachable : EXIT.ok;
    }
    // The live view ends with Ctrl-C: that is how it is used, so it exits 0.
    let stopped = false;
    let wake: (() => void) | undefined;
    const stop = (): void => {
      stopped = true;
      wake?.();
    };
    process.once('SIGINT', stop);
    try {
      while (!stopped) {
        const started = Date.now();
        show(await reader.read(), true);
        const wait = Math.max(0, intervalMs - (Date.now() - started));
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, wait);
        });
      }
    } finally {
      process.off('SIGINT', stop);
    }
    return EXIT.ok;
  } finally {
    await reader.close();
  }
}
