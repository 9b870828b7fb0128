// lineinfile: make sure one line is (or is not) in a file, keeping every other line as it is.
import { defineModule } from '../types.js';
import { fileAttributes, planManagedFile } from '../lib/managed-file.js';
import { editLines } from '../lib/line-edit.js';
import { WRITTEN_FILE_OPTIONS } from '../lib/file-options.js';
import { fileStateFact } from '../../facts/file-state.js';
import { ModuleFailure } from '../../errors.js';
import { pythonRegExp } from '../lib/python-regexp.js';

export const lineInFileModule = defineModule({
  name: 'lineinfile',
  checkMode: 'plan',
  spec: {
    short_description: 'Make sure one line is in a file (or is not), leaving every other line as it is',
    description: [
      'With regexp (Python syntax) or search_string, the last matching line is replaced (with state=absent: every matching line is removed); otherwise the line is added after the last line matching insertafter, before the last line matching insertbefore, or at the end (firstmatch: the first matching line instead of the last).',
      'The file is written atomically, keeping its line ends; its mode and owner are kept unless given.',
    ],
    options: {
      path: { type: 'path', required: true, aliases: ['dest', 'destfile', 'name'], description: 'The file to change.' },
      state: { choices: ['absent', 'present'], default: 'present', description: 'Whether the line is there.' },
      line: {
        aliases: ['value'],
        description: 'The line itself; required with state=present. With backrefs it may use the groups of regexp (\\1, \\g<name>).',
      },
      regexp: { aliases: ['regex'], description: 'The expression (Python syntax) that finds the line to replace or remove.' },
      search_string: { description: 'Literal text that finds the line to replace or remove (instead of regexp).' },
      insertafter: { description: 'Where a new line goes: after the last line matching this expression, or EOF.' },
      insertbefore: { description: 'Where a new line goes: before the last line matching this expression, or BOF.' },
      create: { type: 'bool', default: false, description: 'Create the file when it does not exist (with state=present).' },
      backrefs: {
        type: 'bool',
        default: false,
        description: 'line is expanded with the groups of regexp; when regexp matches nothing the file is left as it is (no line is added).',
      },
      firstmatch: { type: 'bool', default: false, description: 'insertafter and insertbefore use the first matching line instead of the last.' },
      ...WRITTEN_FILE_OPTIONS,
    },
    mutually_exclusive: [
      ['insertbefore', 'insertafter'],
      ['regexp', 'search_string'],
      ['backrefs', 'search_string'],
    ],
    examples: [
      '- lineinfile:',
      '    path: /etc/sysctl.conf',
      "    regexp: '^net.ipv4.ip_forward'",
      "    line: 'net.ipv4.ip_forward = 1'",
      '',
      '- lineinfile: path=/etc/hosts line="10.77.0.10 director1" state=present',
    ].join('\n'),
    returns: {
      msg: { description: "'line added', 'line replaced', 'N line(s) removed', or empty when nothing changed", type: 'str', returned: 'always' },
      found: { description: 'how many lines matched (state=absent)', type: 'int', returned: 'state=absent' },
      backup: { description: 'where the old file was kept', type: 'str', returned: 'changed and backup' },
    },
  },
  async plan(args, ctx) {
    const { path, state } = args;
    if (state === 'present' && args.line === undefined) throw new ModuleFailure("lineinfile: 'line' is required with state=present");
    if (state === 'absent' && args.line === undefined && args.regexp === undefined && args.search_string === undefined) {
      throw new ModuleFailure("lineinfile: state=absent needs 'line', 'regexp' or 'search_string'");
    }
    if (args.backrefs && args.regexp === undefined) throw new ModuleFailure('lineinfile: backrefs needs regexp');
    // Bad patterns fail before anything is read from the host.
    for (const [what, pattern] of [
      ['regexp', args.regexp],
      ['insertafter', args.insertafter],
      ['insertbefore', args.insertbefore],
    ] as const) {
      if (pattern !== undefined && pattern !== 'BOF' && pattern !== 'EOF') pythonRegExp(pattern, `lineinfile: ${what}`);
    }
    const before = await ctx.fact(fileStateFact, { path, withContent: true });
    if (before.kind === 'absent') {
      if (state === 'absent') return { steps: [], msg: `${path} does not exist` };
      if (!args.create) throw new ModuleFailure(`Destination ${path} does not exist !`, { rc: 257 });
    } else if (before.kind !== 'file') {
      throw new ModuleFailure(`${path} is a ${before.kind}, not a file`);
    }
    const edit = editLines(before.content ?? '', {
      state,
      ...(args.line !== undefined ? { line: args.line } : {}),
      ...(args.regexp !== undefined ? { regexp: args.regexp } : {}),
      ...(args.search_string !== undefined ? { searchString: args.search_string } : {}),
      ...(args.insertafter !== undefined ? { insertAfter: args.insertafter } : {}),
      ...(args.insertbefore !== undefined ? { insertBefore: args.insertbefore } : {}),
      backrefs: args.backrefs,
      firstMatch: args.firstmatch,
    });
    const plan = await planManagedFile(ctx.fact, {
      path,
      content: edit.content,
      ...fileAttributes(args),
      createParents: before.kind === 'absent',
    });
    // Ansible's lineinfile names the backup `backup` (copy and template say backup_file)
    const data = {
      ...(edit.found !== undefined ? { found: edit.found } : {}),
      ...(plan.backupFile !== undefined ? { backup: plan.backupFile } : {}),
      ...emptyPatternWarnings(args.regexp, args.search_string),
    };
    return { steps: plan.steps, diff: plan.diff, msg: edit.msg, data };
  },
});

/** Ansible's warnings for an empty regexp or search_string (it matches every line). */
function emptyPatternWarnings(regexp: string | undefined, searchString: string | undefined): { warnings?: string[] } {
  const consequence = 'This may have unintended consequences, such as replacing the last line in the file rather than appending.';
  if (regexp === '')
    return {
      warnings: [
        `The regular expression is an empty string, which will match every line in the file. ${consequence} If this is desired, use '^' to match every line in the file and avoid this warning.`,
      ],
    };
  if (searchString === '') return { warnings: [`The search string is an empty string, which will match every line in the file. ${consequence}`] };
  return {};
}
