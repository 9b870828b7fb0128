// Everything Ansible's stat module reports about a path, from one shell round trip: the inode
// (stat -c, with nanosecond times), where a link points, what the connecting user may do with
// it (test -r/-w/-x, the same access(2) check Ansible makes), and optionally the checksum, the
// MIME type (file(1)) and the ext2 attributes (lsattr). No Python on the host.
import { FactParseError } from '../errors.js';
import { quote } from '../util/shell.js';
import type { FactDefinition } from './types.js';

export const CHECKSUM_TOOLS = { md5: 'md5sum', sha1: 'sha1sum', sha224: 'sha224sum', sha256: 'sha256sum', sha384: 'sha384sum', sha512: 'sha512sum' } as const;
export type ChecksumAlgorithm = keyof typeof CHECKSUM_TOOLS;

export interface PathStatArgs {
  path: string;
  /** Report what a link points to (stat -L) rather than the link itself. */
  follow: boolean;
  /** Checksum of a regular file with this algorithm, or none. */
  checksum: ChecksumAlgorithm | null;
  mime: boolean;
  attributes: boolean;
}

export interface PathStat {
  exists: boolean;
  /** st_mode as a number (type and permission bits). */
  rawMode?: number;
  uid?: number;
  gid?: number;
  owner?: string;
  group?: string;
  size?: number;
  inode?: number;
  dev?: number;
  nlink?: number;
  /** Seconds since the epoch, with the fraction Python's float of st_*time has. */
  atime?: number;
  mtime?: number;
  ctime?: number;
  blocks?: number;
  blockSize?: number;
  rdev?: number;
  linkTarget?: string;
  /** The path with every link resolved (Python's os.path.realpath). */
  realPath?: string;
  readable?: boolean;
  writeable?: boolean;
  executable?: boolean;
  checksum?: string;
  /** file -b --mime output ("text/plain; charset=us-ascii"), or null when file(1) is missing. */
  mime?: string | null;
  /** lsattr -vd: version and flag letters, or null when the path has none (a link, tmpfs). */
  attributes?: { version: string; flags: string } | null;
}

const FORMAT = 'STAT|%f|%u|%g|%U|%G|%s|%i|%d|%h|%.9X|%.9Y|%.9Z|%b|%o|%r';

export const pathStatFact: FactDefinition<PathStat, PathStatArgs> = {
  name: 'path_stat',
  command({ path, follow, checksum, mime, attributes }) {
    const p = quote(path);
    const parts = [
      `LC_ALL=C stat ${follow ? '-L ' : ''}-c '${FORMAT}' -- ${p} || exit 3`,
      `a=; [ -r ${p} ] && a=r; [ -w ${p} ] && a=\${a}w; [ -x ${p} ] && a=\${a}x; echo "ACCESS|$a"`,
    ];
    // Followed, the path is what the link points to and has no link fields (as in Ansible).
    if (!follow) parts.push(`if [ -L ${p} ]; then printf 'LINK|'; readlink -- ${p}; printf 'REAL|'; readlink -m -- ${p}; fi`);
    // A link's own checksum is never taken; followed, it is its target's.
    if (checksum)
      parts.push(`if [ -f ${p} ] && [ -r ${p} ]${follow ? '' : ` && [ ! -L ${p} ]`}; then printf 'SUM|'; ${CHECKSUM_TOOLS[checksum]} < ${p} || exit 3; fi`);
    if (mime) parts.push(`if command -v file >/dev/null 2>&1; then printf 'MIME|'; file -b --mime -- ${p}; else echo 'MIME|'; fi`);
    if (attributes) parts.push(`printf 'ATTR|'; lsattr -vd -- ${p} 2>/dev/null || echo`);
    // Followed, a dangling link is absent (stat -L has nothing to report), as in Ansible.
    const exists = follow ? `[ -e ${p} ]` : `{ [ -e ${p} ] || [ -L ${p} ]; }`;
    return `if ${exists}; then ${parts.join('; ')}; else echo ABSENT; fi`;
  },
  parse(result, { path }) {
    if (result.exitCode !== 0) throw new FactParseError('path_stat', `cannot stat ${path}: ${result.stderr.trim()}`, result.stdout);
    const lines = result.stdout.replace(/\n$/, '').split('\n');
    if (lines[0] === 'ABSENT') return { exists: false };
    const fields = (lines[0] ?? '').split('|');
    if (fields[0] !== 'STAT' || fields.length !== 16) throw new FactParseError('path_stat', `unexpected stat output for ${path}`, result.stdout);
    const n = (i: number): number => Number(fields[i]);
    const state: PathStat = {
      exists: true,
      rawMode: parseInt(fields[1]!, 16),
      uid: n(2),
      gid: n(3),
      owner: fields[4]!,
      group: fields[5]!,
      size: n(6),
      inode: n(7),
      dev: n(8),
      nlink: n(9),
      atime: n(10),
      mtime: n(11),
      ctime: n(12),
      blocks: n(13),
      blockSize: n(14),
      rdev: n(15),
    };
    for (const line of lines.slice(1)) {
      const bar = line.indexOf('|');
      const [tag, value] = [line.slice(0, bar), line.slice(bar + 1)];
      if (tag === 'LINK') state.linkTarget = value;
      else if (tag === 'REAL') state.realPath = value;
      else if (tag === 'ACCESS') Object.assign(state, { readable: value.includes('r'), writeable: value.includes('w'), executable: value.includes('x') });
      else if (tag === 'SUM') state.checksum = /^([0-9a-f]+)/.exec(value)?.[1] ?? '';
      else if (tag === 'MIME') state.mime = value === '' ? null : value;
      else if (tag === 'ATTR') {
        const m = /^(\d+)\s+(\S+)/.exec(value);
        state.attributes = m ? { version: m[1]!, flags: m[2]! } : null;
      } else throw new FactParseError('path_stat', `unexpected line in stat output for ${path}: ${line}`, result.stdout);
    }
    if (state.checksum === '') throw new FactParseError('path_stat', `malformed checksum of ${path}`, result.stdout);
    return state;
  },
};
