// Whether a path is a mount point now (listed as a mount's destination in
// /proc/self/mountinfo, which bind mounts are too), its source there, and whether the path
// exists: what ansible.posix's mount reads before it mounts or unmounts.
import { FactParseError } from '../errors.js';
import { quote } from '../util/shell.js';
import type { FactDefinition } from './types.js';

export interface MountPoint {
  exists: boolean;
  mounted: boolean;
  /** The mount's source as mountinfo names it (a device, tmpfs, ...), when mounted. */
  source?: string;
  fstype?: string;
}

/** mountinfo's escaping of a path (octal for space, tab, newline and backslash). */
const mountinfoPath = (p: string): string => p.replace(/[\\ \t\n]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);

export const mountPointFact: FactDefinition<MountPoint, { path: string }> = {
  name: 'mount_point',
  needsBecome: false,
  command({ path }) {
    const p = quote(path);
    // the last mount on a path is the one seen there; after ' - ' come fstype and source
    return `if [ -e ${p} ]; then echo exists; else echo missing; fi; awk -v p=${quote(mountinfoPath(path))} '$5 == p { for (i = 7; i <= NF; i++) if ($i == "-") { fs = $(i + 1); src = $(i + 2) } found = 1 } END { if (found) print "mounted", fs, src; else print "not-mounted" }' /proc/self/mountinfo`;
  },
  parse(result, { path }) {
    const [existence, mount] = result.stdout.split('\n');
    if (result.exitCode !== 0 || (existence !== 'exists' && existence !== 'missing') || mount === undefined) {
      throw new FactParseError('mount_point', `cannot tell whether ${path} is mounted: ${result.stderr.trim()}`, result.stdout);
    }
    const words = mount.split(' ');
    if (words[0] === 'not-mounted') return { exists: existence === 'exists', mounted: false };
    if (words[0] !== 'mounted' || words.length !== 3) throw new FactParseError('mount_point', `unexpected mountinfo reading for ${path}`, result.stdout);
    return { exists: existence === 'exists', mounted: true, fstype: words[1]!, source: words[2]! };
  },
};
