// copy: a file's content from `content:` or from a controller file (`src:`), written through
// the one atomic writer (temp file, validate, rename).
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { defineModule } from '../types.js';
import { fileAttributes, managedFileFields, planManagedFile } from '../lib/managed-file.js';
import { WRITTEN_FILE_OPTIONS, WRITTEN_FILE_RETURNS } from '../lib/file-options.js';
import { fileStateFact } from '../../facts/file-state.js';
import { ModuleFailure } from '../../errors.js';

export const copyModule = defineModule({
  name: 'copy',
  checkMode: 'plan',
  spec: {
    short_description: 'Write a file on the host from inline content or from a file on the controller (atomically, with a diff)',
    description: [
      "src is looked up in the role's files/, then next to the playbook; it must be UTF-8 text. A source with no group or other permissions keeps its mode on the host unless mode is given.",
      'dest ending in / or naming an existing directory receives the file under the name of src.',
    ],
    options: {
      dest: { type: 'path', required: true, description: 'Where to write the file on the host.' },
      content: { type: 'raw', description: 'The text to write, instead of src. A mapping or a list is written as JSON.' },
      src: { type: 'path', description: 'A file on the controller to copy, instead of content.' },
      ...WRITTEN_FILE_OPTIONS,
      force: { type: 'bool', default: true, description: 'Replace a file that differs; with no, only a missing file is written.' },
    },
    mutually_exclusive: [['content', 'src']],
    required_one_of: [['content', 'src']],
    examples: [
      '- copy:',
      '    src: sysctl-lvs.conf',
      '    dest: /etc/sysctl.d/90-lvs.conf',
      "    mode: '0644'",
      '',
      '- copy:',
      '    content: "net.ipv4.ip_forward = 1\\n"',
      '    dest: /etc/sysctl.d/91-forward.conf',
    ].join('\n'),
    returns: { ...WRITTEN_FILE_RETURNS, dest: { ...WRITTEN_FILE_RETURNS.dest, description: 'the file written (inside dest when dest is a directory)' } },
  },
  async plan(args, ctx) {
    let content: string;
    // Ansible's copy fails the task (no pre-run error) on an empty dest
    if (args.dest === '') throw new ModuleFailure('dest is required');
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
    if (!args.force) {
      const st = await ctx.fact(fileStateFact, { path: dest });
      if (st.kind !== 'absent') return { steps: [], msg: `${dest} exists and force is off` };
    }
    const desired = { path: dest, content, ...fileAttributes(args), ...(privateMode !== undefined ? { mode: privateMode } : {}) };
    const plan = await planManagedFile(ctx.fact, desired);
    return {
      steps: plan.steps,
      diff: plan.diff,
      data: { dest, ...managedFileFields(desired, plan), ...(plan.backupFile !== undefined ? { backup_file: plan.backupFile } : {}) },
    };
  },
});
