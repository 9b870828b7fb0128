// Whether a folder on the target already holds the same tree as another (copy with remote_src
// of a folder): same names, same file contents (diff -r), so a rerun changes nothing.
import { FactParseError } from '../errors.js';
import { quote } from '../util/shell.js';
import type { FactDefinition } from './types.js';

export const treesEqualFact: FactDefinition<boolean, { src: string; dest: string }> = {
  name: 'trees_equal',
  command({ src, dest }) {
    return `if [ -d ${quote(dest)} ] && diff -r -q -- ${quote(src)} ${quote(dest)} >/dev/null 2>&1; then echo same; else echo differs; fi`;
  },
  parse(result) {
    const out = result.stdout.trim();
    if (result.exitCode === 0 && (out === 'same' || out === 'differs')) return out === 'same';
    throw new FactParseError('trees_equal', `unexpected output '${out}'`, result.stdout);
  },
};
