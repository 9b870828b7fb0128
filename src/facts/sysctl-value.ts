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
  command: ({ name }) => `LC_ALL=C sysctl -n ${quote(name)}`,
  parse(result, { name }) {
    if (result.exitCode !== 0) {
      const said = `${result.stderr}${result.stdout}`;
      if (/cannot stat|No such file|unknown key/i.test(said)) return { exists: false };
      throw new FactParseError('sysctl_value', `sysctl -n ${name} failed (exit ${result.exitCode}): ${said.trim()}`, result.stdout);
    }
    return { exists: true, value: normaliseSysctl(result.stdout) };
  },
};

export function normaliseSysctl(value: string): string {
  return value.trim().split(/\s+/).join(' ');
}
