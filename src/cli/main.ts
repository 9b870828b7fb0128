// lvsplay's entry point: declares the commands and maps every error to an exit code in one
// place. Commands are imported lazily so `lvsplay --help` loads almost nothing.
import { LvsplayError, UserInputError } from '../errors.js';
import { maskRevealed } from '../vault/revealed.js';
import { EXIT } from './exit-codes.js';

interface CommandEntry {
  summary: string;
  load(): Promise<{ default: (argv: string[]) => Promise<number> }>;
}

const COMMANDS: Record<string, CommandEntry> = {
  run: { summary: 'converge hosts with a playbook (--check for a dry run)', load: () => import('./commands/run/index.js') },
  validate: { summary: 'check a playbook and inventory without contacting any host', load: () => import('./commands/validate/index.js') },
  inventory: { summary: 'show the inventory (--list as JSON, --graph as a tree)', load: () => import('./commands/inventory/index.js') },
  vault: { summary: 'encrypt, decrypt, view and edit Ansible Vault files and strings', load: () => import('./commands/vault/index.js') },
  doc: { summary: "show a module's documentation (--list: every module), as ansible-doc", load: () => import('./commands/doc/index.js') },
  config: { summary: 'show the Ansible settings lvsplay reads (ansible.cfg, ANSIBLE_*) and their origin', load: () => import('./commands/config/index.js') },
  status: { summary: 'a live view of the load balancer read from its directors (--once, --output json)', load: () => import('./commands/status/index.js') },
  lab: { summary: 'the built-in local lab of test hosts (up, down, status)', load: () => import('./commands/lab/index.js') },
};

export function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length)) + 2;
  return [
    'lvsplay: agentless orchestration for IPVS direct-routing load balancers',
    '',
    'Usage: lvsplay COMMAND [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}${c.summary}`),
    '',
    'Options:',
    '  -h, --help     show help (also: lvsplay COMMAND --help)',
    '  --version      print the version',
    '',
    'Examples:',
    '  lvsplay run playbooks/site.yaml -i inventory/lab.ini',
    '  lvsplay run playbooks/site.yaml -i inventory/lab.ini --check --diff',
    '  lvsplay run playbooks/verify.yaml -i inventory/lab.ini',
  ].join('\n');
}

export async function main(argv: string[]): Promise<void> {
  try {
    process.exitCode = await dispatch(argv);
  } catch (err) {
    process.exitCode = reportError(err);
  }
}

async function dispatch(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    process.stdout.write(mainHelp() + '\n');
    return first === undefined ? EXIT.usage : EXIT.ok;
  }
  if (first === '--version' || first === '-V') {
    const { packageVersion } = await import('../util/project-root.js');
    process.stdout.write(`lvsplay ${packageVersion()}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS[first];
  if (!command) throw new UserInputError(`unknown command '${first}'`, undefined, `one of: ${Object.keys(COMMANDS).join(', ')}`);
  const module = await command.load();
  return module.default(rest);
}

/** One top-level catch: user errors are one line and exit 1; anything else is a bug. */
export function reportError(err: unknown): number {
  if (err instanceof LvsplayError) {
    process.stderr.write(`ERROR: ${maskRevealed(err.message)}\n`);
    return EXIT.badInput;
  }
  const e = err as Error;
  process.stderr.write(
    `${maskRevealed(e?.stack ?? String(err))}\n\nThis is a bug in lvsplay. Please report it with the command you ran and the output above.\n`,
  );
  return EXIT.internal;
}
