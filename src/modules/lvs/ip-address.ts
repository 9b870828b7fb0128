// ip_address: an IPv4 address on a device, with a label (lo:0). Idempotent through
// `ip -o -4 addr`. For the VIP on LVS-DR real servers the address sits on lo with a /32 and is
// never announced: what stops ARP answers for it is arp_ignore/arp_announce (node role), not a
// flag on the address, so `noarp` is accepted for the tutorial's wording and documented only.
import { defineModule, type Step } from '../types.js';
import { ipAddressesFact, type IpAddress } from '../../facts/ip-addresses.js';
import { commandLine } from '../../util/shell.js';
import { ModuleFailure } from '../../errors.js';
import { IPV4_CIDR_PATTERN } from './ipv4.js';

interface IpAddressArgs {
  address: string;
  prefix?: number;
  device: string;
  label?: string;
  state?: 'present' | 'absent';
  noarp?: boolean;
}

export function planIpAddress(args: IpAddressArgs, current: IpAddress[]): Step[] {
  const [address, cidrPrefix] = args.address.split('/') as [string, string | undefined];
  const prefix = cidrPrefix !== undefined ? Number(cidrPrefix) : (args.prefix ?? 32);
  const label = args.label ?? args.device;
  if (!label.startsWith(args.device)) throw new ModuleFailure(`ip_address: label '${label}' must start with the device name '${args.device}'`);
  if (label.length > 15) throw new ModuleFailure(`ip_address: label '${label}' is longer than 15 characters`);
  const existing = current.find((a) => a.device === args.device && a.address === address);
  const del = (a: IpAddress): Step => ({ describe: `remove ${a.address}/${a.prefix} from ${a.device}`, command: commandLine('ip', 'addr', 'del', `${a.address}/${a.prefix}`, 'dev', a.device) });
  if ((args.state ?? 'present') === 'absent') return existing ? [del(existing)] : [];
  if (existing && existing.prefix === prefix && existing.label === label) return [];
  const steps: Step[] = existing ? [del(existing)] : [];
  steps.push({ describe: `add ${address}/${prefix} to ${args.device} (${label})`, command: commandLine('ip', 'addr', 'add', `${address}/${prefix}`, 'dev', args.device, 'label', label) });
  return steps;
}

export const ipAddressModule = defineModule<IpAddressArgs>({
  name: 'ip_address',
  checkMode: 'plan',
  argsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['address', 'device'],
    properties: {
      address: { type: 'string', pattern: IPV4_CIDR_PATTERN },
      prefix: { type: 'integer', minimum: 0, maximum: 32 },
      device: { type: 'string', pattern: '^[A-Za-z0-9_.@-]{1,15}$' },
      label: { type: 'string', pattern: '^[A-Za-z0-9_.:@-]{1,15}$' },
      state: { type: 'string', enum: ['present', 'absent'] },
      noarp: { type: 'boolean' },
    },
  },
  async plan(args, ctx) {
    const current = await ctx.fact(ipAddressesFact, undefined);
    const steps = planIpAddress(args, current);
    const show = (list: IpAddress[]): string => list.map((a) => `${a.address}/${a.prefix} (${a.label})\n`).join('');
    const onDevice = current.filter((a) => a.device === args.device);
    const [address, cidrPrefix] = args.address.split('/') as [string, string | undefined];
    const others = onDevice.filter((a) => a.address !== address);
    const after = (args.state ?? 'present') === 'absent' ? others : [...others, { device: args.device, address, prefix: cidrPrefix !== undefined ? Number(cidrPrefix) : (args.prefix ?? 32), label: args.label ?? args.device }];
    return { steps, ...(steps.length ? { diff: [{ label: `IPv4 addresses on ${args.device}`, before: show(onDevice), after: show(after) }] } : {}) };
  },
});
