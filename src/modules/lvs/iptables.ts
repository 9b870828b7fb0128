// iptables: one rule, Ansible's argument names (a subset), idempotent with `iptables -C`, and
// persisted into /etc/iptables/rules.v4 by editing only that rule (never `netfilter-persistent
// save`, which would also capture Docker's chains). The new file is checked with
// `iptables-restore --test` before it atomically replaces the old one.
import { defineModule, type ContentDiff, type Step } from '../types.js';
import { planManagedFile } from '../lib/managed-file.js';
import { fileStateFact } from '../../facts/file-state.js';
import { iptablesRulePresentFact } from '../../facts/iptables-rule-present.js';
import { quote } from '../../util/shell.js';
import { ModuleFailure } from '../../errors.js';
import { ruleLine, ruleShellArgs } from './iptables-rule.js';
import { editRulesFile } from './rules-file.js';

export const DEFAULT_RULES_FILE = '/etc/iptables/rules.v4';

/** What the multiport match takes at most. */
const MULTIPORT_LIMIT = 15;

export const iptablesModule = defineModule({
  name: 'iptables',
  checkMode: 'plan',
  spec: {
    short_description: 'One iptables rule present or absent, now and in /etc/iptables/rules.v4',
    description: [
      "Ansible's argument names (a subset). Idempotent with iptables -C; persisted by editing only that rule in the rules file (never netfilter-persistent save, which would also capture Docker's chains).",
      'The new rules file is checked with iptables-restore --test before it atomically replaces the old one.',
    ],
    options: {
      table: { choices: ['filter', 'nat', 'mangle', 'raw'], default: 'filter', description: 'The table.' },
      chain: { required: true, format: 'iptables_chain', description: 'The chain (INPUT, PREROUTING, a user chain).' },
      protocol: { choices: ['tcp', 'udp', 'icmp', 'all'], description: 'The protocol (tcp or udp with ports).' },
      source: { format: 'ipv4_cidr', description: 'Source address or network.' },
      destination: { format: 'ipv4_cidr', description: 'Destination address or network.' },
      destination_port: { format: 'port_range', description: 'A destination port or range first:last (needs protocol).' },
      destination_ports: {
        type: 'list',
        elements: 'str',
        format: 'port_range',
        description: `Destination ports or ranges, at most ${MULTIPORT_LIMIT} (the multiport match; needs protocol).`,
      },
      in_interface: { format: 'interface_name', description: 'The incoming interface (eth+ matches every eth).' },
      jump: { format: 'iptables_chain', description: 'The target: ACCEPT, DROP, MARK, a user chain.' },
      set_mark: { format: 'fwmark_value', description: 'With jump: MARK, the mark (decimal or 0x hex).' },
      comment: { format: 'iptables_comment', description: 'A comment kept with the rule.' },
      state: { choices: ['present', 'absent'], default: 'present', description: 'Whether the rule is there.' },
      action: { choices: ['append', 'insert'], default: 'append', description: 'Where a new rule goes: at the end (-A) or the start (-I).' },
      persist: { type: 'bool', default: false, description: 'Also keep the rule in rules_file (restored at boot).' },
      rules_file: { type: 'path', default: DEFAULT_RULES_FILE, description: 'The iptables-restore file.' },
    },
    mutually_exclusive: [['destination_port', 'destination_ports']],
    required_if: [['jump', 'MARK', ['set_mark']]],
    examples: [
      '- iptables:',
      '    table: mangle',
      '    chain: PREROUTING',
      '    destination: 10.77.0.50',
      '    protocol: tcp',
      '    destination_ports: [80, 443]',
      '    jump: MARK',
      '    set_mark: 80',
      '    persist: yes',
    ].join('\n'),
  },
  async plan(args, ctx) {
    const { table, action } = args;
    const present = args.state === 'present';
    if ((args.destination_port !== undefined || (args.destination_ports?.length ?? 0) > 0) && args.protocol !== 'tcp' && args.protocol !== 'udp') {
      throw new ModuleFailure("iptables: a destination port needs 'protocol' (tcp or udp)");
    }
    if ((args.destination_ports?.length ?? 0) > MULTIPORT_LIMIT)
      throw new ModuleFailure(`iptables: at most ${MULTIPORT_LIMIT} destination_ports (the multiport match's limit)`);
    if (args.set_mark !== undefined && args.jump !== 'MARK') throw new ModuleFailure("iptables: set_mark needs 'jump: MARK'");
    const rule = ruleShellArgs(args);
    const steps: Step[] = [];
    const diff: ContentDiff[] = [];
    const running = await ctx.fact(iptablesRulePresentFact, { table, chain: args.chain, rule });
    if (present && !running) {
      const op = action === 'insert' ? '-I' : '-A';
      steps.push({
        describe: `iptables -t ${table} ${op} ${args.chain} ${rule}`,
        command: `iptables -w -t ${quote(table)} ${op} ${quote(args.chain)} ${rule}`,
      });
    } else if (!present && running) {
      steps.push({ describe: `iptables -t ${table} -D ${args.chain} ${rule}`, command: `iptables -w -t ${quote(table)} -D ${quote(args.chain)} ${rule}` });
    }
    if (steps.length)
      diff.push({
        label: `iptables -t ${table} ${args.chain} (running)`,
        before: running ? `${ruleLine(args)}\n` : '',
        after: present ? `${ruleLine(args)}\n` : '',
      });
    if (args.persist) {
      const file = args.rules_file;
      const before = await ctx.fact(fileStateFact, { path: file, withContent: true });
      if (before.kind !== 'absent' && before.kind !== 'file') throw new ModuleFailure(`${file} exists and is a ${before.kind}, not a regular file`);
      const current = before.kind === 'file' ? (before.content ?? '') : '';
      if (present || before.kind === 'file') {
        const wanted = editRulesFile(current, { ...args, table }, present, file, action);
        if (wanted !== current || before.kind === 'absent') {
          // validated by iptables-restore before it replaces the old file; never
          // `netfilter-persistent save`, which would also capture Docker's chains
          const filePlan = await planManagedFile(ctx.fact, {
            path: file,
            content: wanted,
            createParents: true,
            validate: 'iptables-restore --test %s',
            ...(before.kind === 'absent' ? { mode: '0640' } : {}),
          });
          steps.push(...filePlan.steps);
          diff.push(...filePlan.diff);
        }
      }
    }
    return {
      steps,
      diff,
      ...(steps.length === 0 ? { msg: `the rule is already ${present ? 'present' : 'absent'}` } : {}),
      data: { table, chain: args.chain, rule: ruleLine(args) },
    };
  },
});
