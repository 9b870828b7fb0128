// One account's line of the shadow database (`getent shadow NAME`, which needs root): the
// password hash and its ageing fields, or null when the account has none.
import { FactParseError } from '../errors.js';
import { quote } from '../util/shell.js';
import type { FactDefinition } from './types.js';

export interface ShadowEntry {
  /** The hash as stored, '!' prefixed when the password is locked. */
  password: string;
  /** Days before a change is allowed (empty: not set). */
  minDays: string;
  /** Days the password stays valid (empty: not set). */
  maxDays: string;
}

export const shadowEntryFact: FactDefinition<ShadowEntry | null, { name: string }> = {
  name: 'shadow_entry',
  command: ({ name }) => `getent shadow ${quote(name)}`,
  parse(result, { name }) {
    if (result.exitCode === 2) return null;
    const fields = result.stdout.split('\n')[0]!.split(':');
    if (result.exitCode !== 0 || fields.length !== 9 || fields[0] !== name)
      throw new FactParseError(
        'shadow_entry',
        `getent shadow ${name}: ${result.stderr.trim() || `unexpected output (exit ${result.exitCode})`}`,
        result.stdout,
      );
    return { password: fields[1]!, minDays: fields[3]!, maxDays: fields[4]! };
  },
};
