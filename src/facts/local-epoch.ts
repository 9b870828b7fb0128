// Seconds since the epoch of a wall-clock time in the host's own time zone: file's
// modification_time is the host's local time (Python's time.mktime there), not the controller's.
import { FactParseError } from '../errors.js';
import { quote } from '../util/shell.js';
import type { FactDefinition } from './types.js';

export const localEpochFact: FactDefinition<number, { time: string }> = {
  name: 'local_epoch',
  needsBecome: false,
  command: ({ time }) => `date -d ${quote(time)} +%s`,
  parse(result, { time }) {
    const text = result.stdout.trim();
    if (result.exitCode !== 0 || !/^-?\d+$/.test(text))
      throw new FactParseError('local_epoch', `the host cannot read the time '${time}': ${result.stderr.trim()}`, result.stdout);
    return Number(text);
  },
};
