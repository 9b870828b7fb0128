// lineinfile: make sure one line is (or is not) in a file, keeping every other line as it is.
import { defineModule } from '../types.js';
import { fileAttributes, planManagedFile } from '../lib/managed-file.js';
import { editLines } from '../lib/line-edit.js';
import { BOOL, MODE, bool, pathArg, resolveAliases } from '../lib/args.js';
import { fileStateFact } from '../../facts/file-state.js';
import { ModuleFailure } from '../../errors.js';
import { pythonRegExp } from '../lib/python-regexp.js';

interface LineInFileArgs {
  path?: string;
  dest?: string;
  name?: string;
  destfile?: string;
  line?: string;
  regexp?: string;
  search_string?: string;
  state?: 'present' | 'absent';
  insertafter?: string;
  insertbefore?: string;
  create?: boolean | string;
  backrefs?: boolean | string;
  firstmatch?: boolean | string;
  mode?: string | number;
  owner?: string;
  group?: string;
  validate?: string;
  backup?: boolean | string;
}

export const lineInFileModule = defineModule<LineInFileArgs>({
  name: 'lineinfile',
  checkMode: 'plan',
  argsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      path: { type: 'string', minLength: 1 },
      dest: { type: 'string', minLength: 1 },
      name: { type: 'string', minLength: 1 },
      destfile: { type: 'string', minLength: 1 },
      line: { type: ['string', 'number'] },
      regexp: { type: 'string' },
      search_string: { type: 'string' },
      state: { type: 'string', enum: ['present', 'absent'] },
      insertafter: { type: 'string' },
      insertbefore: { type: 'string' },
      create: BOOL,
      backrefs: BOOL,
      firstmatch: BOOL,
      mode: MODE,
      owner: { type: 'string' },
      group: { type: 'string' },
      validate: { type: 'string' },
      backup: BOOL,
    },
    anyOf: [{ required: ['path'] }, { required: ['dest'] }, { required: ['destfile'] }, { required: ['name'] }],
  },
  async plan(given, ctx) {
    const args = resolveAliases(given, { destfile: 'path' }, 'lineinfile');
    const path = pathArg(args, 'lineinfile');
    const state = args.state ?? 'present';
    if (state === 'present' && args.line === undefined) throw new ModuleFailure("lineinfile: 'line' is required with state=present");
    if (state === 'absent' && args.line === undefined && args.regexp === undefined && args.search_string === undefined) {
      throw new ModuleFailure("lineinfile: state=absent needs 'line', 'regexp' or 'search_string'");
    }
    if (args.insertafter !== undefined && args.insertbefore !== undefined)
      throw new ModuleFailure('lineinfile: insertafter and insertbefore are mutually exclusive');
    if (args.regexp !== undefined && args.search_string !== undefined) throw new ModuleFailure('lineinfile: regexp and search_string are mutually exclusive');
    if (bool(args.backrefs) && args.regexp === undefined) throw new ModuleFailure('lineinfile: backrefs needs regexp');
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
      if (!bool(args.create)) throw new ModuleFailure(`Destination ${path} does not exist (use create: yes to create it)`);
    } else if (before.kind !== 'file') {
      throw new ModuleFailure(`${path} is a ${before.kind}, not a file`);
    }
    const edit = editLines(before.content ?? '', {
      state,
      ...(args.line !== undefined ? { line: String(args.line) } : {}),
      ...(args.regexp !== undefined ? { regexp: args.regexp } : {}),
      ...(args.search_string !== undefined ? { searchString: args.search_string } : {}),
      ...(args.insertafter !== undefined ? { insertAfter: args.insertafter } : {}),
      ...(args.insertbefore !== undefined ? { insertBefore: args.insertbefore } : {}),
      backrefs: bool(args.backrefs),
      firstMatch: bool(args.firstmatch),
    });
    const plan = await planManagedFile(ctx.fact, {
      path,
      content: edit.content,
      ...fileAttributes(args),
      createParents: before.kind === 'absent',
    });
    // Ansible's lineinfile names the backup `backup` (copy and template say backup_file)
    const data = { ...(edit.found !== undefined ? { found: edit.found } : {}), ...(plan.backupFile !== undefined ? { backup: plan.backupFile } : {}) };
    return { steps: plan.steps, diff: plan.diff, msg: edit.msg, data };
  },
});
