// template: render a Jinja template from the role's templates/ (or next to the playbook) with
// the host's variables and write it through the one atomic writer.
import { readFileSync } from 'node:fs';
import { defineModule } from '../types.js';
import { fileAttributes, managedFileFields, planManagedFile } from '../lib/managed-file.js';
import { WRITTEN_FILE_OPTIONS, WRITTEN_FILE_RETURNS } from '../lib/file-options.js';
import { fileStateFact } from '../../facts/file-state.js';
import { ModuleFailure } from '../../errors.js';

export const templateModule = defineModule({
  name: 'template',
  checkMode: 'plan',
  spec: {
    short_description: "Render a Jinja template with the host's variables and write it (atomically, with a diff)",
    description: ["src is looked up in the role's templates/, then next to the playbook. Whitespace as Ansible's template module (trim_blocks)."],
    options: {
      src: { type: 'path', required: true, description: 'The template, on the controller.' },
      dest: { type: 'path', required: true, description: 'Where to write it on the host.' },
      ...WRITTEN_FILE_OPTIONS,
      force: { type: 'bool', default: true, description: 'Replace a file that differs; with no, only a missing file is written.' },
    },
    returns: { ...WRITTEN_FILE_RETURNS, src: { description: 'the template used, on the controller', type: 'str', returned: 'always' } },
    examples: "- template:\n    src: keepalived.conf.j2\n    dest: /etc/keepalived/keepalived.conf\n    mode: '0640'\n    validate: keepalived -t -f %s",
  },
  async plan(args, ctx) {
    const file = ctx.findFile(args.src, 'templates');
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new ModuleFailure(`template: cannot read ${file}: ${(err as Error).message}`);
    }
    const content = ctx.renderTemplate(text, file);
    if (!args.force && (await ctx.fact(fileStateFact, { path: args.dest })).kind !== 'absent') {
      return { steps: [], msg: `${args.dest} exists and force is off` };
    }
    const desired = { path: args.dest, content, ...fileAttributes(args) };
    const plan = await planManagedFile(ctx.fact, desired);
    return {
      steps: plan.steps,
      diff: plan.diff,
      data: { dest: args.dest, src: file, ...managedFileFields(desired, plan), ...(plan.backupFile !== undefined ? { backup_file: plan.backupFile } : {}) },
    };
  },
});
