// Installed and candidate versions of Debian packages (apt-cache policy), for apt's
// state=latest: a package is upgraded only when the candidate differs from what is installed.
import { FactParseError } from '../errors.js';
import { commandLine } from '../util/shell.js';
import type { FactDefinition } from './types.js';

export interface AptPolicy {
  /** undefined when not installed ("(none)"). */
  installed?: string;
  /** undefined when apt knows no installable version. */
  candidate?: string;
}

export const aptPolicyFact: FactDefinition<Record<string, AptPolicy>, { names: string[] }> = {
  name: 'apt_policy',
  needsBecome: false,
  command: ({ names }) => `command -v apt-cache >/dev/null || { echo '@@no-apt'; exit 0; }; LC_ALL=C ${commandLine('apt-cache', 'policy', ...names)}`,
  parse(result) {
    if (result.stdout.startsWith('@@no-apt')) throw new FactParseError('apt_policy', 'apt-cache is not available on this host (not a Debian system?)');
    if (result.exitCode !== 0) throw new FactParseError('apt_policy', `apt-cache policy failed: ${result.stderr.trim()}`, result.stdout);
    const out: Record<string, AptPolicy> = {};
    let current: AptPolicy | undefined;
    for (const line of result.stdout.split('\n')) {
      if (line.trim() === '') continue;
      const head = /^(\S+):$/.exec(line);
      if (head) {
        current = {};
        out[head[1]!.split(':')[0]!] = current;
        continue;
      }
      if (!current) throw new FactParseError('apt_policy', `unexpected line '${line}'`, result.stdout);
      const field = /^\s+(Installed|Candidate): (.+)$/.exec(line);
      if (!field) continue; // the version table
      const value = field[2]!.trim();
      if (value === '(none)') continue;
      if (field[1] === 'Installed') current.installed = value;
      else current.candidate = value;
    }
    return out;
  },
};
