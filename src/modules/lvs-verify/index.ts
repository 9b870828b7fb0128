// lvs_verify: read-only. Compares a director's or node's runtime state and boot files with what
// the LVS roles ask for, and returns a table (check, expected, found). Fails naming every
// mismatch. It plans no change, so it runs the same with --check.
import { IPV4_PATTERN } from '../../util/ipv4.js';
import { defineModule } from '../types.js';
import { parseProbe, probeScript } from './probe.js';
import { directorChecks, holdsVip, nodeChecks, type VerifyArgs } from './checks.js';

export const lvsVerifyModule = defineModule<VerifyArgs>({
  name: 'lvs_verify',
  checkMode: 'plan',
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
      real_servers: {
        type: 'array',
        items: {
          type: 'object',
          required: ['address'],
          properties: {
            address: { type: 'string', pattern: IPV4_PATTERN },
            weight: { type: 'integer' },
            forwarding: { type: 'string', enum: ['dr', 'nat', 'tunnel'] },
          },
          additionalProperties: false,
        },
      },
      interface: { type: 'string' },
      ha: { type: 'string', enum: ['none', 'keepalived_native', 'keepalived_container'] },
      holds_vip: { type: 'boolean' },
      rules_file: { type: 'string' },
      ipvs_rules_file: { type: 'string' },
      ipvs_default_file: { type: 'string' },
      sysctl_file: { type: 'string' },
      node_interfaces_file: { type: 'string' },
      director_interfaces_file: { type: 'string' },
    },
  },
  async plan(args, ctx) {
    const files: Record<string, string> =
      args.role === 'director'
        ? {
            rules: args.rules_file ?? '/etc/iptables/rules.v4',
            ipvs_rules: args.ipvs_rules_file ?? '/etc/ipvsadm.rules',
            ipvs_default: args.ipvs_default_file ?? '/etc/default/ipvsadm',
            director_interfaces: args.director_interfaces_file ?? '/etc/network/interfaces.d/lvsplay-vip',
            keepalived_conf: '/etc/keepalived/keepalived.conf',
          }
        : {
            sysctl: args.sysctl_file ?? '/etc/sysctl.d/90-lvsplay-lvs-dr.conf',
            node_interfaces: args.node_interfaces_file ?? '/etc/network/interfaces.d/lvsplay-lo0',
            interfaces: '/etc/network/interfaces',
          };
    const sysctls = args.role === 'node' ? ['net.ipv4.conf.all.arp_ignore', 'net.ipv4.conf.all.arp_announce'] : [];
    const out = await ctx.read(probeScript(files, sysctls));
    const probe = parseProbe(out.stdout);
    const checks = args.role === 'director' ? directorChecks(args, probe) : nodeChecks(args, probe);
    const bad = checks.filter((c) => !c.ok);
    const data: Record<string, unknown> = { checks };
    const stats = probe.get('ipvs-stats');
    if (args.role === 'director' && stats && !/Can't|not available|Protocol/i.test(stats)) data.ipvs_stats = stats;
    // For the play-wide check that exactly one director holds the VIP.
    if (args.role === 'director') data.holds_vip = holdsVip(probe.get('addr') ?? '', args.vip, args.interface ?? 'eth0');
    return {
      steps: [],
      failed: bad.length > 0,
      msg: bad.length
        ? `${bad.length} of ${checks.length} checks failed: ${bad.map((c) => `${c.check} (expected ${c.expected}, found ${c.found})`).join('; ')}`
        : `all ${checks.length} checks passed`,
      data,
    };
  },
});
