// command: run a program without a shell (arguments are split like shlex and quoted again, so
// pipes are not interpreted; $VARS and a leading ~ expand on the target, as in Ansible). Always
// "changed" unless creates/removes say otherwise; in check mode, a command with creates/removes
// reports whether it would run, one without is skipped (it cannot be planned without running it).
import { defineModule, type Plan, type Step } from '../types.js';
import { commandLine, expandingWord, hasGlob, quote, splitWords } from '../../util/shell.js';
import { ModuleFailure } from '../../errors.js';
import { fileStateFact } from '../../facts/file-state.js';
import { globMatchesFact } from '../../facts/glob-matches.js';
import { outputFields } from '../lib/command-output.js';
import { extractInlineOptions } from '../lib/free-form.js';
import type { FactReader } from '../../facts/types.js';

async function exists(fact: FactReader, path: string): Promise<boolean> {
  // a pattern counts when anything matches it (Python's glob, as Ansible does)
  if (hasGlob(path)) return (await fact(globMatchesFact, { pattern: path })).length > 0;
  return (await fact(fileStateFact, { path })).kind !== 'absent';
}

/** creates/removes: the message and stdout when the path already says the command ran. */
export async function alreadyDone(fact: FactReader, creates?: string, removes?: string): Promise<{ msg: string; stdout: string } | undefined> {
  if (creates !== undefined && (await exists(fact, creates)))
    return { msg: `Did not run command since '${creates}' exists`, stdout: `skipped, since ${creates} exists` };
  if (removes !== undefined && !(await exists(fact, removes)))
    return { msg: `Did not run command since '${removes}' does not exist`, stdout: `skipped, since ${removes} does not exist` };
  return undefined;
}

/** The result fields of a command that did not run (Ansible's command module reports them all). */
export function notRun(cmd: unknown, stdout = ''): Record<string, unknown> {
  return { cmd, rc: 0, stdout, stderr: '', stdout_lines: stdout === '' ? [] : [stdout], stderr_lines: [] };
}

/** chdir must be a folder: Ansible fails before running anything otherwise. */
export async function checkChdir(fact: FactReader, chdir: string | undefined, cmd: unknown): Promise<void> {
  if (chdir === undefined) return;
  const kind = (await fact(fileStateFact, { path: chdir })).kind;
  if (kind === 'directory' || kind === 'link') return;
  const why = kind === 'absent' ? 'No such file or directory' : 'Not a directory';
  throw new ModuleFailure(`Unable to change directory before execution: ${why}: '${chdir}'`, { cmd, rc: null });
}

export const CHECK_MODE_MSG = 'Command would have run if not in check mode';

/**
 * The plan of a command that is to run: with creates/removes its outcome is known (it runs, so it
 * changes); without, check mode skips it with Ansible's message.
 */
export function runPlan(step: Step, cmd: unknown, guarded: boolean, warnings: string[] = []): Plan {
  const data = { ...notRun(cmd), ...(warnings.length > 0 ? { warnings } : {}) };
  return guarded ? { steps: [step], msg: CHECK_MODE_MSG, data } : { steps: [step], checkModeSkip: CHECK_MODE_MSG, data };
}

export function definedOnly<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * One command step. `cd -P`: a chdir through a symlink lands on the physical folder, as
 * Python's os.chdir leaves the command's $PWD.
 */
export function commandStep(line: string, args: { chdir?: string; stdin?: string; stdin_add_newline?: boolean }, shown = line): Step {
  const command = args.chdir !== undefined ? `cd -P -- ${quote(args.chdir)} || exit 1\n${line}` : line;
  const step: Step = { describe: `run: ${shown.length > 80 ? shown.slice(0, 77) + '...' : shown}`, command };
  if (args.stdin !== undefined) step.stdin = args.stdin + (args.stdin_add_newline === false ? '' : '\n');
  return step;
}

export const commandModule = defineModule({
  name: 'command',
  freeFormArg: 'cmd',
  checkMode: 'plan',
  spec: {
    short_description: 'Run a command without a shell: no pipes, redirections or expansions',
    description: [
      'Always a change unless creates/removes say it is done; in --check, skipped without creates/removes (unless the task says check_mode: false).',
      '$VARS and a leading ~ in the words expand on the target, as in Ansible; nothing else does.',
    ],
    options: {
      cmd: { description: 'The command line (the free-form text), split into words as a shell would, without running one.' },
      argv: { type: 'list', elements: 'str', description: 'The command as a list of words: nothing is split or quoted.' },
      chdir: { type: 'path', description: 'Run in this folder.' },
      creates: { type: 'path', description: 'Skip when this path exists.' },
      removes: { type: 'path', description: 'Skip unless this path exists.' },
      stdin: { description: 'Text for the standard input.' },
      stdin_add_newline: { type: 'bool', default: true, description: 'End stdin with a newline.' },
      strip_empty_ends: { type: 'bool', default: true, description: 'Strip the line breaks at the end of stdout and stderr.' },
      executable: { type: 'path', description: "Accepted as Ansible does: not used, with a warning (command runs no shell; use 'shell')." },
    },
    examples: '- command: ipvsadm -Ln\n  register: table\n  changed_when: false\n\n- command:\n    argv: [systemctl, is-active, keepalived]',
    returns: {
      rc: { description: 'Exit code', type: 'int', returned: 'always' },
      stdout: { description: 'Standard output', type: 'str', returned: 'always' },
      stderr: { description: 'Standard error', type: 'str', returned: 'always' },
    },
  },
  async plan(args, ctx) {
    // Ansible's own checks and messages (a failed task with rc 256), not argument errors
    if (args.cmd != null && args.argv !== undefined) throw new ModuleFailure('only command or argv can be given, not both', { cmd: null, rc: 256 });
    const inline = args.cmd != null ? extractInlineOptions(args.cmd) : { text: '', options: {} };
    const opts = { ...inline.options, ...definedOnly({ chdir: args.chdir, creates: args.creates, removes: args.removes, stdin: args.stdin }) };
    let words: string[];
    try {
      words = args.argv ?? splitWords(inline.text);
    } catch (err) {
      throw new ModuleFailure(`command: ${(err as Error).message}`);
    }
    if (words.length === 0) throw new ModuleFailure('no command given', { cmd: null, rc: 256 });
    const executable = args.executable ?? inline.options.executable;
    const warnings =
      executable !== undefined
        ? [`As of Ansible 2.4, the parameter 'executable' is no longer supported with the 'command' module. Not using '${executable}'.`]
        : [];
    await checkChdir(ctx.fact, opts.chdir, words);
    const done = await alreadyDone(ctx.fact, opts.creates, opts.removes);
    if (done) return { steps: [], msg: done.msg, data: notRun(words, done.stdout) };
    const step = commandStep(words.map(expandingWord).join(' '), { ...opts, stdin_add_newline: args.stdin_add_newline }, commandLine(...words));
    return runPlan(step, words, opts.creates !== undefined || opts.removes !== undefined, warnings);
  },
  summarize: (args, _plan, outputs) => ({ ...outputFields(outputs, args.strip_empty_ends), ...(outputs.length > 0 ? { msg: '' } : {}) }),
});
