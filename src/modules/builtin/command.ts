// command: run a program without a shell (arguments are split like shlex and quoted again, so
// pipes and $VARS are not interpreted). Always "changed" unless creates/removes say otherwise,
// and skipped in check mode (a command cannot be planned without running it).
import { defineModule, type Step } from '../types.js';
import { commandLine, quote, splitWords } from '../../util/shell.js';
import { ModuleFailure } from '../../errors.js';
import { fileStateFact } from '../../facts/file-state.js';
import { outputFields } from '../lib/command-output.js';
import type { FactReader } from '../../facts/types.js';

export interface CommandArgs {
  cmd?: string;
  argv?: string[];
  chdir?: string;
  creates?: string;
  removes?: string;
  stdin?: string;
  stdin_add_newline?: boolean;
}

/** creates/removes: the command is not needed when the path already says it ran. */
export async function alreadyDone(fact: FactReader, creates?: string, removes?: string): Promise<string | undefined> {
  if (creates !== undefined && (await fact(fileStateFact, { path: creates })).kind !== 'absent') return `skipped, since ${creates} exists`;
  if (removes !== undefined && (await fact(fileStateFact, { path: removes })).kind === 'absent') return `skipped, since ${removes} does not exist`;
  return undefined;
}

export function commandStep(line: string, args: { chdir?: string; stdin?: string; stdin_add_newline?: boolean }): Step {
  const command = args.chdir !== undefined ? `cd -- ${quote(args.chdir)} || exit 1\n${line}` : line;
  const step: Step = { describe: `run: ${line.length > 80 ? line.slice(0, 77) + '...' : line}`, command };
  if (args.stdin !== undefined) step.stdin = args.stdin + (args.stdin_add_newline === false ? '' : '\n');
  return step;
}

export const commandModule = defineModule<CommandArgs>({
  name: 'command',
  freeFormArg: 'cmd',
  checkMode: 'none',
  argsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      cmd: { type: 'string' },
      argv: { type: 'array', items: { type: ['string', 'number'] }, minItems: 1 },
      chdir: { type: 'string' },
      creates: { type: 'string' },
      removes: { type: 'string' },
      stdin: { type: 'string' },
      stdin_add_newline: { type: 'boolean' },
      strip_empty_ends: { type: 'boolean' },
    },
    oneOf: [{ required: ['cmd'] }, { required: ['argv'] }],
  },
  async plan(args, ctx) {
    const done = await alreadyDone(ctx.fact, args.creates, args.removes);
    if (done) return { steps: [], msg: done };
    let words: string[];
    try {
      words = args.argv ? args.argv.map(String) : splitWords(args.cmd ?? '');
    } catch (err) {
      throw new ModuleFailure(`command: ${(err as Error).message}`);
    }
    if (words.length === 0) throw new ModuleFailure('command: nothing to run');
    return { steps: [commandStep(commandLine(...words), args)] };
  },
  summarize: (_args, _plan, outputs) => outputFields(outputs),
});
