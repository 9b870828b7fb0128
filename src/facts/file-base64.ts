// A file's exact bytes, base64-encoded (what slurp returns): binary content survives the trip.
// A path that is missing, a directory or unreadable is told apart, since slurp's errors differ.
import { FactParseError } from '../errors.js';
import { quote } from '../util/shell.js';
import type { FactDefinition } from './types.js';

export type FileBase64 = { kind: 'missing' } | { kind: 'directory' } | { kind: 'unreadable'; reason: string } | { kind: 'file'; base64: string };

export const fileBase64Fact: FactDefinition<FileBase64, { path: string }> = {
  name: 'file_base64',
  command: ({ path }) => {
    const p = quote(path);
    return `if [ -d ${p} ]; then echo DIRECTORY; elif [ ! -e ${p} ]; then echo MISSING; elif [ ! -r ${p} ]; then echo UNREADABLE; else echo FILE; base64 -w0 < ${p} || exit 3; echo; fi`;
  },
  parse(result, { path }) {
    const [head, encoded] = result.stdout.split('\n');
    if (result.exitCode !== 0) return { kind: 'unreadable', reason: result.stderr.trim() };
    if (head === 'MISSING') return { kind: 'missing' };
    if (head === 'DIRECTORY') return { kind: 'directory' };
    if (head === 'UNREADABLE') return { kind: 'unreadable', reason: 'permission denied' };
    if (head !== 'FILE' || encoded === undefined || !/^[A-Za-z0-9+/]*={0,2}$/.test(encoded)) {
      throw new FactParseError('file_base64', `unexpected output reading ${path}`, result.stdout);
    }
    return { kind: 'file', base64: encoded };
  },
};
