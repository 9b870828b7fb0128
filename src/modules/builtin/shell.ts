// shell: run a command line through /bin/sh (or `executable`), pipes and expansions included.
// The command text is the user's own; values from variables should go through `| quote`.
import { defineModule } from '../types.js';
import { quote } from '../../util/shell.js';
import { alreadyDone, commandStep, definedOnly, extractInlineOptions } from './command.js';
import { BOOL, bool } from '../lib/args.js';
import { ModuleFailure } from '../../errors.js';
import { outputFields } from '../lib/command-output.js';

interface ShellArgs {
  cmd: string;
  chdir?: string;
  creates?: string;
  removes?: string;
  executable?: string;
  stdin?: string;
  stdin_add_newline?: boolean | string;
}

export const shellModule = defineModule<ShellArgs>({
  name: 'shell',
  freeFormArg: 'cmd',
  checkMode: 'none',
  argsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['cmd'],
    properties: {
      cmd: { type: 'string', minLength: 1 },
      chdir: { type: 'string' },
      creates: { type: 'string' },
      removes: { type: 'string' },
      executable: { type: 'string' },
      stdin: { type: 'string' },
      stdin_add_newline: BOOL,
    },
  },
  async plan(args, ctx) {
    const inline = extractInlineOptions(args.cmd);
    const opts = {
      ...inline.options,
      ...definedOnly({ chdir: args.chdir, creates: args.creates, removes: args.removes, stdin: args.stdin, executable: args.executable }),
    };
    if (inline.text === '') throw new ModuleFailure('shell: no command given');
    const done = await alreadyDone(ctx.fact, opts.creates, opts.removes);
    if (done) return { steps: [], msg: done, data: { rc: 0, stdout: done, stdout_lines: [done] } };
    // The connection already runs every command with /bin/sh -c; another shell gets the text
    // as one quoted argument.
    const line = opts.executable ? `${quote(opts.executable)} -c ${quote(inline.text)}` : inline.text;
    return {
      data: { cmd: inline.text },
      steps: [commandStep(line, { ...opts, ...(args.stdin_add_newline !== undefined ? { stdin_add_newline: bool(args.stdin_add_newline) } : {}) })],
    };
  },
  summarize: (_args, _plan, outputs) => outputFields(outputs),
});
