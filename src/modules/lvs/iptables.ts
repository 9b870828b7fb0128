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
import { ruleLine, ruleShellArgs, type RuleArgs } from './iptables-rule.js';
import { editRulesFile } from './rules-file.js';
import { IPV4_CIDR_PATTERN } from '../../util/ipv4.js';

export interface IptablesArgs extends RuleArgs {
  state?: 'present' | 'absent';
  action?: 'append' | 'insert';
  persist?: boolean;
  rules_file?: string;
}

export const DEFAULT_RULES_FILE = '/etc/iptables/rules.v4';

export const iptablesModule = defineModule<IptablesArgs>({
  name: 'iptables',
  checkMode: 'plan',
  argsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['chain'],
    properties: {
      table: { type: 'string', enum: ['filter', 'nat', 'mangle', 'raw'] },
      chain: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,28}$' },
      protocol: { type: 'string', enum: ['tcp', 'udp', 'icmp', 'all'] },
      source: { type: 'string', pattern: IPV4_CIDR_PATTERN },
      destination: { type: 'string', pattern: IPV4_CIDR_PATTERN },
      destination_port: { type: ['string', 'integer'], pattern: '^\\d{1,5}(:\\d{1,5})?$', minimum: 1, maximum: 65535 },
      destination_ports: { type: 'array', items: { type: ['string', 'integer'], pattern: '^\\d{1,5}(:\\d{1,5})?$', minimum: 1, maximum: 65535 }, maxItems: 15 },
      in_interface: { type: 'string', pattern: '^[A-Za-z0-9_.+@-]{1,15}$' },
      jump: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,28}$' },
      set_mark: { type: ['string', 'integer'], pattern: '^(0x[0-9a-fA-F]{1,8}|\\d{1,10})$', minimum: 0, maximum: 4294967295 },
      comment: { type: 'string', pattern: '^[^\\n"\\\\]{1,200}$' },
      state: { type: 'string', enum: ['present', 'absent'] },
      action: { type: 'string', enum: ['append', 'insert'] },
      persist: { type: 'boolean' },
      rules_file: { type: 'string', minLength: 1 },
    },
  },
  async plan(args, ctx) {
    const table = args.table ?? 'filter';
    const present = (args.state ?? 'present') === 'present';
    const action = args.action ?? 'append';
    if ((args.destination_port !== undefined || (args.destination_ports?.length ?? 0) > 0) && args.protocol !== 'tcp' && args.protocol !== 'udp') {
      throw new ModuleFailure("iptables: a destination port needs 'protocol' (tcp or udp)");
    }
    if (args.destination_port !== undefined && (args.destination_ports?.length ?? 0) > 0)
      throw new ModuleFailure("iptables: give 'destination_port' or 'destination_ports', not both");
    if (args.set_mark !== undefined && args.jump !== 'MARK') throw new ModuleFailure("iptables: set_mark needs 'jump: MARK'");
    if (args.jump === 'MARK' && args.set_mark === undefined) throw new ModuleFailure("iptables: 'jump: MARK' needs 'set_mark'");
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
      const file = args.rules_file ?? DEFAULT_RULES_FILE;
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
