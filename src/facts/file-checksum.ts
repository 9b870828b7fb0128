// The SHA-1 of a file (Ansible's stat checksum), or null when it is not a regular file.
import { FactParseError } from '../errors.js';
import { quote } from '../util/shell.js';
import type { FactDefinition } from './types.js';

export const fileChecksumFact: FactDefinition<string | null, { path: string }> = {
  name: 'file_checksum',
  command: ({ path }) => `if [ -f ${quote(path)} ]; then sha1sum < ${quote(path)} || exit 1; else echo NOFILE; fi`,
  parse(result, { path }) {
    if (result.exitCode !== 0) throw new FactParseError('file_checksum', `cannot checksum ${path}: ${result.stderr.trim()}`, result.stdout);
    if (result.stdout.trim() === 'NOFILE') return null;
    const m = /^([0-9a-f]{40})\s+-?\s*$/.exec(result.stdout);
    if (!m) throw new FactParseError('file_checksum', `unexpected sha1sum output for ${path}`, result.stdout);
    return m[1]!;
  },
};
