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
import { IPV4_PATTERN } from '../../util/ipv4.js';
import { ModuleFailure } from '../../errors.js';

export interface IpvsArgs {
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
export const DEFAULT_IPVS_RULES_FILE = '/etc/ipvsadm.rules';
export const DEFAULT_IPVSADM_DEFAULTS_FILE = '/etc/default/ipvsadm';

/**
 * The desired service from the module's arguments, or a ModuleFailure for combinations the
 * schema cannot express. Direct routing and tunnelling cannot change the port (ipvsadm uses
 * the service's), so a different port there would never converge and is refused.
 */
export function desiredServiceFromArgs(args: IpvsArgs): DesiredService {
  if ((args.fwmark === undefined) === (args.address === undefined)) throw new ModuleFailure("ipvs: give either 'fwmark' or 'address' with 'port' (not both)");
  if (args.fwmark !== undefined && (args.port !== undefined || args.protocol !== undefined))
    throw new ModuleFailure("ipvs: 'port' and 'protocol' belong to address services, not to a fwmark service");
  if (args.address !== undefined && args.port === undefined) throw new ModuleFailure("ipvs: an address service needs 'port'");
  const key = args.fwmark !== undefined ? `fwmark:${args.fwmark}` : `${args.protocol ?? 'tcp'}:${args.address}:${args.port}`;
  const servicePort = args.fwmark !== undefined ? 0 : args.port!;
  const realServers: IpvsRealServer[] = (args.real_servers ?? []).map((r) => {
    const forwarding = r.forwarding ?? 'dr';
    if (forwarding !== 'nat' && r.port !== undefined && r.port !== servicePort) {
      throw new ModuleFailure(
        `ipvs: real server ${r.address}: port ${r.port} differs from the service's (${servicePort}); only nat forwarding can change the port`,
      );
    }
    return { address: r.address, port: forwarding === 'nat' ? (r.port ?? servicePort) : servicePort, forwarding, weight: r.weight ?? 1 };
  });
  const dupe = realServers.find((r, i) => realServers.findIndex((x) => x.address === r.address && x.port === r.port) !== i);
  if (dupe) throw new ModuleFailure(`ipvs: real server ${dupe.address}${dupe.port ? `:${dupe.port}` : ''} is listed twice`);
  return { key, scheduler: args.scheduler ?? 'lc', ...(args.persistence ? { persistence: args.persistence } : {}), realServers };
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
    oneOf: [
      { required: ['fwmark'], not: { anyOf: [{ required: ['address'] }, { required: ['port'] }, { required: ['protocol'] }] } },
      { required: ['address', 'port'], not: { required: ['fwmark'] } },
    ],
  },
  async plan(args, ctx) {
    const desired = desiredServiceFromArgs(args);
    const state = args.state ?? 'present';
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
        path: args.rules_file ?? DEFAULT_IPVS_RULES_FILE,
        content: formatIpvsTable(desiredTable(desired, current, state)),
        mode: '0644',
        createParents: true,
      });
      steps.push(...rules.steps);
      diff.push(...rules.diff);
      const defaultsPath = args.default_file ?? DEFAULT_IPVSADM_DEFAULTS_FILE;
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
