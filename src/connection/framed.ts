// Several commands in one shell script, each with its own stdout, stderr and exit code: the
// framing that lets a host's fact reads share one round trip (engine) and one long-lived shell
// (ssh.ts). Each command runs in its own subshell with stdin from /dev/null, so `exit`, `cd`,
// `set -e` or a read of stdin in one command cannot touch the next one or the framing.
import { randomBytes } from 'node:crypto';
import { quote } from '../util/shell.js';
import type { ExecResult } from './types.js';

export interface Framing {
  /** Unique per script: command output can never forge an end marker. */
  nonce: string;
}

export function newFraming(): Framing {
  return { nonce: randomBytes(8).toString('hex') };
}

function marker(f: Framing, i: number): string {
  return `@@lvsplay-end-${f.nonce}-${i}`;
}

/**
 * The script for command `i`: after it, a newline (its output may lack one) and the end
 * marker with the exit code on stdout, the end marker on stderr.
 */
export function framedCommand(f: Framing, i: number, command: string): string {
  const m = marker(f, i);
  return `( eval ${quote(command)} ) </dev/null; printf '\\n%s %s\\n' ${m} "$?"; printf '\\n%s\\n' ${m} >&2\n`;
}

export function framedScript(f: Framing, commands: readonly string[]): string {
  return commands.map((c, i) => framedCommand(f, i, c)).join('');
}

/** Where command `i`'s stdout ends in `text`, with its exit code; undefined while incomplete. */
export function findStdoutEnd(f: Framing, i: number, text: string, from = 0): { end: number; next: number; exitCode: number } | undefined {
  const m = `\n${marker(f, i)} `;
  const at = text.indexOf(m, from);
  if (at < 0) return undefined;
  const nl = text.indexOf('\n', at + m.length);
  if (nl < 0) return undefined;
  return { end: at, next: nl + 1, exitCode: Number(text.slice(at + m.length, nl)) };
}

/** Where command `i`'s stderr ends in `text`; undefined while incomplete. */
export function findStderrEnd(f: Framing, i: number, text: string, from = 0): { end: number; next: number } | undefined {
  const m = `\n${marker(f, i)}\n`;
  const at = text.indexOf(m, from);
  return at < 0 ? undefined : { end: at, next: at + m.length };
}

/**
 * Split the output of framedScript into one result per command. A command whose end marker is
 * missing (the script died before it) gets the script's exit code and whatever output is left.
 */
export function splitFramed(f: Framing, count: number, whole: ExecResult): ExecResult[] {
  const results: ExecResult[] = [];
  let out = 0;
  let err = 0;
  for (let i = 0; i < count; i++) {
    const o = findStdoutEnd(f, i, whole.stdout, out);
    const e = findStderrEnd(f, i, whole.stderr, err);
    if (!o) {
      results.push({
        stdout: whole.stdout.slice(out),
        stderr: whole.stderr.slice(err),
        exitCode: whole.exitCode === 0 ? 255 : whole.exitCode,
        durationMs: whole.durationMs,
      });
      out = whole.stdout.length;
      err = whole.stderr.length;
      continue;
    }
    results.push({
      stdout: whole.stdout.slice(out, o.end),
      stderr: whole.stderr.slice(err, e ? e.end : undefined),
      exitCode: o.exitCode,
      durationMs: whole.durationMs,
    });
    out = o.next;
    err = e ? e.next : whole.stderr.length;
  }
  return results;
}
