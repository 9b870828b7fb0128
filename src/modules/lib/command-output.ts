// The result fields of command-like modules (Ansible's names): rc, stdout, stderr and their
// _lines, trailing newline stripped as Ansible does.
import type { ExecResult } from '../../connection/types.js';
import type { ModuleResult } from '../types.js';

export function outputFields(outputs: ExecResult[]): Partial<ModuleResult> {
  const last = outputs[outputs.length - 1];
  if (!last) return {};
  const stdout = last.stdout.replace(/\n$/, '');
  const stderr = last.stderr.replace(/\n$/, '');
  return {
    rc: last.exitCode,
    stdout,
    stderr,
    stdout_lines: stdout === '' ? [] : stdout.split('\n'),
    stderr_lines: stderr === '' ? [] : stderr.split('\n'),
    delta_ms: last.durationMs,
  };
}
