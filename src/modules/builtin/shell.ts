// shell: run a command line through /bin/sh (or `executable`), pipes and expansions included.
// The command text is the user's own; values from variables should go through `| quote`.
import { defineModule } from '../types.js';
import { quote } from '../../util/shell.js';
import { alreadyDone, commandStep } from './command.js';
import { outputFields } from '../lib/command-output.js';

interface ShellArgs {
  cmd: string;
  chdir?: string;
  creates?: string;
  removes?: string;
  executable?: string;
  stdin?: string;
  stdin_add_newline?: boolean;
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
      stdin_add_newline: { type: 'boolean' },
    },
  },
  async plan(args, ctx) {
    const done = await alreadyDone(ctx.fact, args.creates, args.removes);
    if (done) return { steps: [], msg: done };
    const line = args.executable ? `${quote(args.executable)} -c ${quote(args.cmd)}` : args.cmd;
    return { steps: [commandStep(line, args)] };
  },
  summarize: (_args, _plan, outputs) => outputFields(outputs),
});
