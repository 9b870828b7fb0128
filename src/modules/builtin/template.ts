// template: render a Jinja template from the role's templates/ (or next to the playbook) with
// the host's variables and write it through the one atomic writer.
import { readFileSync } from 'node:fs';
import { defineModule } from '../types.js';
import { fileAttributes, planManagedFile } from '../lib/managed-file.js';
import { BOOL, MODE, bool } from '../lib/args.js';
import { fileStateFact } from '../../facts/file-state.js';
import { ModuleFailure } from '../../errors.js';

interface TemplateArgs {
  src: string;
  dest: string;
  mode?: string | number;
  owner?: string;
  group?: string;
  backup?: boolean | string;
  validate?: string;
  force?: boolean | string;
}

export const templateModule = defineModule<TemplateArgs>({
  name: 'template',
  checkMode: 'plan',
  argsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['src', 'dest'],
    properties: {
      src: { type: 'string', minLength: 1 },
      dest: { type: 'string', minLength: 1 },
      mode: MODE,
      owner: { type: 'string' },
      group: { type: 'string' },
      backup: BOOL,
      validate: { type: 'string' },
      force: BOOL,
    },
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
    if (!bool(args.force, true) && (await ctx.fact(fileStateFact, { path: args.dest })).kind !== 'absent') {
      return { steps: [], msg: `${args.dest} exists and force is off` };
    }
    const plan = await planManagedFile(ctx.fact, {
      path: args.dest,
      content,
      ...fileAttributes(args),
    });
    return { steps: plan.steps, diff: plan.diff, data: { dest: args.dest, src: file } };
  },
});
