// The SHA-1 of a file (Ansible's stat checksum), or null when it is not a regular file.
import { quote } from '../util/shell.js';
import type { FactDefinition } from './types.js';

export const fileChecksumFact: FactDefinition<string | null, { path: string }> = {
  name: 'file_checksum',
  command: ({ path }) => `if [ -f ${quote(path)} ]; then sha1sum < ${quote(path)}; fi`,
  parse(result) {
    const m = /^([0-9a-f]{40})\b/.exec(result.stdout);
    return m ? m[1]! : null;
  },
};
