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

/**
 * What may change the host goes on the long-lived shell this way: its output goes to files of
 * its own (in a folder the shell makes once) and is read back when it ends, so a daemon it
 * starts, holding those files, cannot write into a later command's output. Its stdin travels in
 * the script as base64. If the shell has no such folder (no writable temporary directory), the
 * command does not run and its stderr is exactly noShellFolder(f, i): run it elsewhere.
 */
export function isolatedCommand(f: Framing, i: number, command: string, stdin?: Buffer): string {
  const m = marker(f, i);
  const o = `"$LVSPLAY_D/o${i}"`;
  const e = `"$LVSPLAY_D/e${i}"`;
  // The command gets a shell of its own, as on an exec channel (`$$` is that shell, so `kill $$`
  // ends the command, not the host shell). It runs in a subshell of a go-between whose stderr is
  // /dev/null: a shell that waits for a child killed by a signal reports it ("Terminated") on its
  // stderr, which an exec channel does not, and the host shell never waits for a killed child.
  const own = `/bin/sh -c 'exec 2>/dev/null; ( exec /bin/sh -c "$0" >"$1" 2>"$2" )' ${quote(command)} ${o} ${e}`;
  const run = stdin === undefined ? `${own} </dev/null` : `base64 -d <<'${m}-in' 2>/dev/null | ${own}`;
  const feed = stdin === undefined ? '' : `${stdin.toString('base64').replace(/.{1,76}/g, '$&\n')}${m}-in\n`;
  return (
    `if [ -z "$LVSPLAY_D" ]; then LVSPLAY_D=$(mktemp -d 2>/dev/null) && trap 'rm -rf "$LVSPLAY_D"' EXIT && trap 'exit 129' HUP TERM; fi; ` +
    `if [ -d "$LVSPLAY_D" ]; then ${run}\n${feed}r=$?; cat ${o}; cat ${e} >&2; rm -f ${o} ${e}; else r=1; echo ${m}-nofolder >&2; fi; ` +
    `printf '\\n%s %s\\n' ${m} "$r"; printf '\\n%s\\n' ${m} >&2\n`
  );
}

/** isolatedCommand's whole stderr when the shell could not make its folder: nothing ran. */
export function noShellFolder(f: Framing, i: number): string {
  return `${marker(f, i)}-nofolder\n`;
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
