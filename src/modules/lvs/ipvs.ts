// ipvs: one IPVS virtual service (by firewall mark, or address:port) and its real servers.
// Reads `ipvsadm -Sn`, plans the minimal edits (ipvs-plan.ts). With persist, also writes
// /etc/ipvsadm.rules (the whole table as it should be after the change) and sets AUTO="true" in
// /etc/default/ipvsadm, so Debian's ipvsadm init script restores the table at boot.
import { defineModule, type ContentDiff, type Step } from '../types.js';
import { planManagedFile } from '../lib/managed-file.js';
import { fileStateFact } from '../../facts/file-state.js';
import { ipvsTableFact } from '../../facts/ipvs-table.js';
import { formatIpvsService, type SavedRealServer } from '../lib/ipvs-save.js';
import { desiredTable, planIpvsService, type DesiredService } from './ipvs-plan.js';
import { IPV4_PATTERN } from './ipv4.js';
import { ModuleFailure } from '../../errors.js';

interface IpvsArgs {
  fwmark?: number;
  address?: string;
  port?: number;
  protocol?: 'tcp' | 'udp';
  scheduler?: string;
  persistence?: number;
  real_servers?: Array<{ address: string; port?: number; weight?: number; forwarding?: 'dr' | 'nat' | 'tunnel' }>;
  state?: 'present' | 'absent';
  persist?: boolean;
  rules_file?: string;
  default_file?: string;
}

export const SCHEDULERS = ['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'dh', 'sh', 'sed', 'nq', 'fo', 'ovf', 'mh'];

/** /etc/default/ipvsadm with AUTO="true", every other line kept. */
export function withAutoTrue(text: string): string {
  if (/^\s*AUTO\s*=\s*"?true"?\s*$/m.test(text)) return text;
  if (/^\s*AUTO\s*=/m.test(text)) return text.replace(/^\s*AUTO\s*=.*$/m, 'AUTO="true"');
  const header = text === '' ? '# ipvsadm init script settings (AUTO="true" restores /etc/ipvsadm.rules at boot)\nDAEMON="none"\n' : text.endsWith('\n') ? text : text + '\n';
  return `${header}AUTO="true"\n`;
}

export const ipvsModule = defineModule<IpvsArgs>({
  name: 'ipvs',
  checkMode: 'plan',
  argsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      fwmark: { type: 'integer', minimum: 1, maximum: 4294967295 },
      address: { type: 'string', pattern: IPV4_PATTERN },
      port: { type: 'integer', minimum: 0, maximum: 65535 },
      protocol: { type: 'string', enum: ['tcp', 'udp'] },
      scheduler: { type: 'string', enum: SCHEDULERS },
      persistence: { type: 'integer', minimum: 0, maximum: 31536000 },
      real_servers: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['address'],
          properties: {
            address: { type: 'string', pattern: IPV4_PATTERN },
            port: { type: 'integer', minimum: 0, maximum: 65535 },
            weight: { type: 'integer', minimum: 0, maximum: 65535 },
            forwarding: { type: 'string', enum: ['dr', 'nat', 'tunnel'] },
          },
        },
      },
      state: { type: 'string', enum: ['present', 'absent'] },
      persist: { type: 'boolean' },
      rules_file: { type: 'string', minLength: 1 },
      default_file: { type: 'string', minLength: 1 },
    },
    oneOf: [{ required: ['fwmark'], not: { required: ['address'] } }, { required: ['address', 'port'], not: { required: ['fwmark'] } }],
  },
  async plan(args, ctx) {
    const key = args.fwmark !== undefined ? `fwmark:${args.fwmark}` : `${args.protocol ?? 'tcp'}:${args.address}:${args.port}`;
    const servicePort = args.fwmark !== undefined ? 0 : (args.port ?? 0);
    const realServers: SavedRealServer[] = (args.real_servers ?? []).map((r) => ({ address: r.address, port: args.fwmark !== undefined ? 0 : (r.port ?? servicePort), forwarding: r.forwarding ?? 'dr', weight: r.weight ?? 1 }));
    const dupes = realServers.filter((r, i) => realServers.findIndex((x) => x.address === r.address && x.port === r.port) !== i);
    if (dupes.length) throw new ModuleFailure(`ipvs: real server ${dupes[0]!.address} is listed twice`);
    const desired: DesiredService = { key, scheduler: args.scheduler ?? 'lc', ...(args.persistence ? { persistence: args.persistence } : {}), realServers };
    const state = args.state ?? 'present';
    const current = await ctx.fact(ipvsTableFact, undefined);
    const steps: Step[] = planIpvsService(desired, current, state);
    const diff: ContentDiff[] = [];
    const before = current.find((s) => s.key === key);
    if (steps.length) diff.push({ label: `ipvs service ${key}`, before: before ? formatIpvsService(before).join('\n') + '\n' : '', after: state === 'present' ? formatIpvsService({ ...desired }).join('\n') + '\n' : '' });
    if (args.persist) {
      const rulesFile = args.rules_file ?? '/etc/ipvsadm.rules';
      const table = desiredTable(desired, current, state);
      const content = table.flatMap(formatIpvsService).join('\n') + (table.length ? '\n' : '');
      const rules = await planManagedFile(ctx.fact, { path: rulesFile, content, mode: '0644', createParents: true });
      steps.push(...rules.steps);
      diff.push(...rules.diff);
      const defaultFile = args.default_file ?? '/etc/default/ipvsadm';
      const st = await ctx.fact(fileStateFact, { path: defaultFile, withContent: true });
      const text = st.kind === 'file' ? (st.content ?? '') : '';
      const wanted = withAutoTrue(text);
      if (wanted !== text || st.kind === 'absent') {
        const defaults = await planManagedFile(ctx.fact, { path: defaultFile, content: wanted, mode: '0644', createParents: true });
        steps.push(...defaults.steps);
        diff.push(...defaults.diff);
      }
    }
    return { steps, diff, data: { service: key, real_servers: realServers.map((r) => r.address) } };
  },
});
