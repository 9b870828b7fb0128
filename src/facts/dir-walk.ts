// What a folder holds, as Python's os.walk meets it (find's module walks with it): every entry
// below the folder with its lstat fields, whether it is a folder once links are followed (os.walk
// lists those among the folders), optionally the SHA-1 of each regular file, and the host's clock
// (find's `age` counts from it). One `find` on the host, no Python.
import { FactParseError } from '../errors.js';
import { quote } from '../util/shell.js';
import type { FactDefinition } from './types.js';

export interface DirWalkArgs {
  path: string;
  /** Walk into links to folders (find -L); the entries are still described as links. */
  follow: boolean;
  /** How deep below the folder to list (1: only its own entries), or null for all. */
  maxDepth: number | null;
  /** Also the SHA-1 of every regular file. */
  checksum: boolean;
}

export interface WalkEntry {
  path: string;
  /** A folder, or a link to one (os.walk's `dirs`). */
  dirLike: boolean;
  rawMode: number;
  uid: number;
  gid: number;
  owner: string;
  group: string;
  size: number;
  inode: number;
  dev: number;
  nlink: number;
  atime: number;
  mtime: number;
  ctime: number;
  checksum?: string;
}

export type DirWalk =
  | { kind: 'not-directory' }
  /** `error`: find could not read part of the tree (what it said). */
  | { kind: 'walked'; now: number; entries: WalkEntry[]; error?: string };

const FIELDS = '%f|%u|%g|%U|%G|%s|%i|%d|%h|%.9X|%.9Y|%.9Z|%n';

export const dirWalkFact: FactDefinition<DirWalk, DirWalkArgs> = {
  name: 'dir_walk',
  command({ path, follow, maxDepth, checksum }) {
    const p = quote(path);
    // $t and $c are a letter and hex digits, safe inside stat's format; stat without -L is lstat.
    const sum = checksum ? `if [ -f "$e" ] && [ ! -L "$e" ]; then c=$(sha1sum < "$e" | cut -c1-40); fi; ` : '';
    const each = `for e; do t=f; c=; [ -d "$e" ] && t=d; ${sum}LC_ALL=C stat --printf "E|$t|$c|${FIELDS}\\0" -- "$e"; done`;
    const depth = maxDepth === null ? '' : ` -maxdepth ${maxDepth}`;
    return `if [ -d ${p} ]; then date +'NOW|%s.%N'; find ${follow ? '-L' : '-H'} ${p} -mindepth 1${depth} -exec sh -c ${quote(each)} sh {} + || echo "ERROR|find failed"; else echo NOTDIR; fi`;
  },
  parse(result, { path }) {
    const [head, ...records] = result.stdout.split('\0');
    if (head?.trim() === 'NOTDIR') return { kind: 'not-directory' };
    const now = /^NOW\|(\d+\.\d+)\n/.exec(head ?? '');
    if (!now) throw new FactParseError('dir_walk', `unexpected output walking ${path}`, result.stdout);
    const entries: WalkEntry[] = [];
    let error: string | undefined;
    // The first record follows the clock's line.
    const first = (head ?? '').slice(now[0].length);
    for (const record of [first, ...records]) {
      if (record === '') continue;
      if (record.startsWith('ERROR|')) {
        error = result.stderr.trim() || record.slice(6).trim();
        continue;
      }
      const f = record.split('|');
      if (f[0] !== 'E' || f.length < 16 || (f[1] !== 'd' && f[1] !== 'f')) throw new FactParseError('dir_walk', `unexpected entry walking ${path}`, record);
      const n = (i: number): number => Number(f[i]);
      // Python's st_*time: seconds plus nanoseconds times 1e-9, in doubles (its last digit may differ from parsing the decimal)
      const time = (i: number): number => {
        const [s, ns = '0'] = f[i]!.split('.');
        return Number(s) + Number(ns) * 1e-9;
      };
      entries.push({
        path: f.slice(15).join('|'),
        dirLike: f[1] === 'd',
        ...(f[2] !== '' ? { checksum: f[2]! } : {}),
        rawMode: parseInt(f[3]!, 16),
        uid: n(4),
        gid: n(5),
        owner: f[6]!,
        group: f[7]!,
        size: n(8),
        inode: n(9),
        dev: n(10),
        nlink: n(11),
        atime: time(12),
        mtime: time(13),
        ctime: time(14),
      });
    }
    if (result.exitCode !== 0 && error === undefined) error = result.stderr.trim() || `exit code ${result.exitCode}`;
    return { kind: 'walked', now: Number(now[1]), entries, ...(error !== undefined ? { error } : {}) };
  },
};
