// What getent(1) prints for a database (passwd, group, hosts, services, ...), optionally for some
// keys, with its exit status: 2 is "a key was not found", 1 and 3 are the database's errors.
import { FactParseError } from '../errors.js';
import { quote } from '../util/shell.js';
import type { FactDefinition } from './types.js';

export interface GetentArgs {
  database: string;
  keys: string[];
  service?: string;
}

export interface GetentOutput {
  exitCode: number;
  lines: string[];
}

export const getentFact: FactDefinition<GetentOutput, GetentArgs> = {
  name: 'getent',
  needsBecome: false,
  command: ({ database, keys, service }) => ['getent', ...(service !== undefined ? ['-s', service] : []), database, ...keys].map(quote).join(' '),
  parse(result, { database }) {
    if (![0, 1, 2, 3].includes(result.exitCode))
      throw new FactParseError('getent', `getent ${database} failed: ${result.stderr.trim() || `exit ${result.exitCode}`}`, result.stdout);
    return { exitCode: result.exitCode, lines: result.stdout.split('\n').filter((l) => l !== '') };
  },
};
