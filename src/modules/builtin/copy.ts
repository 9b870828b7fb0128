// copy: a file's content from `content:` or from a controller file (`src:`), written through
// the one atomic writer (temp file, validate, rename).
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { defineModule } from '../types.js';
import { fileAttributes, planManagedFile } from '../lib/managed-file.js';
import { BOOL, MODE, bool } from '../lib/args.js';
import { fileStateFact } from '../../facts/file-state.js';
import { ModuleFailure } from '../../errors.js';

interface CopyArgs {
  dest: string;
  content?: string;
  src?: string;
  mode?: string | number;
  owner?: string;
  group?: string;
  backup?: boolean | string;
  validate?: string;
  force?: boolean | string;
}

export const copyModule = defineModule<CopyArgs>({
  name: 'copy',
  checkMode: 'plan',
  argsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['dest'],
    properties: {
      dest: { type: 'string', minLength: 1 },
      content: { type: ['string', 'number', 'boolean', 'object', 'array'] },
      src: { type: 'string', minLength: 1 },
      mode: MODE,
      owner: { type: 'string' },
      group: { type: 'string' },
      backup: BOOL,
      validate: { type: 'string' },
      force: BOOL,
    },
    oneOf: [{ required: ['content'] }, { required: ['src'] }],
  },
  async plan(args, ctx) {
    let content: string;
    let dest = args.dest;
    let privateMode: string | undefined;
    if (args.src !== undefined) {
      const file = ctx.findFile(args.src, 'files');
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch (err) {
        throw new ModuleFailure(`copy: cannot read ${file}: ${(err as Error).message}`);
      }
      content = bytes.toString('utf8');
      // A private source (a key, a secret: no group or other bits) stays private on the host
      // unless the task sets a mode; otherwise an existing 0644 file would keep its 0644.
      const sourceMode = statSync(file).mode & 0o7777;
      if (args.mode === undefined && (sourceMode & 0o077) === 0) privateMode = sourceMode.toString(8).padStart(4, '0');
      // Content travels as text; refuse rather than corrupt a binary file.
      if (!Buffer.from(content, 'utf8').equals(bytes)) throw new ModuleFailure(`copy: ${file} is not UTF-8 text; binary files are not supported`);
      // Into a directory: the file keeps its name (dest/ or an existing directory), as in Ansible.
      if (dest.endsWith('/')) dest += basename(args.src);
      else if ((await ctx.fact(fileStateFact, { path: dest, withContent: true })).kind === 'directory') dest = `${dest}/${basename(args.src)}`;
    } else {
      if (dest.endsWith('/')) throw new ModuleFailure('copy: can not use content with a dir as dest');
      // Ansible writes non-string content (a dict from a template) as JSON.
      content = typeof args.content === 'string' ? args.content : JSON.stringify(args.content);
    }
    if (!bool(args.force, true)) {
      const st = await ctx.fact(fileStateFact, { path: dest });
      if (st.kind !== 'absent') return { steps: [], msg: `${dest} exists and force is off` };
    }
    const plan = await planManagedFile(ctx.fact, {
      path: dest,
      content,
      ...fileAttributes(args),
      ...(privateMode !== undefined ? { mode: privateMode } : {}),
    });
    return { steps: plan.steps, diff: plan.diff, data: { dest, ...(plan.backupFile !== undefined ? { backup_file: plan.backupFile } : {}) } };
  },
});
