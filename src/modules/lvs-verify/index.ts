// lvs_verify: read-only. Compares a director's or node's runtime state and boot files with what
// the LVS roles ask for, and returns a table (check, expected, found). Fails naming every
// mismatch. It plans no change, so it runs the same with --check. Everything it compares is read
// through facts asked for together, so a host is read in one round trip.
import { IPV4_PATTERN } from '../../util/ipv4.js';
import { defineModule, type ModuleContext } from '../types.js';
import type { FactDefinition } from '../../facts/types.js';
import { fileStateFact } from '../../facts/file-state.js';
import { ipAddressesFact } from '../../facts/ip-addresses.js';
import { iptablesRulesFact } from '../../facts/iptables-rules.js';
import { ipvsStatsFact } from '../../facts/ipvs-stats.js';
import { ipvsTableFact } from '../../facts/ipvs-table.js';
import { serviceStateFact } from '../../facts/service-state.js';
import { sysctlValueFact } from '../../facts/sysctl-value.js';
import { DEFAULT_IPVSADM_DEFAULTS_FILE, DEFAULT_IPVS_RULES_FILE } from '../lvs/ipvs.js';
import { directorChecks, holdsVip, nodeChecks, type Check, type DirectorArgs, type NodeArgs, type Read, type VerifyArgs } from './checks.js';

const KEEPALIVED_CONF = '/etc/keepalived/keepalived.conf';
const NODE_SYSCTLS = ['net.ipv4.conf.all.arp_ignore', 'net.ipv4.conf.all.arp_announce'];

/** A fact read that keeps its error as the value: one unreadable thing is one failed check. */
function read<T, A>(ctx: ModuleContext, fact: FactDefinition<T, A>, args: A): Promise<Read<T>> {
  return ctx.fact(fact, args).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));
}

/** Each file's content by label (undefined when absent or unreadable). */
function readFiles(ctx: ModuleContext, files: Record<string, string>): Promise<Record<string, string | undefined>> {
  return Promise.all(
    Object.entries(files).map(async ([label, path]) => {
      const state = await read(ctx, fileStateFact, { path, withContent: true });
      return [label, state instanceof Error || state.kind !== 'file' ? undefined : (state.content ?? '')] as const;
    }),
  ).then((entries) => Object.fromEntries(entries));
}

async function verifyDirector(a: DirectorArgs, ctx: ModuleContext): Promise<{ checks: Check[]; data: Record<string, unknown> }> {
  // keepalived owns the VIP and the table, or the director's own boot files do.
  const keepalived = a.ha === 'keepalived_native';
  const [addresses, files, mangle, ipvs, daemon, stats] = await Promise.all([
    read(ctx, ipAddressesFact, undefined),
    readFiles(ctx, {
      rules: a.rules_file,
      ...(keepalived ? { keepalived_conf: KEEPALIVED_CONF } : { ipvs_rules: DEFAULT_IPVS_RULES_FILE, ipvs_default: DEFAULT_IPVSADM_DEFAULTS_FILE }),
      ...(a.ha === 'none' && a.holds_vip ? { director_interfaces: a.director_interfaces_file } : {}),
    }),
    read(ctx, iptablesRulesFact, { table: 'mangle', chain: 'PREROUTING' }),
    read(ctx, ipvsTableFact, undefined),
    keepalived ? read(ctx, serviceStateFact, { name: 'keepalived' }) : new Error('not asked: keepalived does not run here'),
    read(ctx, ipvsStatsFact, undefined),
  ]);
  const checks = directorChecks(a, { addresses, files, mangle, ipvs, keepalived: daemon });
  // holds_vip: for the play-wide check that exactly one director holds the VIP.
  const data: Record<string, unknown> = { checks, holds_vip: holdsVip(addresses, a.vip, a.interface) };
  if (typeof stats === 'string' && stats !== '') data.ipvs_stats = stats;
  return { checks, data };
}

async function verifyNode(a: NodeArgs, ctx: ModuleContext): Promise<{ checks: Check[]; data: Record<string, unknown> }> {
  const [addresses, files, ...sysctls] = await Promise.all([
    read(ctx, ipAddressesFact, undefined),
    readFiles(ctx, { sysctl: a.sysctl_file, node_interfaces: a.node_interfaces_file, interfaces: '/etc/network/interfaces' }),
    ...NODE_SYSCTLS.map((name) => read(ctx, sysctlValueFact, { name })),
  ]);
  const checks = nodeChecks(a, { addresses, files, sysctls: Object.fromEntries(NODE_SYSCTLS.map((name, i) => [name, sysctls[i]!])) });
  return { checks, data: { checks } };
}

const REAL_SERVER = {
  type: 'object',
  required: ['address'],
  properties: {
    address: { type: 'string', pattern: IPV4_PATTERN },
    weight: { type: 'integer' },
    forwarding: { type: 'string', enum: ['dr', 'nat', 'tunnel'] },
  },
  additionalProperties: false,
};

export const lvsVerifyModule = defineModule<VerifyArgs>({
  name: 'lvs_verify',
  checkMode: 'plan',
  // The roles' variables come in as arguments (playbooks/verify.yaml): their defaults live in
  // roles/*/defaults only.
  argsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['role', 'vip'],
    properties: {
      role: { type: 'string', enum: ['director', 'node'] },
      vip: { type: 'string', pattern: IPV4_PATTERN },
      fwmark: { type: 'integer', minimum: 1 },
      scheduler: { type: 'string' },
      persistence: { type: 'integer', minimum: 0 },
      real_servers: { type: 'array', items: REAL_SERVER },
      interface: { type: 'string' },
      ha: { type: 'string', enum: ['none', 'keepalived_native', 'keepalived_container'] },
      holds_vip: { type: 'boolean' },
      rules_file: { type: 'string' },
      director_interfaces_file: { type: 'string' },
      sysctl_file: { type: 'string' },
      node_interfaces_file: { type: 'string' },
    },
    allOf: [
      {
        if: { properties: { role: { const: 'director' } } },
        then: { required: ['fwmark', 'scheduler', 'persistence', 'real_servers', 'interface', 'ha', 'holds_vip', 'rules_file', 'director_interfaces_file'] },
      },
      { if: { properties: { role: { const: 'node' } } }, then: { required: ['sysctl_file', 'node_interfaces_file'] } },
    ],
  },
  async plan(args, ctx) {
    const { checks, data } = args.role === 'director' ? await verifyDirector(args, ctx) : await verifyNode(args, ctx);
    const bad = checks.filter((c) => !c.ok);
    return {
      steps: [],
      failed: bad.length > 0,
      msg: bad.length
        ? `${bad.length} of ${checks.length} checks failed: ${bad.map((c) => `${c.check} (expected ${c.expected}, found ${c.found})`).join('; ')}`
        : `all ${checks.length} checks passed`,
      data,
      display: { checks, ...(typeof data.ipvs_stats === 'string' ? { text: data.ipvs_stats } : {}) },
    };
  },
});
