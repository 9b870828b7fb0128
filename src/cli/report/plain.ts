// Line-by-line output for pipes, CI and logs (and the base of the TTY view): one line per host
// per task, each naming the host, as Ansible prints them.
import type { ChalkInstance } from 'chalk';
import type { HostTaskResult, RunEvents } from '../../engine/run/events.js';
import type { ModuleResult } from '../../modules/types.js';
import { textOf } from '../../util/text.js';
import { recapLines } from './recap.js';
import { unifiedDiff } from './diff-text.js';
import { checksTable } from './checks-table.js';

export interface PlainReporterOptions {
  write: (text: string) => void;
  colors: ChalkInstance;
  verbosity: number;
  /** Show diffs of results (--diff). */
  diff: boolean;
  check: boolean;
}

export function banner(title: string): string {
  return `${title} ${'*'.repeat(Math.max(3, 78 - title.length))}`;
}

export function statusWord(r: HostTaskResult): string {
  if (r.ignored) return 'failed (ignored)';
  switch (r.status) {
    case 'ok':
      return 'ok';
    case 'changed':
      return 'changed';
    case 'skipped':
      return 'skipping';
    case 'failed':
      return 'failed';
    case 'unreachable':
      return 'unreachable';
  }
}

export function paintStatus(c: ChalkInstance, r: HostTaskResult, text: string): string {
  if (r.ignored) return c.cyan(text);
  switch (r.status) {
    case 'ok':
      return c.green(text);
    case 'changed':
      return c.yellow(text);
    case 'skipped':
      return c.cyan(text);
    default:
      return c.red(text);
  }
}

/** The text after `status: [host]` — message, and with -v the interesting fields. */
export function resultDetail(result: ModuleResult, status: HostTaskResult['status'], verbosity: number, alwaysMsg = false): string {
  const parts: string[] = [];
  if ((status === 'failed' || status === 'unreachable') && result.msg) parts.push(String(result.msg));
  else if (result.msg !== undefined && (verbosity > 0 || alwaysMsg)) parts.push(textOf(result.msg));
  if (result.skip_reason && verbosity > 0) parts.push(textOf(result.skip_reason));
  if (verbosity > 0) {
    if (typeof result.stdout === 'string' && result.stdout !== '') parts.push(`stdout: ${result.stdout.trimEnd()}`);
    if (typeof result.stderr === 'string' && result.stderr !== '') parts.push(`stderr: ${result.stderr.trimEnd()}`);
  }
  if (result.censored) parts.push(textOf(result.censored));
  return parts.join(' | ');
}

/** `web1`, or `web1 -> localhost` for a delegated task (as Ansible shows it). */
function hostLabel(r: HostTaskResult): string {
  return r.delegatedTo !== undefined && r.delegatedTo !== r.host ? `${r.host} -> ${r.delegatedTo}` : r.host;
}

export function createPlainReporter(o: PlainReporterOptions): RunEvents {
  const c = o.colors;
  const line = (text: string): void => o.write(text + '\n');
  const showResult = (r: HostTaskResult): void => {
    const item = r.item !== undefined ? ` => (item=${r.item})` : '';
    const detail = resultDetail(r.result, r.status, o.verbosity, r.display?.verboseAlways === true);
    line(paintStatus(c, r, `${statusWord(r)}: [${hostLabel(r)}]${item}${detail ? ` => ${detail}` : ''}`));
    if (r.display?.checks) line(checksTable(r.host, r.display.checks, c));
    if (r.display?.text !== undefined)
      line(
        r.display.text
          .split('\n')
          .map((l) => `    ${l}`)
          .join('\n'),
      );
    if (o.diff && r.display?.diff && r.item === undefined) {
      for (const d of r.display.diff) line(colorDiff(c, unifiedDiff(d)));
    }
  };
  return {
    playStart: (play) => line(`\n${banner(`PLAY [${play.name}]`)}`),
    playNoHosts: (play) => line(`\n${banner(`PLAY [${play.name}]`)}\n${c.cyan('skipping: no hosts matched')}`),
    taskStart: (task) =>
      line(`\n${banner(`${task.isHandler ? 'RUNNING HANDLER' : 'TASK'} [${task.name}]`)}${o.verbosity > 1 ? `\ntask path: ${task.path}` : ''}`),
    itemResult: (_task, r) => showResult(r),
    hostResult: (_task, r) => {
      if (r.result.results !== undefined && r.status !== 'failed' && r.status !== 'unreachable') {
        // loop: items were already shown; summarise
        line(paintStatus(c, r, `${statusWord(r)}: [${hostLabel(r)}] (${(r.result.results as unknown[]).length} items)`));
        if (o.diff && r.display?.diff) for (const d of r.display.diff) line(colorDiff(c, unifiedDiff(d)));
        return;
      }
      showResult(r);
    },
    command: (host, step, output) => {
      if (o.verbosity < 1) return;
      const what = output ? `exit ${output.exitCode}` : o.check ? 'would run' : 'planned';
      line(c.gray(`  [${host}] ${step.describe} (${what})`));
      if (o.verbosity >= 3)
        line(
          c.gray(
            step.command
              .split('\n')
              .map((l) => `    $ ${l}`)
              .join('\n'),
          ),
        );
      if (output && o.verbosity >= 2) {
        if (output.stdout)
          line(
            c.gray(
              output.stdout
                .trimEnd()
                .split('\n')
                .map((l) => `    > ${l}`)
                .join('\n'),
            ),
          );
        if (output.stderr)
          line(
            c.gray(
              output.stderr
                .trimEnd()
                .split('\n')
                .map((l) => `    ! ${l}`)
                .join('\n'),
            ),
          );
      }
    },
    warning: (message) => line(c.magenta(`[WARNING]: ${message}`)),
    recap: (stats, wallMs) => {
      line(`\n${banner('PLAY RECAP')}`);
      for (const l of recapLines(stats, wallMs, c)) line(l);
    },
  };
}

function colorDiff(c: ChalkInstance, text: string): string {
  return text
    .split('\n')
    .map((l) => (l.startsWith('+') ? c.green(l) : l.startsWith('-') ? c.red(l) : l.startsWith('@@') ? c.cyan(l) : l))
    .join('\n');
}
