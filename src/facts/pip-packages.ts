// The Python packages a pip sees (`pip list --format=freeze`: NAME==VERSION per line), and,
// for a virtualenv, whether it exists yet (its bin/activate, as Ansible looks). A virtualenv
// that does not exist has no packages; a pip that cannot be run is said, not guessed around.
import { FactParseError } from '../errors.js';
import { quote } from '../util/shell.js';
import type { FactDefinition } from './types.js';

export interface PipPackagesArgs {
  /** The pip command line (e.g. `pip3`, `/srv/venv/bin/pip`, `python3 -m pip`), already quoted. */
  pip: string;
  virtualenv?: string;
}

export type PipPackages =
  | { virtualenv: 'absent' }
  | { virtualenv: 'present' | 'none'; pip: 'missing'; error: string }
  | { virtualenv: 'present' | 'none'; pip: 'present'; packages: Record<string, string> };

export const pipPackagesFact: FactDefinition<PipPackages, PipPackagesArgs> = {
  name: 'pip_packages',
  needsBecome: true,
  command({ pip, virtualenv }) {
    return [
      virtualenv === undefined
        ? 'echo virtualenv=none'
        : `if [ -f ${quote(`${virtualenv}/bin/activate`)} ]; then echo virtualenv=present; else echo virtualenv=absent; exit 0; fi`,
      // stderr joins stdout so that a missing pip is reported in its own words
      `out=$(${pip} list --format=freeze --disable-pip-version-check 2>&1); rc=$?`,
      'echo "pip_exit=$rc"',
      `printf '%s\\n' "$out" | sed 's/^/line /'`,
    ].join('\n');
  },
  parse(result) {
    if (result.exitCode !== 0) throw new FactParseError('pip_packages', `exit ${result.exitCode}: ${result.stderr.trim()}`, result.stdout);
    const lines = result.stdout.split('\n');
    const venv = /^virtualenv=(none|present|absent)$/.exec(lines[0] ?? '')?.[1] as 'none' | 'present' | 'absent' | undefined;
    if (venv === undefined) throw new FactParseError('pip_packages', 'unexpected output', result.stdout);
    if (venv === 'absent') return { virtualenv: 'absent' };
    const exit = /^pip_exit=(\d+)$/.exec(lines[1] ?? '')?.[1];
    if (exit === undefined) throw new FactParseError('pip_packages', 'unexpected output', result.stdout);
    const body = lines.filter((l) => l.startsWith('line ')).map((l) => l.slice(5));
    if (exit !== '0') return { virtualenv: venv, pip: 'missing', error: body.join('\n').trim() };
    const packages: Record<string, string> = {};
    for (const line of body) {
      const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)$/.exec(line.trim());
      // pip's own notices (a newer pip, a warning) are not packages
      if (m) packages[m[1]!] = m[2]!;
    }
    return { virtualenv: venv, pip: 'present', packages };
  },
};
