// The rules of one chain as `iptables -S` prints them (the same words as a rules.v4 file), for
// checks that compare the running firewall with what a role asked for.
import { FactParseError } from '../errors.js';
import { quote } from '../util/shell.js';
import type { FactDefinition } from './types.js';

export interface IptablesChainArgs {
  table: string;
  chain: string;
}

export const iptablesRulesFact: FactDefinition<string[], IptablesChainArgs> = {
  name: 'iptables_rules',
  command: ({ table, chain }) => `iptables -w -t ${quote(table)} -S ${quote(chain)}`,
  parse(result, { table, chain }) {
    if (result.exitCode !== 0)
      throw new FactParseError('iptables_rules', `iptables -t ${table} -S ${chain} failed (exit ${result.exitCode}): ${result.stderr.trim()}`, result.stdout);
    return result.stdout.split('\n').filter((l) => l.trim() !== '');
  },
};
