// The paths a glob pattern matches on the target (Python's glob.glob: `*`, `?`, `[...]`, no
// hidden files for a leading wildcard, broken links included), one NUL-terminated name each.
import { FactParseError } from '../errors.js';
import { globPattern } from '../util/shell.js';
import type { FactDefinition } from './types.js';

export const globMatchesFact: FactDefinition<string[], { pattern: string }> = {
  name: 'glob_matches',
  command({ pattern }) {
    // an unmatched pattern stays as written: the existence test drops it
    return `for p in ${globPattern(pattern)}; do if [ -e "$p" ] || [ -L "$p" ]; then printf '%s\\0' "$p"; fi; done`;
  },
  parse(result) {
    if (result.exitCode !== 0) throw new FactParseError('glob_matches', `listing failed: ${result.stderr.trim()}`, result.stdout);
    return result.stdout.split('\0').filter((p) => p !== '');
  },
};
