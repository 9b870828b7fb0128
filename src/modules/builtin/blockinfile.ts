// blockinfile: a block of lines between two marker lines, inserted, replaced in place or removed,
// as ansible-core 2.14's blockinfile does it (the last pair of markers is the block; a new block
// goes after the last line matching insertafter, before the last matching insertbefore, or at
// the end), written through the one file writer.
import { defineModule } from '../types.js';
import { fileAttributes, planManagedFile } from '../lib/managed-file.js';
import { pythonRegExp } from '../lib/python-regexp.js';
import { fileStateFact } from '../../facts/file-state.js';
import { ModuleFailure } from '../../errors.js';

export interface BlockEdit {
  block: string;
  marker: string;
  markerBegin: string;
  markerEnd: string;
  state: 'present' | 'absent';
  insertAfter?: string;
  insertBefore?: string;
}

/** Lines with their line ends kept (Python's splitlines(True) for \n files). */
function splitKeepingEnds(text: string): string[] {
  return text === '' ? [] : (text.match(/[^\n]*\n|[^\n]+$/g) ?? []);
}

/** The file's text with the block placed (or removed). */
export function editBlock(text: string, edit: BlockEdit): string {
  const lines = splitKeepingEnds(text);
  const begin = `${edit.marker.replace(/\{mark\}/g, edit.markerBegin)}\n`;
  const end = `${edit.marker.replace(/\{mark\}/g, edit.markerEnd)}\n`;
  // An empty block with state=present removes the block, as in Ansible.
  const blockLines =
    edit.state === 'absent' || edit.block === ''
      ? []
      : [
          begin,
          ...edit.block
            .split(/\r?\n/)
            .filter((l, i, all) => i < all.length - 1 || l !== '')
            .map((l) => `${l}\n`),
          end,
        ];
  let n0: number | undefined;
  let n1: number | undefined;
  lines.forEach((line, i) => {
    if (line === begin) n0 = i;
    if (line === end) n1 = i;
  });
  let at: number;
  if (n0 === undefined || n1 === undefined) {
    const anchor = edit.insertAfter ?? edit.insertBefore;
    if (anchor === undefined || anchor === 'EOF') at = lines.length;
    else if (anchor === 'BOF' && edit.insertBefore !== undefined) at = 0;
    else {
      const re = pythonRegExp(anchor, edit.insertAfter !== undefined ? 'blockinfile: insertafter' : 'blockinfile: insertbefore');
      let found: number | undefined;
      lines.forEach((line, i) => {
        // Python's $ also matches before the line's own newline
        if (re.test(line.replace(/\n$/, ''))) found = i;
      });
      at = found === undefined ? lines.length : edit.insertAfter !== undefined ? found + 1 : found;
    }
  } else {
    const [from, to] = n0 < n1 ? [n0, n1] : [n1, n0];
    lines.splice(from, to - from + 1);
    at = from;
  }
  // the line before the block gets its missing line end
  if (at > 0 && !lines[at - 1]!.endsWith('\n')) lines[at - 1] += '\n';
  lines.splice(at, 0, ...blockLines);
  return lines.join('');
}

export const blockInFileModule = defineModule({
  name: 'blockinfile',
  checkMode: 'plan',
  spec: {
    short_description: 'Insert, update or remove a block of lines between marker lines',
    description: [
      'The block sits between two marker lines; when they are found the block is replaced where it is, otherwise it is inserted after the last line matching insertafter, before the last matching insertbefore, or at the end.',
      'An empty block removes the block, as state=absent does.',
    ],
    options: {
      path: { type: 'path', required: true, aliases: ['dest', 'destfile', 'name'], description: 'The file to change.' },
      block: { default: '', aliases: ['content'], description: 'The lines to put between the markers.' },
      state: { choices: ['present', 'absent'], default: 'present', description: 'Whether the block is there.' },
      marker: { default: '# {mark} ANSIBLE MANAGED BLOCK', description: '{mark} becomes marker_begin or marker_end.' },
      marker_begin: { default: 'BEGIN', description: 'What {mark} is on the first marker line.' },
      marker_end: { default: 'END', description: 'What {mark} is on the last marker line.' },
      insertafter: { description: 'Where a new block goes: after the last line matching this expression, or EOF.' },
      insertbefore: { description: 'Where a new block goes: before the last line matching this expression, or BOF.' },
      create: { type: 'bool', default: false, description: 'Create the file when it does not exist.' },
      backup: { type: 'bool', default: false, description: 'Keep the old file as FILE.PID.DATE~ (returned as backup_file).' },
      validate: { description: 'A command run on the new file (%s is its path) before it replaces the old one.' },
      mode: { type: 'raw', format: 'mode', description: 'The mode of the file, octal or symbolic.' },
      owner: { description: 'The owner of the file.' },
      group: { description: 'The group of the file.' },
    },
    mutually_exclusive: [['insertafter', 'insertbefore']],
    examples: ['- blockinfile:', '    path: /etc/ssh/sshd_config', '    block: |', '      Match User backup', '        PasswordAuthentication no'].join('\n'),
    returns: {
      msg: { description: "'Block inserted', 'Block removed', 'File created', or empty when nothing changed", type: 'str', returned: 'always' },
      backup_file: { description: 'where the old file was kept', type: 'str', returned: 'changed and backup' },
    },
  },
  async plan(args, ctx) {
    if (args.validate !== undefined && !args.validate.includes('%s')) throw new ModuleFailure(`validate must contain %s: ${args.validate}`);
    const before = await ctx.fact(fileStateFact, { path: args.path, withContent: true });
    if (before.kind === 'absent' && !args.create) throw new ModuleFailure(`Path ${args.path} does not exist !`, { rc: 257 });
    if (before.kind !== 'absent' && before.kind !== 'file') throw new ModuleFailure(`Path ${args.path} is a ${before.kind} !`, { rc: 256 });
    const original = before.kind === 'file' ? (before.content ?? '') : undefined;
    const content = editBlock(original ?? '', {
      block: args.block,
      marker: args.marker,
      markerBegin: args.marker_begin,
      markerEnd: args.marker_end,
      state: args.state,
      ...(args.insertafter !== undefined ? { insertAfter: args.insertafter } : {}),
      ...(args.insertbefore !== undefined ? { insertBefore: args.insertbefore } : {}),
    });
    // A missing file with nothing to put in it stays missing (Ansible writes nothing either).
    if (original === undefined && content === '') return { steps: [], msg: '' };
    const plan = await planManagedFile(ctx.fact, { path: args.path, content, ...fileAttributes(args), createParents: original === undefined });
    const removing = args.state === 'absent' || args.block === '';
    const msg = original === content ? '' : original === undefined ? 'File created' : removing ? 'Block removed' : 'Block inserted';
    return { steps: plan.steps, diff: plan.diff, msg, data: plan.backupFile !== undefined ? { backup_file: plan.backupFile } : {} };
  },
});
