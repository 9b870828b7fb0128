// lvs_verify: read-only. Compares a director's or node's runtime state and boot files with what
// the LVS roles ask for, and returns a table (check, expected, found). Fails naming every
// mismatch. It plans no change, so it runs the same with --check. Everything it compares is read
// through facts asked for together, so a host is read in one round trip.
import { defineModule, type ModuleContext } from '../types.js';
import type { FactDefinition } from '../../facts/types.js';
import { fileStateFact } from '../../facts/file-state.js';
import { ipAddressesFact } from '../../facts/ip-addresses.js';
import { iptablesRulesFact } from '../../facts/iptables-rules.js';
import { ipvsStatsFact } from '../../facts/ipvs-stats.js';
import { ipvsTableFact } from '../../facts/ipvs-table.js';
import { containerStateFact } from '../../facts/container-state.js';
import { serviceStateFact } from '../../facts/service-state.js';
import { sysctlValueFact } from '../../facts/sysctl-value.js';
import { DEFAULT_IPVSADM_DEFAULTS_FILE, DEFAULT_IPVS_RULES_FILE } from '../lvs/ipvs.js';
import { directorChecks, holdsVip, nodeChecks, type Check, type DirectorArgs, type NodeArgs, type Read } from './checks.js';

const KEEPALIVED_CONF = '/etc/keepalived/keepalived.conf';
// The ha role's defaults (lvs_keepalived_container_name, basename of lvs_keepalived_unit).
const CONTAINER_NAME = 'docker-swarm-keepalived';
const CONTAINER_UNIT = 'docker-swarm-keepalived.service';
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
  const container = a.ha === 'keepalived_container';
  const ipvsSysctls = Object.keys(a.ipvs_sysctls ?? {}).map((key) => `net.ipv4.vs.${key}`);
  const [addresses, files, mangle, ipvs, daemon, stats, containerState, containerUnit, sysctls] = await Promise.all([
    read(ctx, ipAddressesFact, undefined),
    readFiles(ctx, {
      rules: a.rules_file,
      ...(keepalived ? { keepalived_conf: KEEPALIVED_CONF } : { ipvs_rules: DEFAULT_IPVS_RULES_FILE, ipvs_default: DEFAULT_IPVSADM_DEFAULTS_FILE }),
      ...(a.ha === 'none' && a.holds_vip ? { director_interfaces: a.director_interfaces_file } : {}),
      ...(ipvsSysctls.length && a.ipvs_sysctl_file ? { ipvs_sysctl: a.ipvs_sysctl_file } : {}),
    }),
    read(ctx, iptablesRulesFact, { table: 'mangle', chain: 'PREROUTING' }),
    read(ctx, ipvsTableFact, undefined),
    keepalived ? read(ctx, serviceStateFact, { name: 'keepalived' }) : new Error('not asked: keepalived does not run here'),
    read(ctx, ipvsStatsFact, undefined),
    container ? read(ctx, containerStateFact, { name: a.container_name ?? CONTAINER_NAME }) : undefined,
    container ? read(ctx, serviceStateFact, { name: a.container_unit ?? CONTAINER_UNIT }) : undefined,
    Promise.all(ipvsSysctls.map((name) => read(ctx, sysctlValueFact, { name }))),
  ]);
  const checks = directorChecks(a, {
    addresses,
    files,
    mangle,
    ipvs,
    keepalived: daemon,
    sysctls: Object.fromEntries(ipvsSysctls.map((name, i) => [name, sysctls[i]!])),
    ...(containerState ? { container: containerState } : {}),
    ...(containerUnit ? { containerUnit } : {}),
  });
  // holds_vips: for the play-wide check that exactly one director holds each VIP.
  const data: Record<string, unknown> = { checks, holds_vips: a.vips.filter((vip) => holdsVip(addresses, vip, a.interface)) };
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

const DIRECTOR_NEEDS = ['services', 'interface', 'ha', 'holds_vip', 'rules_file', 'director_interfaces_file'];

const REAL_SERVER = {
  address: { required: true, format: 'ipv4', description: 'A real server.' },
  weight: { type: 'int', description: 'Its weight.' },
  forwarding: { choices: ['dr', 'nat', 'tunnel'], description: 'Its forwarding method.' },
} as const;

export const lvsVerifyModule = defineModule({
  name: 'lvs_verify',
  checkMode: 'plan',
  // The roles' variables come in as arguments (playbooks/verify.yaml): their defaults live in
  // roles/*/defaults only.
  spec: {
    short_description: "Compare a director's or node's running state and boot files with what the LVS roles ask for",
    description: [
      'Read-only (it plans no change, so it runs the same with --check): returns a table of checks (check, expected, found) and fails naming every mismatch.',
      'Everything is read through facts asked for together: one round trip per host.',
    ],
    options: {
      role: { required: true, choices: ['director', 'node'], description: 'Which role the host plays.' },
      vips: { required: true, type: 'list', elements: 'str', description: "Every virtual IP, in the roles' order (_lvs_vips)." },
      services: {
        type: 'list',
        elements: 'dict',
        options: {
          vip: { required: true, format: 'ipv4', description: "The service's VIP." },
          fwmark: { required: true, type: 'int', minimum: 0, description: 'Its firewall mark; 0 for a service by address, protocol and port.' },
          protocol: { choices: ['tcp', 'udp'], description: "An address service's protocol." },
          port: { type: 'int', minimum: 0, maximum: 65535, description: "An address service's port." },
          scheduler: { required: true, description: 'The scheduler it should use.' },
          persistence: { type: 'int', minimum: 0, default: 0, description: 'The persistence timeout it should have.' },
          real_servers: { type: 'list', elements: 'dict', default: [], options: REAL_SERVER, description: 'The real servers it should list.' },
        },
        description: "Every IPVS virtual service the director should have (the roles' _lvs_services, these keys of each).",
      },
      drained: {
        type: 'list',
        elements: 'str',
        default: [],
        description: 'Real servers drained by playbooks/drain.yaml: weight 0 is what they should have.',
      },
      interface: { description: "The director's LAN interface (where the VIP lives without keepalived)." },
      ha: { choices: ['none', 'keepalived_native', 'keepalived_container'], description: 'Who owns the VIP and the table.' },
      holds_vip: { type: 'bool', description: 'Without keepalived: whether this director should hold the VIP (false on a cold standby).' },
      rules_file: { type: 'path', description: 'The iptables rules file.' },
      director_interfaces_file: { type: 'path', description: "The director's interfaces file for the VIP." },
      container_unit: { description: 'keepalived_container: the unit that runs the container (the ha role: basename of lvs_keepalived_unit).' },
      container_name: { description: 'keepalived_container: the container (the ha role: lvs_keepalived_container_name).' },
      ipvs_sysctls: {
        type: 'dict',
        description: "IPVS's own settings (the director role's lvs_ipvs_sysctls: a name under net.ipv4.vs and its value), now and at boot.",
      },
      ipvs_sysctl_file: { type: 'path', description: 'The sysctl.d file that sets ipvs_sysctls at boot (lvs_ipvs_sysctl_file).' },
      sysctl_file: { type: 'path', description: "The node's sysctl file (arp_ignore, arp_announce)." },
      node_interfaces_file: { type: 'path', description: "The node's interfaces file for the VIP on lo." },
    },
    required_if: [
      ['role', 'director', DIRECTOR_NEEDS],
      ['role', 'node', ['sysctl_file', 'node_interfaces_file']],
    ],
    examples:
      "- lvs_verify:\n    role: node\n    vips: '{{ _lvs_vips }}'\n    sysctl_file: '{{ lvs_sysctl_file }}'\n    node_interfaces_file: '{{ lvs_node_interfaces_file }}'",
    returns: { checks: { description: 'Every check: check, expected, found, ok', type: 'list', returned: 'always' } },
  },
  async plan(args, ctx) {
    // the declaration's required_if has checked what each role needs
    const { checks, data } =
      args.role === 'director' ? await verifyDirector(args as unknown as DirectorArgs, ctx) : await verifyNode(args as unknown as NodeArgs, ctx);
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
