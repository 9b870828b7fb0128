// `lvsplay config dump [--only-changed]`: the Ansible settings lvsplay reads, each with its value
// and where it came from, in ansible-config dump's layout (`NAME(origin) = value`, values as
// Python prints them), so the two can be compared line for line.
import { formatOptions, parseArgs, type OptionSpec } from '../../args.js';
import { EXIT } from '../../exit-codes.js';
import { UserInputError } from '../../../errors.js';
import { loadAnsibleConfig, type AnsibleConfig, type ResolvedSetting } from '../../../config/settings.js';

const OPTIONS: OptionSpec[] = [
  { name: 'only-changed', kind: 'flag', help: 'only the settings not at their default' },
  { name: 'help', short: 'h', kind: 'flag', help: 'show this help' },
];

export function configHelp(): string {
  return [
    'Usage: lvsplay config dump [--only-changed]',
    '',
    'The Ansible settings lvsplay reads (ansible.cfg: $ANSIBLE_CONFIG, ./ansible.cfg, ~/.ansible.cfg,',
    '/etc/ansible/ansible.cfg, the first found; ANSIBLE_* variables beat it), with their origin.',
    '',
    'Options:',
    formatOptions(OPTIONS),
  ].join('\n');
}

export default async function config(argv: string[]): Promise<number> {
  const args = parseArgs(argv, OPTIONS, 'config');
  const [action, ...extra] = args.positionals;
  if (args.flags.get('help') || action === undefined) {
    process.stdout.write(configHelp() + '\n');
    return args.flags.get('help') ? EXIT.ok : EXIT.usage;
  }
  if (action !== 'dump') throw new UserInputError(`lvsplay config: unknown action '${action}'`, undefined, 'dump');
  if (extra.length > 0) throw new UserInputError(`lvsplay config: unexpected argument '${extra[0]}'`);
  const loaded = loadAnsibleConfig();
  for (const w of loaded.warnings) process.stderr.write(`[WARNING]: ${w}\n`);
  process.stdout.write(dumpConfig(loaded, args.flags.get('only-changed') === true));
  return EXIT.ok;
}

export function dumpConfig(config: AnsibleConfig, onlyChanged: boolean): string {
  const lines = [`CONFIG_FILE() = ${config.file ?? 'None'}`];
  const settings = [...config.settings.values()].sort((a, b) => a.name.localeCompare(b.name));
  for (const s of settings) {
    if (onlyChanged && s.origin === 'default') continue;
    lines.push(`${s.name}(${s.origin}) = ${pythonText(s.value)}`);
  }
  return lines.join('\n') + '\n';
}

/** As Python's str() of the value: None, True/False, ['a', 'b']. */
function pythonText(value: ResolvedSetting['value']): string {
  if (value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (Array.isArray(value)) return `[${value.map((v) => pythonRepr(v)).join(', ')}]`;
  return String(value);
}

function pythonRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  return quote + text.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), `\\${quote}`) + quote;
}
