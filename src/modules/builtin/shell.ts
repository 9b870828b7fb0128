// shell: run a command line through /bin/sh (or `executable`), pipes and expansions included.
// The command text is the user's own; values from variables should go through `| quote`.
import { defineModule } from '../types.js';
import { quote } from '../../util/shell.js';
import { alreadyDone, checkChdir, commandStep, definedOnly, notRun, runPlan } from './command.js';
import { extractInlineOptions } from '../lib/free-form.js';
import { ModuleFailure } from '../../errors.js';
import { outputFields } from '../lib/command-output.js';

export const shellModule = defineModule({
  name: 'shell',
  freeFormArg: 'cmd',
  checkMode: 'plan',
  spec: {
    short_description: 'Run a command line through /bin/sh (or executable): pipes, redirections and expansions included',
    description: [
      'Always a change unless creates/removes say it is done; in --check, skipped without creates/removes (unless the task says check_mode: false).',
    ],
    options: {
      cmd: { required: true, description: "The command line (the free-form text). Values from variables should go through '| quote'." },
      chdir: { type: 'path', description: 'Run in this folder.' },
      creates: { type: 'path', description: 'Skip when this path exists.' },
      removes: { type: 'path', description: 'Skip unless this path exists.' },
      executable: { type: 'path', description: 'Another shell to run the line with (it gets -c LINE).' },
      stdin: { description: 'Text for the standard input.' },
      stdin_add_newline: { type: 'bool', default: true, description: 'End stdin with a newline.' },
      strip_empty_ends: { type: 'bool', default: true, description: 'Strip the line breaks at the end of stdout and stderr.' },
    },
    examples: '- shell: ipvsadm -Ln | grep -c Route\n  register: routes\n  changed_when: false',
    returns: {
      rc: { description: 'Exit code', type: 'int', returned: 'always' },
      stdout: { description: 'Standard output', type: 'str', returned: 'always' },
      stderr: { description: 'Standard error', type: 'str', returned: 'always' },
    },
  },
  async plan(args, ctx) {
    const inline = extractInlineOptions(args.cmd);
    const opts = {
      ...inline.options,
      ...definedOnly({ chdir: args.chdir, creates: args.creates, removes: args.removes, stdin: args.stdin, executable: args.executable }),
    };
    if (inline.text.trim() === '') throw new ModuleFailure('no command given', { cmd: null, rc: 256 });
    // `cmd` is the text as it runs: options taken out, continuation lines joined, the rest as written
    const cmd = inline.text;
    await checkChdir(ctx.fact, opts.chdir, cmd);
    const done = await alreadyDone(ctx.fact, opts.creates, opts.removes);
    if (done) return { steps: [], msg: done.msg, data: notRun(cmd, done.stdout) };
    // The connection already runs every command with /bin/sh -c; another shell gets the text
    // as one quoted argument.
    const line = opts.executable ? `${quote(opts.executable)} -c ${quote(cmd)}` : cmd;
    const step = commandStep(line, { ...opts, stdin_add_newline: args.stdin_add_newline });
    return runPlan(step, cmd, opts.creates !== undefined || opts.removes !== undefined);
  },
  summarize: (args, _plan, outputs) => ({ ...outputFields(outputs, args.strip_empty_ends), ...(outputs.length > 0 ? { msg: '' } : {}) }),
});
