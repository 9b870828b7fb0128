// Whether a rule is in the running firewall: `iptables -C` (0 present, 1 absent).
import { FactParseError } from '../errors.js';
import { quote } from '../util/shell.js';
import type { FactDefinition } from './types.js';

export const iptablesRulePresentFact: FactDefinition<boolean, { table: string; chain: string; rule: string }> = {
  name: 'iptables_rule_present',
  command: ({ table, chain, rule }) => `iptables -w -t ${quote(table)} -C ${quote(chain)} ${rule} 2>&1; echo "@@rc:$?"`,
  parse(result) {
    const m = /^([\s\S]*?)@@rc:(\d+)\n?$/.exec(result.stdout);
    if (!m) throw new FactParseError('iptables_rule_present', 'unexpected output', result.stdout);
    if (m[2] === '0') return true;
    // 1 = no such rule; 2 with "does a matching rule exist" is the nf_tables wording of the same
    if (m[2] === '1' || /does a matching rule exist|Bad rule/i.test(m[1]!)) return false;
    throw new FactParseError('iptables_rule_present', `iptables -C failed: ${m[1]!.trim()}`, result.stdout);
  },
};
