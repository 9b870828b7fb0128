// What unarchive needs to know about a zip archive and the folder it unpacks into, with Info-ZIP's
// unzip on the host. ansible-core compares each name in the archive with what is on disk (type,
// mtime, size, CRC32, permissions, owner); the host has no Python to compute CRC32, so the
// archive is unpacked into a scratch folder instead and each name compared with its twin on disk
// (type, size, mtime, mode, owner, content): the same verdicts, since unzip writes the same
// mtime and mode in both places. (One difference, on purpose: a folder's mode is not compared.)
import { FactParseError } from '../errors.js';
import { quote } from '../util/shell.js';
import type { FactDefinition } from './types.js';
import { parseArchiveLines } from './archive-lines.js';

export interface ZipArchiveArgs {
  /** The archive on the host (a shell word: a quoted path, or "$tmp" for an archive sent on stdin). */
  src: string;
  dest: string;
  /** Names (unzip patterns) to take, all when empty. */
  include: string[];
  /** Names (unzip patterns) to leave out. */
  exclude: string[];
  /** Compare modes (false when the task sets a mode itself: that is compared afterwards). */
  compareMode: boolean;
  /** Compare owners with the user the commands run as (false when the task sets owner/group). */
  compareOwner: boolean;
  /** keep_newer: a file newer on disk than in the archive is not a difference. */
  keepNewer: boolean;
}

export interface ZipArchive {
  problem?: 'src-missing' | 'src-unreadable' | 'src-empty' | 'dest-not-dir' | 'no-unzip' | 'unlisted';
  /** unzip's words when it cannot list the archive. */
  reason?: string;
  files?: string[];
  /** One line per name and difference ("PATH: missing", "PATH: size differs": see the command). */
  diff?: string[];
  /** Where unzip is (extract_results names it). */
  unzipPath?: string;
  /** mode (octal), owner and group of each listed name that exists below dest. */
  present?: Record<string, { mode: string; owner: string; group: string }>;
  dest?: { uid: number; gid: number; owner: string; group: string; mode: string; size: number };
}

/** The pattern words of an unzip call: the names to take, then -x and those to leave out. */
export function zipPatterns(a: { include: string[]; exclude: string[] }): string[] {
  return [...a.include, ...(a.exclude.length > 0 ? ['-x', ...a.exclude] : [])];
}

type UnzipCall = { src: string; dest: string; include: string[]; exclude: string[]; options: string[] };

/** The unpacking call as Ansible's ZipArchive makes it: unzip -o [options] SRC [names] [-x names] -d DEST. */
export function unzipWords(a: UnzipCall, unzip = 'unzip'): string[] {
  return [unzip, '-o', ...a.options, a.src, ...zipPatterns(a), '-d', a.dest];
}

/** That call as a command line (src is already a shell word). */
export function unzipCommand(a: UnzipCall): string {
  const words = unzipWords({ ...a, src: '' }).map((w) => (w === '' ? a.src : quote(w)));
  return `LANG=C LC_ALL=C ${words.join(' ')}`;
}

export const zipArchiveFact: FactDefinition<ZipArchive, ZipArchiveArgs> = {
  name: 'zip_archive',
  command(a) {
    const d = quote(a.dest);
    const patterns = zipPatterns(a).map(quote).join(' ');
    // per name n: its scratch twin p and its place on disk q; %Y is the mtime, %F the type
    const compare = [
      'q=$dest/$n; p=$t/x/$n',
      'if [ ! -e "$q" ] && [ ! -L "$q" ]; then echo "DIFF|$n: missing"; continue; fi',
      `echo "HAS|$(stat -c '%a|%U|%G' -- "$q")"`,
      '[ -e "$p" ] || [ -L "$p" ] || continue',
      `set -- $(stat -c '%F|%s|%Y|%a|%U' -- "$p" | tr ' ' _ | tr '|' ' ') $(stat -c '%F|%s|%Y|%a|%U' -- "$q" | tr ' ' _ | tr '|' ' ')`,
      'if [ "$1" != "$6" ]; then echo "DIFF|$n: type differs"; continue; fi',
      // a folder's mode is not compared: unzip -o leaves an existing folder's mode as it is, so
      // unpacking again could not mend it and every rerun would report a change
      '[ "$1" = regular_file ] || [ "$1" = regular_empty_file ] || continue',
      'if [ -n "$kn" ] && [ "$8" -gt "$3" ]; then continue; fi',
      '[ "$3" = "$8" ] || echo "DIFF|$n: mtime differs"',
      '[ "$2" = "$7" ] || echo "DIFF|$n: size differs"',
      'cmp -s -- "$p" "$q" || echo "DIFF|$n: content differs"',
      '[ "$4" = "$9" ] || [ -z "$cm" ] || echo "DIFF|$n: mode differs"',
      '[ "$5" = "${10}" ] || [ -z "$co" ] || echo "DIFF|$n: owner differs"',
    ].join('; ');
    // $cleanup: what a caller's wrapper adds to the removal (an archive it sent on stdin)
    return [
      `t=; trap 'rm -rf -- $t $cleanup' EXIT`,
      `s=${a.src}; dest=${d}; cm=${a.compareMode ? 1 : ''}; co=${a.compareOwner ? 1 : ''}; kn=${a.keepNewer ? 1 : ''}`,
      'if [ ! -e "$s" ]; then echo PROBLEM src-missing; exit 0; fi',
      'if [ ! -r "$s" ]; then echo PROBLEM src-unreadable; exit 0; fi',
      'if [ ! -s "$s" ]; then echo PROBLEM src-empty; exit 0; fi',
      'if [ ! -d "$dest" ]; then echo PROBLEM dest-not-dir; exit 0; fi',
      'if ! command -v unzip >/dev/null 2>&1; then echo PROBLEM no-unzip; exit 0; fi',
      't=$(mktemp -d) || exit 3',
      `echo "DEST|$(stat -c '%u|%g|%U|%G|%a|%s' "$dest")"`,
      'echo "UNZIP|$(command -v unzip)"',
      // 11: no name matches the patterns (an include that takes nothing): nothing to unpack
      `LANG=C LC_ALL=C unzip -Z1 "$s" ${patterns} > "$t/l" 2> "$t/e"; rc=$?`,
      'if [ $rc -ne 0 ] && [ $rc -ne 11 ]; then echo PROBLEM unlisted; cat "$t/e"; exit 0; fi',
      `if [ $rc -eq 0 ]; then LANG=C LC_ALL=C unzip -qq -o "$s" ${patterns} -d "$t/x" >/dev/null 2>&1; [ $? -le 1 ] || exit 3; fi`,
      // owners are compared with the user unzip runs as: the owner of its scratch twin
      `while IFS= read -r n; do echo "FILE|$n"; ${compare}; done < "$t/l"`,
    ].join('\n');
  },
  parse(result) {
    let unzipPath: string | undefined;
    const read = parseArchiveLines<NonNullable<ZipArchive['problem']>>(
      'zip_archive',
      result,
      (tag, value) => tag === 'UNZIP' && (unzipPath = value) !== undefined,
    );
    if ('problem' in read) return read;
    if (unzipPath === undefined) throw new FactParseError('zip_archive', 'incomplete output', result.stdout);
    return { ...read, unzipPath };
  },
};
