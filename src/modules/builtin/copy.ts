// copy: a file's content from `content:` or from a controller file (`src:`), written through
// the one atomic writer (temp file, validate, rename).
import { readFileSync, statSync } from 'node:fs';
import { basename, posix } from 'node:path';
import { defineModule, type Plan } from '../types.js';
import { fileAttributes, managedFileFields, planManagedFile } from '../lib/managed-file.js';
import { WRITTEN_FILE_OPTIONS, WRITTEN_FILE_RETURNS } from '../lib/file-options.js';
import { fileStateFact } from '../../facts/file-state.js';
import { ModuleFailure } from '../../errors.js';
import { planControllerTree, planRemoteTree } from '../lib/copy-tree.js';
import type { FactReader } from '../../facts/types.js';

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
      remote_src: { type: 'bool', default: false, description: 'src is a file or folder on the host, not on the controller.' },
      directory_mode: { type: 'raw', format: 'mode', description: 'Mode of the folders a folder copy makes (folders already there keep theirs).' },
      local_follow: {
        type: 'bool',
        default: true,
        description: 'Follow symbolic links in a controller src; with no, a src holding a link is refused (links are not copied as links).',
      },
      follow: { type: 'bool', default: false, description: 'Accepted as in Ansible; a dest that is a symbolic link is refused either way.' },
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
    let createParents = false;
    if (args.src !== undefined && args.remote_src) return planRemoteCopy(ctx.fact, args.src, dest, args);
    if (args.src !== undefined) {
      const file = ctx.findFile(args.src, 'files');
      if (statSync(file).isDirectory()) {
        const o = {
          localFollow: args.local_follow,
          ...fileAttributes(args),
          ...(args.directory_mode !== undefined ? { directoryMode: args.directory_mode } : {}),
        };
        return planControllerTree(ctx.fact, file, args.src, dest, o);
      }
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
      // dest/ is a folder, made when missing (with its parents), as in Ansible
      if (dest.endsWith('/')) {
        dest += basename(args.src);
        createParents = true;
      } else if ((await ctx.fact(fileStateFact, { path: dest, withContent: true })).kind === 'directory') dest = `${dest}/${basename(args.src)}`;
    } else {
      if (dest.endsWith('/')) throw new ModuleFailure('copy: can not use content with a dir as dest');
      // Ansible writes non-string content (a dict from a template) as JSON.
      content = typeof args.content === 'string' ? args.content : JSON.stringify(args.content);
    }
    if (!args.force) {
      const st = await ctx.fact(fileStateFact, { path: dest });
      if (st.kind !== 'absent') return { steps: [], msg: `${dest} exists and force is off` };
    }
    const desired = { path: dest, content, ...fileAttributes(args), ...(privateMode !== undefined ? { mode: privateMode } : {}), createParents };
    const plan = await planManagedFile(ctx.fact, desired);
    return {
      steps: plan.steps,
      diff: plan.diff,
      data: { dest, ...managedFileFields(desired, plan), ...(plan.backupFile !== undefined ? { backup_file: plan.backupFile } : {}) },
    };
  },
});

/** copy with remote_src: a file or a folder already on the host. */
async function planRemoteCopy(
  fact: FactReader,
  src: string,
  written: string,
  args: { mode?: unknown; owner?: string; group?: string; validate?: string; backup: boolean; directory_mode?: unknown },
): Promise<Plan> {
  const source = await fact(fileStateFact, { path: src.replace(/(.)\/+$/, '$1') });
  if (source.kind === 'absent') throw new ModuleFailure(`Source ${src} not found`);
  if (source.kind === 'directory') return planRemoteTree(fact, src, written, args.directory_mode as string | number | undefined);
  if (source.kind !== 'file') throw new ModuleFailure(`Cannot copy invalid source '${src}': not a file`);
  let dest = written;
  const createParents = dest.endsWith('/');
  if (createParents) dest += basename(src);
  else if ((await fact(fileStateFact, { path: dest })).kind === 'directory') dest = posix.join(dest, basename(src));
  else {
    const parent = posix.dirname(dest);
    if ((await fact(fileStateFact, { path: parent })).kind === 'absent') throw new ModuleFailure(`Destination directory ${parent} does not exist`);
  }
  const content = (await fact(fileStateFact, { path: src, withContent: true })).content ?? '';
  const desired = { path: dest, content, ...fileAttributes(args as Parameters<typeof fileAttributes>[0]), createParents };
  const plan = await planManagedFile(fact, desired);
  return { steps: plan.steps, diff: plan.diff, data: { dest, src, ...managedFileFields(desired, plan) } };
}
