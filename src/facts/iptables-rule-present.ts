// Whether a rule is in the running firewall: `iptables -C` exits 0 when it is, 1 when it is not
// (nf_tables and legacy both say "Bad rule (does a matching rule exist in that chain?)").
// Anything else (a chain that does not exist, a match the kernel lacks, no permission) fails
// the task with iptables' own words rather than being guessed as "absent".
import { ModuleFailure } from '../errors.js';
import { quote } from '../util/shell.js';
import type { FactDefinition } from './types.js';

export interface IptablesRuleArgs {
  table: string;
  chain: string;
  /** The rule's words after the chain, already quoted for the shell (iptables-rule.ts). */
  rule: string;
}

export const iptablesRulePresentFact: FactDefinition<boolean, IptablesRuleArgs> = {
  name: 'iptables_rule_present',
  command: ({ table, chain, rule }) => `iptables -w -t ${quote(table)} -C ${quote(chain)} ${rule}`,
  parse(result, { table, chain, rule }) {
    const rc = result.exitCode;
    const output = `${result.stderr}${result.stdout}`;
    if (rc === 0) return true;
    if (rc === 1 && !/No chain\/target\/match/i.test(output)) return false;
    if (rc === 127) throw new ModuleFailure('iptables is not installed on this host (Debian package: iptables)');
    throw new ModuleFailure(`iptables -C failed (exit ${rc}) for 'iptables -t ${table} -C ${chain} ${rule}': ${output.trim().split('\n')[0] ?? ''}`);
  },
};
