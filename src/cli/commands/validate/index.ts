// `lvsplay validate PLAYBOOK -i INVENTORY`: load and check everything, contact no host.
// `lvsplay validate --list-unsupported DIR`: count the modules a tree uses that lvsplay lacks.
import { existsSync, statSync } from 'node:fs';
import { formatOptions, parseArgs, type OptionSpec } from '../../args.js';
import { PROJECT_OPTIONS, projectInputs } from '../project-options.js';
import { defaultInventory } from '../default-inventory.js';
import { commandConfig } from '../../ansible-settings.js';
import { loadProject } from '../../../engine/load-project.js';
import { EXIT } from '../../exit-codes.js';
import { UserInputError } from '../../../errors.js';
import { surveyUnsupportedModules } from '../../../engine/playbook/unsupported-modules.js';
import { moduleRegistry } from '../../../modules/registry.js';

const VALIDATE_OPTIONS: OptionSpec[] = [
  ...PROJECT_OPTIONS,
  { name: 'list-unsupported', kind: 'flag', help: 'instead: count the modules used under DIR (playbooks, tasks/, handlers/) that lvsplay does not support' },
];

export default async function validate(argv: string[]): Promise<number> {
  const args = parseArgs(argv, VALIDATE_OPTIONS, 'validate');
  if (args.flags.get('help')) {
    process.stdout.write(
      [
        'Usage: lvsplay validate PLAYBOOK [-i INVENTORY] [options]',
        '       lvsplay validate --list-unsupported DIR',
        '',
        'Load and check the playbook, its roles, the inventory and the variables (YAML, keywords, modules and their arguments, role variable specs, handler names, undefined variables that can be known statically) without contacting any host.',
        '',
        'Options:',
        formatOptions(VALIDATE_OPTIONS),
      ].join('\n') + '\n',
    );
    return EXIT.ok;
  }
  if (args.flags.get('list-unsupported')) return listUnsupported(args.positionals);
  const project = loadProject(await projectInputs(args, 'validate', commandConfig(), defaultInventory));
  for (const w of [...project.unmatchedPatterns, ...project.warnings]) process.stderr.write(`[WARNING]: ${w}\n`);
  const tasks = project.playbook.plays.reduce((n, p) => n + p.sections.reduce((m, s) => m + s.tasks.length, 0), 0);
  process.stdout.write(
    `${project.playbook.file}: ok (${project.playbook.plays.length} plays, ${tasks} top-level tasks, ${project.inventory.hostNames().length} hosts)\n`,
  );
  return EXIT.ok;
}

function listUnsupported(positionals: string[]): number {
  const [dir, ...extra] = positionals;
  if (dir === undefined || extra.length > 0)
    throw new UserInputError('lvsplay validate --list-unsupported: give one folder', undefined, 'lvsplay validate --list-unsupported DIR');
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new UserInputError(`lvsplay validate --list-unsupported: ${dir} is not a folder`, undefined, 'a folder of playbooks and roles');
  const survey = surveyUnsupportedModules(dir, moduleRegistry());
  const width = Math.max(6, ...survey.modules.map((m) => m.module.length));
  const out = [`${'tasks'.padStart(5)}  ${'module'.padEnd(width)}  files`];
  for (const m of survey.modules) out.push(`${String(m.tasks).padStart(5)}  ${m.module.padEnd(width)}  ${m.files.length}`);
  const tasks = survey.modules.reduce((n, m) => n + m.tasks, 0);
  const files = new Set(survey.modules.flatMap((m) => m.files)).size;
  out.push(`${survey.modules.length} unsupported modules in ${tasks} tasks of ${files} of the ${survey.filesRead} playbooks and task files read under ${dir}`);
  if (survey.unreadable.length > 0) out.push(`${survey.unreadable.length} YAML files did not parse and were skipped: ${survey.unreadable.join(', ')}`);
  process.stdout.write(out.join('\n') + '\n');
  return EXIT.ok;
}
