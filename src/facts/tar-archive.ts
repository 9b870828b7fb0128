// What unarchive needs to know about a tar archive and the folder it unpacks into, read the way
// ansible-core 2.14's unarchive reads it, with GNU tar on the host: which compression flag lists
// the archive (-z first, then tar's own detection), its names (--list), what `tar --diff` says
// differs on disk, the mode and owner of what is there already, and the folder's own stat.
import { FactParseError } from '../errors.js';
import { quote } from '../util/shell.js';
import type { FactDefinition } from './types.js';
import { parseArchiveLines } from './archive-lines.js';

export interface TarArchiveArgs {
  /** The archive on the host (a shell word: a quoted path, or "$tmp" for an archive sent on stdin). */
  src: string;
  dest: string;
  /** The tar options every call shares (extra_opts, owner, group, keep_newer, exclude): see tarOptions. */
  options: string[];
  /** Names to extract (include). */
  include: string[];
}

export interface TarArchive {
  /** 'zip': the archive is a zip (its first bytes say so), for zip_archive to read. */
  problem?: 'src-missing' | 'src-unreadable' | 'src-empty' | 'dest-not-dir' | 'zip' | 'no-gnu-tar' | 'unlisted';
  /** tar's words when no flag lists the archive. */
  reason?: string;
  /** '-z' (TgzArchive) or '' (TarArchive: tar detects the compression itself). */
  flag?: '-z' | '';
  files?: string[];
  /** tar --diff's lines (stdout then stderr). */
  diff?: string[];
  /** Where tar is (Ansible's extract_results name it). */
  tarPath?: string;
  /** The user the commands run as (root does not mind owner differences otherwise). */
  uid?: number;
  /** mode (octal), owner and group of each listed name that exists below dest. */
  present?: Record<string, { mode: string; owner: string; group: string }>;
  dest?: { uid: number; gid: number; owner: string; group: string; mode: string; size: number };
}

type TarCall = { src: string; dest: string; options: string[]; include: string[] };

/** The words of one tar call as unarchive builds it (--list, --diff or --extract); src as given. */
export function tarWords(action: '--list' | '--diff' | '--extract', a: TarCall, flag: string, tar = 'tar'): string[] {
  return [tar, action, '-C', a.dest, ...(flag ? [flag] : []), ...a.options, '-f', a.src, ...a.include];
}

/** That call as a command line (src is already a shell word), in the C locale as Ansible runs it. */
export function tarCommand(action: '--list' | '--diff' | '--extract', a: TarCall, flag: string): string {
  const words = tarWords(action, { ...a, src: '' }, flag).map((w) => (w === '' ? a.src : quote(w)));
  return `LANG=C LC_ALL=C LC_MESSAGES=C LANGUAGE=C ${words.join(' ')}`;
}

export const tarArchiveFact: FactDefinition<TarArchive, TarArchiveArgs> = {
  name: 'tar_archive',
  command(a) {
    const d = quote(a.dest);
    const list = (flag: string): string => `${tarCommand('--list', a, flag)} > "$l" 2> "$e" && [ -s "$l" ]`;
    // $cleanup: what a caller's wrapper adds to the removal (an archive it sent on stdin)
    return [
      `l=; e=; trap 'rm -f -- $l $e $cleanup' EXIT`,
      `s=${a.src}`,
      'if [ ! -e "$s" ]; then echo PROBLEM src-missing; exit 0; fi',
      'if [ ! -r "$s" ]; then echo PROBLEM src-unreadable; exit 0; fi',
      'if [ ! -s "$s" ]; then echo PROBLEM src-empty; exit 0; fi',
      `if [ ! -d ${d} ]; then echo PROBLEM dest-not-dir; exit 0; fi`,
      // PK\3\4 (a file) or PK\5\6 (an empty archive): Ansible tries its zip handler first
      `case $(head -c 4 "$s" | od -An -tx1 | tr -d ' \\n') in 504b0304|504b0506) echo PROBLEM zip; exit 0;; esac`,
      `if ! tar --version 2>/dev/null | head -n 1 | grep -q GNU; then echo PROBLEM no-gnu-tar; exit 0; fi`,
      'l=$(mktemp) && e=$(mktemp) || exit 3',
      `echo "DEST|$(stat -c '%u|%g|%U|%G|%a|%s' ${d})"`,
      `cd ${d} || exit 3`,
      `if ${list('-z')}; then f=-z; elif ${list('')}; then f=; else echo PROBLEM unlisted; cat "$e"; exit 0; fi`,
      'echo "FLAG|$f"; echo "UID|$(id -u)"; echo "TAR|$(command -v tar)"',
      `while IFS= read -r n; do echo "FILE|$n"; m=\${n#/}; [ -n "$m" ] || m=.; if [ -e "$m" ] || [ -L "$m" ]; then echo "HAS|$(stat -c '%a|%U|%G' -- "$m")"; fi; done < "$l"`,
      `if [ -n "$f" ]; then ${tarCommand('--diff', a, '-z')} > "$l" 2>&1; else ${tarCommand('--diff', a, '')} > "$l" 2>&1; fi`,
      `sed 's/^/DIFF|/' "$l"`,
    ].join('\n');
  },
  parse(result) {
    const own: Pick<TarArchive, 'flag' | 'uid' | 'tarPath'> = {};
    const read = parseArchiveLines<NonNullable<TarArchive['problem']>>('tar_archive', result, (tag, value) => {
      if (tag === 'FLAG' && (value === '-z' || value === '')) own.flag = value;
      else if (tag === 'UID') own.uid = Number(value);
      else if (tag === 'TAR') own.tarPath = value;
      else return false;
      return true;
    });
    if ('problem' in read) return read;
    if (own.flag === undefined || own.uid === undefined) throw new FactParseError('tar_archive', 'incomplete output', result.stdout);
    return { ...read, ...own };
  },
};
