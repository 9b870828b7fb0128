// Which of the named Debian packages are installed, and at what version (dpkg-query).
import { FactParseError } from '../errors.js';
import { commandLine } from '../util/shell.js';
import type { FactDefinition } from './types.js';

export interface PackageState {
  installed: boolean;
  version?: string;
}

export const dpkgPackagesFact: FactDefinition<Record<string, PackageState>, { names: string[] }> = {
  name: 'dpkg_packages',
  needsBecome: false,
  command: ({ names }) =>
    `command -v dpkg-query >/dev/null || { echo '@@no-dpkg'; exit 0; }; ${commandLine('dpkg-query', '-W', '-f=${Package}\\t${db:Status-Abbrev}\\t${Version}\\n', ...names)} 2>/dev/null; true`,
  parse(result, { names }) {
    if (result.stdout.startsWith('@@no-dpkg')) throw new FactParseError('dpkg_packages', 'dpkg-query is not available on this host (not a Debian system?)');
    const out: Record<string, PackageState> = Object.fromEntries(names.map((n) => [n, { installed: false }]));
    for (const line of result.stdout.split('\n')) {
      if (line === '') continue;
      const [pkg, status, version] = line.split('\t');
      if (!pkg || status === undefined) throw new FactParseError('dpkg_packages', `unexpected line '${line}'`, result.stdout);
      const name = pkg.split(':')[0]!;
      out[name] = status.startsWith('ii') ? { installed: true, ...(version ? { version } : {}) } : { installed: false };
    }
    return out;
  },
};
