// ansible_interfaces, ansible_<device> (addresses, MAC, MTU, type, active, promisc),
// all_ipv4/ipv6_addresses and default_ipv4/ipv6 (Ansible's 'interfaces' and default-route facts)
// from iproute2's one-line output. Default routes are read from the routing table, not by asking
// the kernel for a route to a public address as Ansible does: no outside address is named.
import type { FactCollector, Sections } from './collector.js';

interface Ipv4Entry {
  address: string;
  broadcast: string;
  netmask: string;
  network: string;
  prefix: string;
}
interface Ipv6Entry {
  address: string;
  prefix: string;
  scope: string;
}
interface InterfaceFacts {
  device: string;
  active: boolean;
  promisc: boolean;
  type: string;
  mtu?: number;
  speed?: number;
  macaddress?: string;
  ipv4?: Ipv4Entry;
  ipv4_secondaries?: Ipv4Entry[];
  ipv6?: Ipv6Entry[];
  interfaces?: string[];
  id?: string;
  stp?: boolean;
}

export const interfacesCollector: FactCollector = {
  name: 'interfaces',
  sections: {
    links: 'ip -o -d link show 2>/dev/null; true',
    addrs: 'ip -o addr show 2>/dev/null; true',
    route4: 'ip -o -4 route show default 2>/dev/null; true',
    route6: 'ip -o -6 route show default 2>/dev/null; true',
    // a link that is down has a speed file that cannot be read
    speeds: 'for d in /sys/class/net/*; do { read -r s < "$d/speed"; } 2>/dev/null && echo "${d##*/} $s"; done; true',
  },
  collect(sections) {
    const devices = new Map<string, InterfaceFacts>();
    const masters = new Map<string, string[]>();
    for (const line of sections.get('links') ?? []) {
      const link = parseLink(line);
      if (!link) continue;
      devices.set(link.facts.device, link.facts);
      if (link.master) masters.set(link.master, [...(masters.get(link.master) ?? []), link.facts.device]);
    }
    for (const line of sections.get('speeds') ?? []) {
      const [device, speed] = line.trim().split(/\s+/);
      const dev = device !== undefined ? devices.get(device) : undefined;
      if (dev && speed !== undefined && /^-?\d+$/.test(speed)) dev.speed = Number(speed);
    }
    for (const [bridge, ports] of masters) {
      const dev = devices.get(bridge);
      if (dev?.type === 'bridge') dev.interfaces = ports;
    }
    const all4: string[] = [];
    const all6: string[] = [];
    for (const line of sections.get('addrs') ?? []) {
      const m = /^\d+:\s+(\S+)\s+(inet6?)\s+(\S+?)\/(\d+)(.*)$/.exec(line.split('\\')[0]!.trimEnd());
      if (!m) continue;
      const [, device, family, address, prefix, rest] = m as unknown as [string, string, string, string, string, string];
      const dev = devices.get(device) ?? devices.set(device, { device, active: true, promisc: false, type: 'unknown' }).get(device)!;
      if (family === 'inet') {
        const entry = ipv4Entry(address, Number(prefix), /\bbrd\s+(\S+)/.exec(rest)?.[1] ?? '');
        if (dev.ipv4 === undefined) dev.ipv4 = entry;
        else (dev.ipv4_secondaries ??= []).push(entry);
        if (!address.startsWith('127.')) all4.push(address);
      } else {
        (dev.ipv6 ??= []).push({ address, prefix, scope: /\bscope\s+(\S+)/.exec(rest)?.[1] ?? 'global' });
        if (address !== '::1') all6.push(address);
      }
    }
    const facts: Record<string, unknown> = {
      ansible_interfaces: [...devices.keys()],
      ansible_all_ipv4_addresses: all4,
      ansible_all_ipv6_addresses: all6,
      ansible_default_ipv4: defaultRoute(sections, 'route4', devices, 4),
      ansible_default_ipv6: defaultRoute(sections, 'route6', devices, 6),
    };
    for (const [device, dev] of devices) facts[`ansible_${device.replace(/[^A-Za-z0-9_]/g, '_')}`] = dev;
    return facts;
  },
};

/** One `ip -o -d link` line: `2: eth0@if5: <BROADCAST,UP,...> mtu 1500 ... \    link/ether aa:.. brd ..`. */
function parseLink(line: string): { facts: InterfaceFacts; master?: string } | undefined {
  const m = /^\d+:\s+([^:@\s]+)(?:@\S+)?:\s+<([^>]*)>(.*)$/.exec(line);
  if (!m) return undefined;
  const [, device, flagText, rest] = m as unknown as [string, string, string, string];
  const flags = flagText.split(',');
  const kind = /link\/(\S+)/.exec(rest)?.[1] ?? 'unknown';
  const mac = /link\/\S+\s+([0-9a-f]{2}(?::[0-9a-f]{2}){5})\b/.exec(rest)?.[1];
  const facts: InterfaceFacts = {
    device,
    active: flags.includes('UP'),
    promisc: flags.includes('PROMISC'),
    type: interfaceType(kind, rest),
  };
  const mtu = /\bmtu\s+(\d+)/.exec(rest)?.[1];
  if (mtu !== undefined) facts.mtu = Number(mtu);
  if (mac !== undefined && kind !== 'loopback') facts.macaddress = mac;
  if (facts.type === 'bridge') {
    const id = /\bbridge_id\s+([0-9a-f]+)\.([0-9a-f:]+)/.exec(rest);
    // as /sys/class/net/<bridge>/bridge/bridge_id writes it (iproute2 drops leading zeros of octets)
    if (id)
      facts.id = `${id[1]}.${id[2]!
        .split(':')
        .map((o) => o.padStart(2, '0'))
        .join('')}`;
    facts.stp = /\bstp_state\s+([1-9])/.test(rest);
  }
  const master = /\bmaster\s+(\S+)/.exec(rest)?.[1];
  return master !== undefined ? { facts, master } : { facts };
}

/** Ansible's interface types: ether, loopback, bridge, bonding; others by their link kind. */
function interfaceType(kind: string, rest: string): string {
  // -d adds a segment naming the link's kind after the link/ line: `\    bridge forward_delay ...`
  const details = rest.split('\\').slice(2).join(' ');
  if (/^\s*bridge\b/.test(details)) return 'bridge';
  if (/^\s*bond\b/.test(details)) return 'bonding';
  if (kind === 'loopback' || kind === 'ether') return kind;
  return kind === 'none' ? 'unknown' : kind;
}

function ipv4Entry(address: string, prefix: number, broadcast: string): Ipv4Entry {
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const value = address.split('.').reduce((acc, part) => ((acc << 8) | Number(part)) >>> 0, 0);
  return { address, broadcast, netmask: dotted(mask), network: dotted((value & mask) >>> 0), prefix: String(prefix) };
}

function dotted(n: number): string {
  return [24, 16, 8, 0].map((shift) => (n >>> shift) & 255).join('.');
}

/** default_ipv4/ipv6: the default route's device and gateway, with that device's first (global) address. */
function defaultRoute(sections: Sections, name: string, devices: Map<string, InterfaceFacts>, family: 4 | 6): Record<string, unknown> {
  const route = sections.get(name)?.[0] ?? '';
  const device = /\bdev\s+(\S+)/.exec(route)?.[1];
  if (device === undefined) return {};
  const gateway = /\bvia\s+(\S+)/.exec(route)?.[1];
  const dev = devices.get(device);
  const out: Record<string, unknown> = { interface: device, ...(gateway !== undefined ? { gateway } : {}) };
  if (family === 4 && dev?.ipv4) Object.assign(out, dev.ipv4, { alias: device });
  if (family === 6) {
    const address = dev?.ipv6?.find((a) => a.scope === 'global') ?? dev?.ipv6?.[0];
    if (address) Object.assign(out, address);
  }
  if (dev?.macaddress !== undefined) out.macaddress = dev.macaddress;
  if (dev?.mtu !== undefined) out.mtu = dev.mtu;
  if (dev) out.type = dev.type;
  return out;
}
