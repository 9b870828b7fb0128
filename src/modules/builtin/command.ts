// command: run a program without a shell (arguments are split like shlex and quoted again, so
// pipes and $VARS are not interpreted). Always "changed" unless creates/removes say otherwise,
// and skipped in check mode (a command cannot be planned without running it).
import { defineModule, type Step } from '../types.js';
import { commandLine, quote, splitWords } from '../../util/shell.js';
import { ModuleFailure } from '../../errors.js';
import { fileStateFact } from '../../facts/file-state.js';
import { outputFields } from '../lib/command-output.js';
import type { FactReader } from '../../facts/types.js';

/** creates/removes: the command is not needed when the path already says it ran. */
export async function alreadyDone(fact: FactReader, creates?: string, removes?: string): Promise<string | undefined> {
  if (creates !== undefined && (await fact(fileStateFact, { path: creates })).kind !== 'absent') return `skipped, since ${creates} exists`;
  if (removes !== undefined && (await fact(fileStateFact, { path: removes })).kind === 'absent') return `skipped, since ${removes} does not exist`;
  return undefined;
}

const INLINE_KEYS = ['chdir', 'creates', 'removes', 'executable', 'stdin'] as const;
type InlineKey = (typeof INLINE_KEYS)[number];

/**
 * Ansible's free form also carries options: `command: chdir=/opt creates=x ./build` and
 * `shell: ./run.sh creates=/x`. They are taken from the start and the end of the text; the rest
 * stays exactly as written (for shell, quoting included).
 */
export function extractInlineOptions(text: string): { text: string; options: Partial<Record<InlineKey, string>> } {
  const options: Partial<Record<InlineKey, string>> = {};
  const value = `("[^"]*"|'[^']*'|\\S+)`;
  const keys = INLINE_KEYS.join('|');
  const head = new RegExp(`^\\s*(${keys})=${value}(\\s+|$)`);
  const tail = new RegExp(`\\s+(${keys})=${value}\\s*$`);
  const unquote = (v: string): string => (/^(["']).*\1$/.test(v) ? v.slice(1, -1) : v);
  let rest = text;
  for (let m = head.exec(rest); m; m = head.exec(rest)) {
    options[m[1] as InlineKey] ??= unquote(m[2]!);
    rest = rest.slice(m[0].length);
  }
  for (let m = tail.exec(rest); m; m = tail.exec(rest)) {
    options[m[1] as InlineKey] ??= unquote(m[2]!);
    rest = rest.slice(0, m.index);
  }
  return { text: rest.trim(), options };
}

export function definedOnly<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function commandStep(line: string, args: { chdir?: string; stdin?: string; stdin_add_newline?: boolean }): Step {
  const command = args.chdir !== undefined ? `cd -- ${quote(args.chdir)} || exit 1\n${line}` : line;
  const step: Step = { describe: `run: ${line.length > 80 ? line.slice(0, 77) + '...' : line}`, command };
  if (args.stdin !== undefined) step.stdin = args.stdin + (args.stdin_add_newline === false ? '' : '\n');
  return step;
}

export const commandModule = defineModule({
  name: 'command',
  freeFormArg: 'cmd',
  checkMode: 'none',
  spec: {
    short_description: 'Run a command without a shell: no pipes, redirections or expansions',
    description: ['Always a change unless creates/removes say it is done; skipped in --check unless the task says check_mode: false.'],
    options: {
      cmd: { description: 'The command line (the free-form text), split into words as a shell would, without running one.' },
      argv: { type: 'list', elements: 'str', description: 'The command as a list of words: nothing is split or quoted.' },
      chdir: { type: 'path', description: 'Run in this folder.' },
      creates: { type: 'path', description: 'Skip when this path exists.' },
      removes: { type: 'path', description: 'Skip unless this path exists.' },
      stdin: { description: 'Text for the standard input.' },
      stdin_add_newline: { type: 'bool', default: true, description: 'End stdin with a newline.' },
      strip_empty_ends: { type: 'bool', default: true, description: 'Accepted for Ansible compatibility.' },
    },
    mutually_exclusive: [['cmd', 'argv']],
    required_one_of: [['cmd', 'argv']],
    examples: '- command: ipvsadm -Ln\n  register: table\n  changed_when: false\n\n- command:\n    argv: [systemctl, is-active, keepalived]',
    returns: {
      rc: { description: 'Exit code', type: 'int', returned: 'always' },
      stdout: { description: 'Standard output', type: 'str', returned: 'always' },
      stderr: { description: 'Standard error', type: 'str', returned: 'always' },
    },
  },
  async plan(args, ctx) {
    const inline = args.cmd !== undefined ? extractInlineOptions(args.cmd) : { text: '', options: {} };
    const opts = { ...inline.options, ...definedOnly({ chdir: args.chdir, creates: args.creates, removes: args.removes, stdin: args.stdin }) };
    const done = await alreadyDone(ctx.fact, opts.creates, opts.removes);
    if (done) return { steps: [], msg: done, data: { rc: 0, stdout: done, stdout_lines: [done] } };
    let words: string[];
    try {
      words = args.argv ?? splitWords(inline.text);
    } catch (err) {
      throw new ModuleFailure(`command: ${(err as Error).message}`);
    }
    if (words.length === 0) throw new ModuleFailure('command: no command given');
    return {
      data: { cmd: words },
      steps: [commandStep(commandLine(...words), { ...opts, stdin_add_newline: args.stdin_add_newline })],
    };
  },
  summarize: (_args, _plan, outputs) => outputFields(outputs),
});
