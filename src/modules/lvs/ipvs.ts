// ipvs: one IPVS virtual service (by firewall mark, or address:port) and its real servers.
// Reads `ipvsadm -Sn`, plans the minimal edits (ipvs-plan.ts). With persist, also writes
// /etc/ipvsadm.rules (the whole table as it should be after the change: other services as they
// run now) and sets AUTO="true" in /etc/default/ipvsadm, so Debian's ipvsadm init script
// restores the table at boot.
import { defineModule, type ContentDiff } from '../types.js';
import { planManagedFile } from '../lib/managed-file.js';
import { fileStateFact } from '../../facts/file-state.js';
import { ipvsTableFact, type IpvsRealServer } from '../../facts/ipvs-table.js';
import { desiredTable, formatIpvsService, formatIpvsTable, mergedService, planIpvsService, withAutoTrue, type DesiredService } from './ipvs-plan.js';
import type { ArgsOf, OptionSpecs } from '../../argspec/declaration.js';
import { ModuleFailure } from '../../errors.js';

export const SCHEDULERS = ['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'dh', 'sh', 'sed', 'nq', 'fo', 'ovf', 'mh'] as const;
export const DEFAULT_IPVS_RULES_FILE = '/etc/ipvsadm.rules';
export const DEFAULT_IPVSADM_DEFAULTS_FILE = '/etc/default/ipvsadm';

const IPVS_OPTIONS = {
  fwmark: { type: 'int', minimum: 1, maximum: 4294967295, description: 'A service by firewall mark (set by an iptables MARK rule).' },
  address: { format: 'ipv4', description: 'A service by address (with port).' },
  port: { type: 'int', minimum: 0, maximum: 65535, description: "The address service's port." },
  protocol: { choices: ['tcp', 'udp'], default: 'tcp', description: "The address service's protocol." },
  scheduler: { choices: SCHEDULERS, default: 'lc', description: 'The scheduling algorithm (ipvsadm -s).' },
  persistence: { type: 'int', minimum: 0, maximum: 31536000, description: 'Seconds a client sticks to its real server (0: none).' },
  real_servers: {
    type: 'list',
    elements: 'dict',
    options: {
      address: { required: true, format: 'ipv4', description: 'The real server.' },
      port: { type: 'int', minimum: 0, maximum: 65535, description: "Its port: only nat may differ from the service's." },
      weight: { type: 'int', minimum: 0, maximum: 65535, default: 1, description: 'Its weight (0: no new connections).' },
      forwarding: { choices: ['dr', 'nat', 'tunnel'], default: 'dr', description: 'Direct routing, masquerading or IPIP tunnel.' },
    },
    description: 'The real servers the service balances over; those not listed are removed.',
  },
  state: { choices: ['present', 'absent'], default: 'present', description: 'Whether the service is there.' },
  persist: { type: 'bool', default: false, description: 'Also write rules_file and AUTO="true" in default_file, so the table comes back at boot.' },
  rules_file: { type: 'path', default: DEFAULT_IPVS_RULES_FILE, description: 'The whole table, as ipvsadm -R reads it at boot.' },
  default_file: { type: 'path', default: DEFAULT_IPVSADM_DEFAULTS_FILE, description: "Debian's ipvsadm init script settings." },
} as const satisfies OptionSpecs;

export type IpvsArgs = ArgsOf<typeof IPVS_OPTIONS>;

/**
 * The desired service from the module's arguments (which service: checked by the declaration's
 * rules), or a ModuleFailure for what they cannot express. Direct routing and tunnelling cannot change the port (ipvsadm uses
 * the service's), so a different port there would never converge and is refused.
 */
export function desiredServiceFromArgs(args: IpvsArgs): DesiredService {
  const key = args.fwmark !== undefined ? `fwmark:${args.fwmark}` : `${args.protocol}:${args.address}:${args.port}`;
  const servicePort = args.fwmark !== undefined ? 0 : args.port!;
  const realServers: IpvsRealServer[] = (args.real_servers ?? []).map((r) => {
    const { forwarding } = r;
    if (forwarding !== 'nat' && r.port !== undefined && r.port !== servicePort) {
      throw new ModuleFailure(
        `ipvs: real server ${r.address}: port ${r.port} differs from the service's (${servicePort}); only nat forwarding can change the port`,
      );
    }
    return { address: r.address, port: forwarding === 'nat' ? (r.port ?? servicePort) : servicePort, forwarding, weight: r.weight };
  });
  const dupe = realServers.find((r, i) => realServers.findIndex((x) => x.address === r.address && x.port === r.port) !== i);
  if (dupe) throw new ModuleFailure(`ipvs: real server ${dupe.address}${dupe.port ? `:${dupe.port}` : ''} is listed twice`);
  return { key, scheduler: args.scheduler, ...(args.persistence ? { persistence: args.persistence } : {}), realServers };
}

export const ipvsModule = defineModule({
  name: 'ipvs',
  checkMode: 'plan',
  spec: {
    short_description: 'One IPVS virtual service (by firewall mark, or address:port) and its real servers',
    description: [
      'Reads ipvsadm -Sn and plans the fewest edits (-a/-e/-d, never a flush), so established connections keep their real server.',
      "With persist, the whole table as it should be after the change is written for Debian's ipvsadm init script.",
    ],
    options: IPVS_OPTIONS,
    mutually_exclusive: [
      ['fwmark', 'address'],
      ['fwmark', 'port'],
      ['fwmark', 'protocol'],
    ],
    required_one_of: [['fwmark', 'address']],
    required_together: [['address', 'port']],
    examples: [
      '- ipvs:',
      '    fwmark: 80',
      '    scheduler: wlc',
      '    real_servers:',
      '      - { address: 10.77.0.21, weight: 1 }',
      '      - { address: 10.77.0.22, weight: 2 }',
      '    persist: yes',
    ].join('\n'),
    returns: {
      service: { description: 'The service key (fwmark:80, tcp:10.0.0.1:80)', type: 'str', returned: 'always' },
      real_servers: { description: 'Its real servers after the change', type: 'list', returned: 'always' },
    },
  },
  async plan(args, ctx) {
    const desired = desiredServiceFromArgs(args);
    const { state } = args;
    const current = await ctx.fact(ipvsTableFact, undefined);
    const steps = planIpvsService(desired, current, state);
    const diff: ContentDiff[] = [];
    const existing = current.find((s) => s.key === desired.key);
    const wanted = state === 'present' ? mergedService(desired, existing) : undefined;
    if (steps.length) {
      const lines = (s: typeof existing): string =>
        s
          ? formatIpvsService(s)
              .map((l) => `${l}\n`)
              .join('')
          : '';
      diff.push({ label: `ipvs service ${desired.key}`, before: lines(existing), after: lines(wanted) });
    }
    if (args.persist) {
      const rules = await planManagedFile(ctx.fact, {
        path: args.rules_file,
        content: formatIpvsTable(desiredTable(desired, current, state)),
        mode: '0644',
        createParents: true,
      });
      steps.push(...rules.steps);
      diff.push(...rules.diff);
      const defaultsPath = args.default_file;
      const st = await ctx.fact(fileStateFact, { path: defaultsPath, withContent: true });
      if (st.kind !== 'absent' && st.kind !== 'file') throw new ModuleFailure(`${defaultsPath} exists and is a ${st.kind}, not a regular file`);
      const text = st.kind === 'file' ? (st.content ?? '') : '';
      const content = withAutoTrue(text);
      if (content !== text || st.kind === 'absent') {
        // planManagedFile asks for the same fact again; the engine's cache answers it
        const defaults = await planManagedFile(ctx.fact, {
          path: defaultsPath,
          content,
          createParents: true,
          ...(st.kind === 'absent' ? { mode: '0644' } : {}),
        });
        steps.push(...defaults.steps);
        diff.push(...defaults.diff);
      }
    }
    return {
      steps,
      diff,
      ...(steps.length === 0 ? { msg: `IPVS service ${desired.key} is already as desired` } : {}),
      data: {
        service: desired.key,
        real_servers: (wanted?.realServers ?? []).map((r) => ({ address: r.address, port: r.port, weight: r.weight, forwarding: r.forwarding })),
      },
    };
  },
});
