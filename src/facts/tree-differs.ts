// Whether anything below a directory (itself included) differs from a wanted mode, owner or
// group: file's `recurse: yes` changes the tree only when this says so, keeping reruns unchanged.
import { FactParseError } from '../errors.js';
import { quote } from '../util/shell.js';
import type { FactDefinition } from './types.js';

export interface TreeDiffersArgs {
  path: string;
  /** Octal, e.g. "0755" (symbolic modes cannot be compared and are not asked). */
  mode?: string;
  owner?: string;
  group?: string;
}

export const treeDiffersFact: FactDefinition<boolean, TreeDiffersArgs> = {
  name: 'tree_differs',
  command({ path, mode, owner, group }) {
    const tests = [
      ...(mode !== undefined ? [`! -perm ${quote(mode)}`] : []),
      ...(owner !== undefined ? [`! -user ${quote(owner)}`] : []),
      ...(group !== undefined ? [`! -group ${quote(group)}`] : []),
    ];
    if (tests.length === 0) return 'echo same';
    // -print -quit: the first differing entry is enough.
    return `found=$(find ${quote(path)} \\( ${tests.join(' -o ')} \\) -print -quit) || exit 1; if [ -n "$found" ]; then echo differs; else echo same; fi`;
  },
  parse(result, { path }) {
    const out = result.stdout.trim();
    if (result.exitCode === 0 && out === 'differs') return true;
    if (result.exitCode === 0 && out === 'same') return false;
    throw new FactParseError('tree_differs', `cannot walk ${path}: ${result.stderr.trim() || out}`, result.stdout);
  },
};
