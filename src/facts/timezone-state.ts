// What community.general's timezone module reads before it acts, in one round trip: whether
// timedatectl works (systemd) and its status, /etc/timezone, what /etc/localtime is (a link and
// where to, or whether its bytes are the zone's file), whether the zone's file exists, and
// whether dpkg-reconfigure is there (Debian's way without systemd).
import { FactParseError } from '../errors.js';
import { quote } from '../util/shell.js';
import type { FactDefinition } from './types.js';

export interface TimezoneState {
  /** timedatectl status output when it works (systemd runs), else undefined. */
  timedatectl?: string;
  /** /etc/timezone's content (undefined when missing). */
  etcTimezone?: string;
  /** /etc/localtime: a link (with its target and whether that exists), a file, or absent. */
  localtime: { kind: 'link'; target: string; resolves: boolean } | { kind: 'file'; sameAsZone: boolean } | { kind: 'absent' };
  /** /usr/share/zoneinfo/NAME is a file (always true without a name). */
  zoneExists: boolean;
  dpkgReconfigure: boolean;
}

const SECTION = '@@tz:';

export const timezoneStateFact: FactDefinition<TimezoneState, { name?: string }> = {
  name: 'timezone_state',
  needsBecome: false,
  command({ name }) {
    const zone = quote(`/usr/share/zoneinfo/${name ?? ''}`);
    return [
      `echo '${SECTION}timedatectl'; if out=$(timedatectl status 2>/dev/null); then printf '%s\\n' "$out" | base64 -w0; echo; fi`,
      `echo '${SECTION}timezone'; if [ -f /etc/timezone ]; then base64 -w0 < /etc/timezone; echo; fi`,
      `echo '${SECTION}localtime'; if [ -L /etc/localtime ]; then printf 'link %s\\n' "$([ -e /etc/localtime ] && echo 1 || echo 0)"; readlink /etc/localtime; elif [ -e /etc/localtime ]; then if ${name === undefined ? 'false' : `cmp -s /etc/localtime ${zone}`}; then echo same; else echo differs; fi; else echo absent; fi`,
      `echo '${SECTION}zone'; ${name === undefined ? 'echo yes' : `[ -f ${zone} ] && echo yes || echo no`}`,
      `echo '${SECTION}dpkg'; command -v dpkg-reconfigure >/dev/null 2>&1 && echo yes || echo no`,
    ].join('\n');
  },
  parse(result) {
    const sections = new Map<string, string[]>();
    let current: string[] | undefined;
    for (const line of result.stdout.split('\n')) {
      if (line.startsWith(SECTION)) sections.set(line.slice(SECTION.length), (current = []));
      else if (current && line !== '') current.push(line);
    }
    const get = (name: string): string[] => {
      const s = sections.get(name);
      if (s === undefined) throw new FactParseError('timezone_state', `missing section ${name}`, result.stdout);
      return s;
    };
    const decode = (lines: string[]): string | undefined => (lines[0] === undefined ? undefined : Buffer.from(lines[0], 'base64').toString('utf8'));
    const [kind, target] = get('localtime');
    let localtime: TimezoneState['localtime'];
    if (kind === 'absent') localtime = { kind: 'absent' };
    else if (kind === 'same' || kind === 'differs') localtime = { kind: 'file', sameAsZone: kind === 'same' };
    else if (kind?.startsWith('link ') && target !== undefined) localtime = { kind: 'link', target, resolves: kind === 'link 1' };
    else throw new FactParseError('timezone_state', 'unexpected /etc/localtime section', result.stdout);
    const timedatectl = decode(get('timedatectl'));
    const etcTimezone = decode(get('timezone'));
    return {
      ...(timedatectl !== undefined ? { timedatectl } : {}),
      ...(etcTimezone !== undefined ? { etcTimezone } : {}),
      localtime,
      zoneExists: get('zone')[0] === 'yes',
      dpkgReconfigure: get('dpkg')[0] === 'yes',
    };
  },
};
