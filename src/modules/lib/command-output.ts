// The result fields of command-like modules (Ansible's names): rc, stdout, stderr and their
// _lines, the line breaks at the end stripped as Ansible does (unless strip_empty_ends is off).
import type { ExecResult } from '../../connection/types.js';
import type { ModuleResult } from '../types.js';

export function outputFields(outputs: ExecResult[], stripEmptyEnds = true): Partial<ModuleResult> {
  const last = outputs[outputs.length - 1];
  if (!last) return {};
  const strip = (text: string): string => (stripEmptyEnds ? text.replace(/[\r\n]+$/, '') : text);
  const stdout = strip(last.stdout);
  const stderr = strip(last.stderr);
  return {
    rc: last.exitCode,
    stdout,
    stderr,
    stdout_lines: lines(stdout),
    stderr_lines: lines(stderr),
    delta_ms: last.durationMs,
  };
}

/** Python's str.splitlines() for \n, \r\n and \r: no empty last line for a final break. */
function lines(text: string): string[] {
  if (text === '') return [];
  const parts = text.split(/\r\n|\r|\n/);
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}
