// ini_file: one option of an INI file set, added or removed (or a whole section removed), as
// ansible-core 2.14's ini_file edits it (src/modules/lib/ini-edit.ts); the file goes through the
// one writer. msg and diff as Ansible's.
import { defineModule } from '../types.js';
import { ModuleFailure } from '../../errors.js';
import { fileStateFact } from '../../facts/file-state.js';
import { fileAttributes, planManagedFile } from '../lib/managed-file.js';
import { FILE_ATTRIBUTE_OPTIONS } from '../lib/file-options.js';
import { editIni } from '../lib/ini-edit.js';

export const iniFileModule = defineModule({
  name: 'ini_file',
  checkMode: 'plan',
  spec: {
    short_description: 'Set, add or remove an option (or a section) of an INI file',
    description: [
      "The option is looked for in the first [section] (or before any section when section is not given), commented out with # or ; too; a new one goes after the section's last line that is neither blank nor a comment, a missing section at the end of the file.",
    ],
    options: {
      path: { type: 'path', required: true, aliases: ['dest'], description: 'The INI file.' },
      section: { description: 'The section; not given: the lines before the first section.' },
      option: { description: 'The option; not given with state absent: the whole section is removed.' },
      value: { description: 'Its value.' },
      values: { type: 'list', elements: 'str', description: 'Several values, one line each (with exclusive, the only ones).' },
      state: { choices: ['present', 'absent'], default: 'present', description: 'Whether the option (or section) should be there.' },
      exclusive: { type: 'bool', default: true, description: "Remove the option's other lines (values not listed)." },
      allow_no_value: { type: 'bool', default: false, description: 'Allow an option without a value (a bare "option" line).' },
      no_extra_spaces: { type: 'bool', default: false, description: 'Write option=value rather than option = value.' },
      create: { type: 'bool', default: true, description: 'Create the file when it is missing; otherwise that is an error.' },
      backup: { type: 'bool', default: false, description: 'Keep the old file as FILE.PID.DATE~ (returned as backup_file).' },
      ...FILE_ATTRIBUTE_OPTIONS,
    },
    mutually_exclusive: [['value', 'values']],
    examples: ['- ini_file:', '    path: /etc/keepalived/notify.ini', '    section: mail', '    option: to', '    value: ops@example.org'].join('\n'),
    returns: {
      msg: {
        description: "'OK', 'option added', 'option changed', 'section and option added', 'only section added', 'section removed'",
        type: 'str',
        returned: 'always',
      },
      path: { description: 'The file', type: 'str', returned: 'always' },
      backup_file: { description: 'where the old file was kept', type: 'str', returned: 'changed and backup' },
    },
  },
  async plan(args, ctx) {
    const values = args.values ?? (args.value !== undefined ? [args.value] : []);
    // Ansible's message, word for word
    if (args.state === 'present' && args.option !== undefined && values.length === 0 && !args.allow_no_value)
      throw new ModuleFailure("Parameter 'value(s)' must be defined if state=present and allow_no_value=False.");
    const before = await ctx.fact(fileStateFact, { path: args.path, withContent: true });
    if (before.kind === 'absent' && !args.create) throw new ModuleFailure(`Destination ${args.path} does not exist!`);
    if (before.kind !== 'absent' && before.kind !== 'file') throw new ModuleFailure(`Destination ${args.path} is a ${before.kind}!`);
    const original = before.kind === 'file' ? (before.content ?? '') : '';
    const { text, msg } = editIni(original, {
      section: args.section ?? null,
      ...(args.option !== undefined ? { option: args.option } : {}),
      values,
      state: args.state,
      exclusive: args.exclusive,
      allowNoValue: args.allow_no_value,
      noExtraSpaces: args.no_extra_spaces,
    });
    // A missing file that would stay empty is not created (Ansible writes only a change).
    if (before.kind === 'absent' && text === '') return { steps: [], msg, data: { path: args.path } };
    const plan = await planManagedFile(ctx.fact, { path: args.path, content: text, ...fileAttributes(args), createParents: before.kind === 'absent' });
    const backup = plan.backupFile !== undefined ? { backup_file: plan.backupFile } : {};
    return { steps: plan.steps, diff: plan.diff, msg, data: { path: args.path, ...backup } };
  },
});
