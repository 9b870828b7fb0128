// `lvsplay doc MODULE` and `lvsplay doc --list`, as ansible-doc: a module's synopsis, options,
// rules, examples and return values, all read from the module's declaration (src/argspec).
import { formatOptions, parseArgs, type OptionSpec } from '../../args.js';
import { EXIT } from '../../exit-codes.js';
import { UserInputError } from '../../../errors.js';
import { moduleRegistry } from '../../../modules/registry.js';
import { findModules, moduleFacts } from '../../../modules/generate-index.js';
import { moduleDocText, moduleListText } from '../../../argspec/doc-text.js';

const OPTIONS: OptionSpec[] = [
  { name: 'list', short: 'l', kind: 'flag', help: 'list the modules, one line each' },
  { name: 'help', short: 'h', kind: 'flag', help: 'show this help' },
];

export function docHelp(): string {
  return [
    'Usage: lvsplay doc MODULE | lvsplay doc --list',
    '',
    "A module's documentation: what it does, its options (= marks a required one) with their",
    'type, default, choices and aliases, its rules, examples and return values.',
    '',
    'Options:',
    formatOptions(OPTIONS),
  ].join('\n');
}

export default async function doc(argv: string[]): Promise<number> {
  const args = parseArgs(argv, OPTIONS, 'doc');
  const [name, ...extra] = args.positionals;
  if (args.flags.get('help') || (name === undefined && !args.flags.get('list'))) {
    process.stdout.write(docHelp() + '\n');
    return args.flags.get('help') ? EXIT.ok : EXIT.usage;
  }
  const modules = await findModules();
  if (args.flags.get('list')) {
    process.stdout.write(moduleListText(modules.map((m) => ({ name: m.module.name, spec: m.module.spec }))));
    return EXIT.ok;
  }
  if (extra.length > 0) throw new UserInputError(`lvsplay doc: one module at a time ('${extra[0]}' is one too many)`);
  const module = moduleRegistry().find(name!);
  const found = modules.find((m) => m.module === module);
  if (!found) throw new UserInputError(`lvsplay doc: no module '${name}'`, undefined, 'a module name: lvsplay doc --list shows them');
  process.stdout.write(moduleDocText(found.module.spec, moduleFacts(found)));
  return EXIT.ok;
}
