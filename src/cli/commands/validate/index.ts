// `lvsplay validate PLAYBOOK -i INVENTORY`: load and check everything, contact no host.
import { formatOptions, parseArgs } from '../../args.js';
import { PROJECT_OPTIONS, projectInputs } from '../project-options.js';
import { defaultInventory } from '../default-inventory.js';
import { loadProject } from '../../../engine/load-project.js';
import { EXIT } from '../../exit-codes.js';

export default async function validate(argv: string[]): Promise<number> {
  const args = parseArgs(argv, PROJECT_OPTIONS, 'validate');
  if (args.flags.get('help')) {
    process.stdout.write(
      [
        'Usage: lvsplay validate PLAYBOOK [-i INVENTORY] [options]',
        '',
        'Load and check the playbook, its roles, the inventory and the variables (YAML, keywords, modules and their arguments, role variable specs, handler names, undefined variables that can be known statically) without contacting any host.',
        '',
        'Options:',
        formatOptions(PROJECT_OPTIONS),
      ].join('\n') + '\n',
    );
    return EXIT.ok;
  }
  const project = loadProject(projectInputs(args, 'validate', defaultInventory));
  for (const w of project.warnings) process.stderr.write(`[WARNING]: ${w}\n`);
  const tasks = project.playbook.plays.reduce((n, p) => n + p.sections.reduce((m, s) => m + s.tasks.length, 0), 0);
  process.stdout.write(
    `${project.playbook.file}: ok (${project.playbook.plays.length} plays, ${tasks} top-level tasks, ${project.inventory.hostNames().length} hosts)\n`,
  );
  return EXIT.ok;
}
