// Whether a process of this name runs on the host (`pidof NAME`): the status view asks it of
// keepalived, whose health checks decide which real servers are in the IPVS table.
import { FactParseError } from '../errors.js';
import { quote } from '../util/shell.js';
import type { FactDefinition } from './types.js';

export const processRunningFact: FactDefinition<boolean, { name: string }> = {
  name: 'process_running',
  command: ({ name }) => `pidof ${quote(name)}`,
  parse(result, { name }) {
    // pidof: 0 with the pids, 1 when none runs; anything else (not installed: 127) is no answer
    if (result.exitCode === 0 && /^\d+(\s+\d+)*\s*$/.test(result.stdout)) return true;
    if (result.exitCode === 1 && result.stdout.trim() === '') return false;
    throw new FactParseError('process_running', `pidof ${name} failed (exit ${result.exitCode}): ${(result.stderr + result.stdout).trim()}`, result.stdout);
  },
};
