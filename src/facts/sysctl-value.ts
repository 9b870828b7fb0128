// The runtime value of a kernel parameter (sysctl -n), or that it does not exist.
import { FactParseError } from '../errors.js';
import { quote } from '../util/shell.js';
import type { FactDefinition } from './types.js';

export interface SysctlValue {
  exists: boolean;
  /** Whitespace-normalised ("4096 87380 6291456"). */
  value?: string;
}

export const sysctlValueFact: FactDefinition<SysctlValue, { name: string }> = {
  name: 'sysctl_value',
  command: ({ name }) => `LC_ALL=C sysctl -n ${quote(name)} 2>&1; echo "@@rc:$?"`,
  parse(result, { name }) {
    const m = /^([\s\S]*?)@@rc:(\d+)\n?$/.exec(result.stdout);
    if (!m) throw new FactParseError('sysctl_value', `unexpected output for ${name}`, result.stdout);
    if (m[2] !== '0') {
      if (/cannot stat|No such file|unknown key/i.test(m[1]!)) return { exists: false };
      throw new FactParseError('sysctl_value', `sysctl -n ${name} failed: ${m[1]!.trim()}`, result.stdout);
    }
    return { exists: true, value: normaliseSysctl(m[1]!) };
  },
};

export function normaliseSysctl(value: string): string {
  return value.trim().split(/\s+/).join(' ');
}
