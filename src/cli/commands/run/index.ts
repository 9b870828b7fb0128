// `lvsplay run PLAYBOOK -i INVENTORY`: converge hosts (or, with --check, plan only).
import { formatOptions, intOption, parseArgs, type OptionSpec } from '../../args.js';
import { PROJECT_OPTIONS, projectInputs } from '../project-options.js';
import { CONNECTION_OPTIONS, connectionOverrides } from '../connection-options.js';
import { defaultInventory } from '../default-inventory.js';
import { commandConfig, configured, setting } from '../../ansible-settings.js';
import { loadProject } from '../../../engine/load-project.js';
import { newRunContext, type RunOptions } from '../../../engine/run/run-context.js';
import { runPlaybook } from '../../../engine/run/run-playbook.js';
import { EXIT } from '../../exit-codes.js';
import { createReporter } from './reporter.js';
import { listHosts, listTasks } from './listings.js';
import { askHidden, askVarsPrompt } from '../../prompt.js';
import { UserInputError } from '../../../errors.js';

const OPTIONS: OptionSpec[] = [
  ...PROJECT_OPTIONS,
  { name: 'check', short: 'C', kind: 'flag', help: 'dry run: plan every change, make none' },
  { name: 'diff', short: 'D', kind: 'flag', help: 'show before/after of managed content' },
  { name: 'tags', short: 't', kind: 'list', valueName: 'TAGS', help: 'only run tasks with these tags (comma-separated, repeatable)' },
  { name: 'skip-tags', kind: 'list', valueName: 'TAGS', help: 'skip tasks with these tags' },
  { name: 'forks', short: 'f', kind: 'value', valueName: 'N', help: 'hosts worked on at once (default: forks in ansible.cfg, else 50)' },
  { name: 'become', short: 'b', kind: 'flag', help: 'run tasks with sudo' },
  { name: 'become-user', kind: 'value', valueName: 'USER', help: 'sudo to this user (default root)' },
  { name: 'ask-become-pass', short: 'K', kind: 'flag', help: 'ask for the sudo password (never echoed or logged)' },
  { name: 'verbose', short: 'v', kind: 'count', help: 'more output: -v commands and results, -vv command output, -vvv command lines' },
  { name: 'list-hosts', kind: 'flag', help: 'list the hosts each play would run on, then stop' },
  { name: 'list-tasks', kind: 'flag', help: 'list the tasks each play would run, then stop' },
  { name: 'force-handlers', kind: 'flag', help: 'run notified handlers on hosts that failed too' },
  { name: 'start-at-task', kind: 'value', valueName: 'NAME', help: 'start at the first task with this name (glob)' },
  { name: 'output', kind: 'value', valueName: 'FORMAT', help: "'json': one JSON document on stdout, nothing else" },
  ...CONNECTION_OPTIONS,
];

export function runHelp(): string {
  return [
    'Usage: lvsplay run PLAYBOOK [-i INVENTORY] [options]',
    '',
    'Converge the hosts of every play in PLAYBOOK. Nothing is touched on any host when the',
    'playbook, inventory or variables have an error (exit 1).',
    '',
    'Options:',
    formatOptions(OPTIONS),
    '',
    'Exit codes: 0 ok, 1 bad input or usage, 2 a task failed, 4 a host was unreachable (wins over 2), 130 interrupted.',
  ].join('\n');
}

function splitList(values: string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
}

export default async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, OPTIONS, 'run');
  if (args.flags.get('help')) {
    process.stdout.write(runHelp() + '\n');
    return EXIT.ok;
  }
  const output = args.values.get('output');
  if (output !== undefined && output !== 'json') throw new UserInputError(`lvsplay run: unknown --output '${output}'`, undefined, "'json'");
  const config = commandConfig();
  const project = loadProject(await projectInputs(args, 'run', config, defaultInventory));

  if (args.flags.get('list-hosts') || args.flags.get('list-tasks')) {
    const text = args.flags.get('list-hosts')
      ? listHosts(project, args.values.get('limit'))
      : listTasks(project, splitList(args.lists.get('tags')), splitList(args.lists.get('skip-tags')));
    process.stdout.write(text + '\n');
    return EXIT.ok;
  }

  const becomeMethod = setting<string>(config, 'DEFAULT_BECOME_METHOD');
  if (becomeMethod !== 'sudo')
    throw new UserInputError(`become_method '${becomeMethod}' (${config.settings.get('DEFAULT_BECOME_METHOD')!.origin}) is not supported`, undefined, 'sudo');
  const askBecomePass = args.flags.get('ask-become-pass') === true || setting<boolean>(config, 'DEFAULT_BECOME_ASK_PASS');
  const becomePassword = askBecomePass ? await askHidden('BECOME password: ') : undefined;
  const options: RunOptions = {
    check: args.flags.get('check') === true,
    diff: args.flags.get('diff') === true,
    tags: splitList(args.lists.get('tags')),
    skipTags: splitList(args.lists.get('skip-tags')),
    extraVars: project.extraVars,
    forks: intOption(args, 'forks', setting<number>(config, 'DEFAULT_FORKS'), 'run'),
    become: args.flags.get('become') === true || setting<boolean>(config, 'DEFAULT_BECOME'),
    forceHandlers: args.flags.get('force-handlers') === true || setting<boolean>(config, 'DEFAULT_FORCE_HANDLERS'),
    errorOnMissingHandler: setting<boolean>(config, 'ERROR_ON_MISSING_HANDLER'),
    verbosity: args.counts.get('verbose') ?? 0,
  };
  const limit = args.values.get('limit');
  if (limit !== undefined) options.limit = limit;
  const becomeUser = args.values.get('become-user') ?? configured<string>(config, 'DEFAULT_BECOME_USER');
  if (becomeUser !== undefined) options.becomeUser = becomeUser;
  if (becomePassword !== undefined) options.becomePassword = becomePassword;
  const remoteUser = args.values.get('user');
  if (remoteUser !== undefined) options.remoteUser = remoteUser;
  const startAt = args.values.get('start-at-task');
  if (startAt !== undefined) options.startAtTask = startAt;

  const reporter = createReporter({ json: output === 'json', verbosity: options.verbosity, diff: options.diff, check: options.check });
  for (const w of project.warnings) reporter.events.warning?.(w);
  const runContext = newRunContext({
    options,
    inventory: project.inventory,
    registry: project.registry,
    events: reporter.events,
    playbookDir: project.playbook.baseDir,
    reloadInventory: project.reloadInventory,
    prompt: askVarsPrompt,
    connect: {
      overrides: connectionOverrides(args, config, 'run'),
      // a passphrase-protected key asks once, on the terminal, never echoed
      askPassphrase: (keyPath) => askHidden(`Enter passphrase for key '${keyPath}': `),
    },
  });

  let interrupts = 0;
  const onSigint = (): void => {
    interrupts++;
    runContext.interrupted = true;
    if (interrupts === 1) process.stderr.write('\nInterrupted: finishing the running tasks, starting nothing new (Ctrl-C again to stop at once)\n');
    else process.exit(EXIT.interrupted);
  };
  process.on('SIGINT', onSigint);
  try {
    const { outcome } = await runPlaybook(runContext, project.playbook);
    await reporter.finish(outcome);
    switch (outcome) {
      case 'ok':
        return EXIT.ok;
      case 'failed':
        return EXIT.taskFailed;
      case 'unreachable':
        return EXIT.unreachable;
      case 'interrupted':
        return EXIT.interrupted;
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
}
