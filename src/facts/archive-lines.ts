// The output both archive facts (tar_archive, zip_archive) print, one tagged line each: PROBLEM
// (and the tool's words after it), DEST (the folder's stat), FILE (a name in the archive), HAS
// (that name's mode and owner on disk) and DIFF (a difference); each fact adds tags of its own.
import { FactParseError } from '../errors.js';
import type { ExecResult } from '../connection/types.js';

export interface ArchiveLines {
  files: string[];
  diff: string[];
  /** mode (octal), owner and group of each listed name that exists below dest. */
  present: Record<string, { mode: string; owner: string; group: string }>;
  dest?: { uid: number; gid: number; owner: string; group: string; mode: string; size: number };
}

/**
 * The fact's problem, or its common lines read into one object; `own` takes the fact's other
 * tags (false for a tag it does not know either).
 */
export function parseArchiveLines<P extends string>(
  fact: string,
  result: ExecResult,
  own: (tag: string, value: string) => boolean,
): { problem: P; reason: string } | ArchiveLines {
  if (result.exitCode !== 0) throw new FactParseError(fact, `cannot read the archive: ${result.stderr.trim()}`, result.stdout);
  const lines = result.stdout.replace(/\n$/, '').split('\n');
  const at = lines.findIndex((l) => l.startsWith('PROBLEM '));
  if (at >= 0) return { problem: lines[at]!.slice(8) as P, reason: lines.slice(at + 1).join('\n') };
  const out: ArchiveLines = { files: [], diff: [], present: {} };
  let last: string | undefined;
  for (const line of lines) {
    const bar = line.indexOf('|');
    const [tag, value] = [line.slice(0, bar), line.slice(bar + 1)];
    if (tag === 'DEST') {
      const [uid, gid, owner, group, mode, size] = value.split('|');
      out.dest = { uid: Number(uid), gid: Number(gid), owner: owner!, group: group!, mode: mode!.padStart(4, '0'), size: Number(size) };
    } else if (tag === 'FILE') {
      last = value.replace(/^\//, '');
      out.files.push(last);
    } else if (tag === 'HAS' && last !== undefined) {
      const [mode, owner, group] = value.split('|');
      out.present[last] = { mode: mode!.padStart(4, '0'), owner: owner!, group: group! };
    } else if (tag === 'DIFF') out.diff.push(value);
    else if (!own(tag, value)) throw new FactParseError(fact, `unexpected line: ${line}`, result.stdout);
  }
  if (out.dest === undefined) throw new FactParseError(fact, 'incomplete output', result.stdout);
  return out;
}
