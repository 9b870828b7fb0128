// ip_address: an IPv4 address on a device, with a label (lo:0). Idempotent through
// `ip -o -4 addr`.
//
// About `noarp`: the tutorial's `ifconfig lo:0 ... -arp` does not stop Linux answering ARP for
// the VIP on the LAN interface (Linux answers for any local address on any interface), and
// `ip link set dev X arp off` would switch ARP off for the whole device, so lvsplay does
// neither. What keeps an LVS-DR real server quiet about the VIP is
// net.ipv4.conf.all.arp_ignore=1 / arp_announce=2, which the node role sets. `noarp: true` only
// states that no gratuitous ARP is to be sent for the address, which is always so: this module
// runs no arping, and lo has no ARP at all. It is accepted for the tutorial's wording and
// changes no command.
import { defineModule, type Step } from '../types.js';
import { ipAddressesFact, type IpAddress } from '../../facts/ip-addresses.js';
import { commandLine } from '../../util/shell.js';
import { ModuleFailure } from '../../errors.js';
import { parseIpv4Cidr } from '../../util/ipv4.js';
import type { ArgsOf, OptionSpecs } from '../../argspec/declaration.js';

const IP_ADDRESS_OPTIONS = {
  address: { required: true, format: 'ipv4_cidr', description: 'The address, optionally with its /prefix.' },
  prefix: { type: 'int', minimum: 0, maximum: 32, description: 'The prefix length, when address has none (default 32).' },
  device: { required: true, format: 'interface_name', description: 'The device (lo, eth0).' },
  label: { format: 'interface_name', description: 'The label, DEVICE:NAME (lo:0); default the device.' },
  state: { choices: ['present', 'absent'], default: 'present', description: 'Whether the address is there.' },
  noarp: {
    type: 'bool',
    default: false,
    description:
      "The tutorial's -arp: no gratuitous ARP is sent for the address (always so; it changes no command). The node role's arp_ignore/arp_announce sysctls keep a real server quiet.",
  },
} as const satisfies OptionSpecs;

export type IpAddressArgs = ArgsOf<typeof IP_ADDRESS_OPTIONS>;

export interface DesiredAddress {
  address: string;
  prefix: number;
  device: string;
  label: string;
}

/** The address as the arguments ask for it, or a ModuleFailure for what the schema cannot say. */
export function desiredAddress(args: IpAddressArgs): DesiredAddress {
  const parsed = parseIpv4Cidr(args.address, args.prefix ?? 32);
  if (!parsed) throw new ModuleFailure(`ip_address: '${args.address}' is not an IPv4 address`);
  if (args.address.includes('/') && args.prefix !== undefined && args.prefix !== parsed.prefix) {
    throw new ModuleFailure(`ip_address: address ${args.address} and prefix ${args.prefix} disagree (give the prefix once)`);
  }
  const label = args.label ?? args.device;
  if (label !== args.device && !label.startsWith(`${args.device}:`))
    throw new ModuleFailure(`ip_address: label '${label}' must start with the device name followed by ':' (e.g. ${args.device}:0)`);
  if (label.length > 15) throw new ModuleFailure(`ip_address: label '${label}' is longer than 15 characters (the kernel's limit)`);
  return { ...parsed, device: args.device, label };
}

/** `ip addr` commands from the device's current addresses to the desired one. */
export function planIpAddress(args: IpAddressArgs, current: IpAddress[]): Step[] {
  const want = desiredAddress(args);
  const existing = current.find((a) => a.device === want.device && a.address === want.address);
  const del = (a: IpAddress): Step => ({
    describe: `remove ${a.address}/${a.prefix} from ${a.device}`,
    command: commandLine('ip', 'addr', 'del', `${a.address}/${a.prefix}`, 'dev', a.device),
  });
  if (args.state === 'absent') return existing ? [del(existing)] : [];
  if (existing && existing.prefix === want.prefix && existing.label === want.label && existing.peer === undefined) return [];
  // a different prefix or label cannot be edited in place: remove, then add as desired
  const steps: Step[] = existing ? [del(existing)] : [];
  steps.push({
    describe: `add ${want.address}/${want.prefix} to ${want.device} (label ${want.label})`,
    command: commandLine('ip', 'addr', 'add', `${want.address}/${want.prefix}`, 'dev', want.device, 'label', want.label),
  });
  return steps;
}

export const ipAddressModule = defineModule({
  name: 'ip_address',
  checkMode: 'plan',
  spec: {
    short_description: 'An IPv4 address on a device, with a label (lo:0)',
    description: ['Idempotent through ip -o addr; a different prefix or label is removed and added again.'],
    options: IP_ADDRESS_OPTIONS,
    examples: '- ip_address:\n    address: 10.77.0.50/32\n    device: lo\n    label: lo:0',
  },
  async plan(args, ctx) {
    const want = desiredAddress(args);
    const current = await ctx.fact(ipAddressesFact, undefined);
    const steps = planIpAddress(args, current);
    const show = (list: IpAddress[]): string => list.map((a) => `${a.address}/${a.prefix} (${a.label})\n`).join('');
    const onDevice = current.filter((a) => a.device === want.device);
    const others = onDevice.filter((a) => a.address !== want.address);
    const after = args.state === 'absent' ? others : [...others, want];
    return {
      steps,
      ...(steps.length
        ? { diff: [{ label: `IPv4 addresses on ${want.device}`, before: show(onDevice), after: show(after) }] }
        : { msg: `${want.address}/${want.prefix} is already ${args.state === 'absent' ? 'absent from' : 'on'} ${want.device}` }),
      data: { address: want.address, prefix: want.prefix, device: want.device, label: want.label },
    };
  },
});
