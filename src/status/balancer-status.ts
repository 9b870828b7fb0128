// The balancer as its directors see it, for `lvsplay status`: pure, from what the inventory
// expects (directors, VIP, real servers) and what each director's facts say. No host access here.
import type { IpvsCounters, IpvsListedService } from '../facts/ipvs-listing.js';
import type { IpAddress } from '../facts/ip-addresses.js';

/** A real server the inventory balances over: its node's name, address and weight. */
export interface ExpectedNode {
  node: string;
  address: string;
  weight: number;
}

/** What the inventory says about one director. */
export interface DirectorExpectation {
  name: string;
  address: string;
  vip: string;
  /** The service the roles build: fwmark:lvs_fwmark. */
  serviceKey: string;
  nodes: ExpectedNode[];
}

/** What one refresh read on a director. */
export interface DirectorReading {
  connections: IpvsListedService[];
  stats: IpvsListedService[];
  rate: IpvsListedService[];
  addresses: IpAddress[];
  keepalived: boolean;
}

/**
 * up: in the table with a weight; drained: weight 0 (no new connections); down: one of the
 * inventory's nodes that is not in the table (keepalived's health check took it out, or nobody
 * added it).
 */
export type RealServerState = 'up' | 'drained' | 'down';

export interface RealServerStatus {
  /** The inventory's host name, or the address for a real server the inventory does not name. */
  node: string;
  address: string;
  port: number;
  state: RealServerState;
  forward: string | null;
  weight: number | null;
  activeConns: number;
  inactiveConns: number;
  /** Since the service was created (--stats). */
  total: IpvsCounters | null;
  /** Per second (--rate): conns is connections per second. */
  rate: IpvsCounters | null;
}

export interface ServiceStatus {
  key: string;
  protocol: 'tcp' | 'udp' | 'fwmark';
  scheduler: string;
  flags: string;
  activeConns: number;
  inactiveConns: number;
  total: IpvsCounters | null;
  rate: IpvsCounters | null;
  realServers: RealServerStatus[];
}

export interface DirectorStatus {
  name: string;
  address: string;
  /** Set when the director could not be read; nothing else is known then. */
  error?: string;
  keepalived: boolean;
  /** The VIPs this director holds now (ip -o addr). */
  holds: string[];
  services: ServiceStatus[];
}

export interface BalancerStatus {
  time: string;
  vips: Array<{ vip: string; heldBy: string[] }>;
  directors: DirectorStatus[];
}

const ZERO: IpvsCounters = { conns: 0, inPackets: 0, outPackets: 0, inBytes: 0, outBytes: 0 };

function serverKey(s: { address: string; port: number }): string {
  return `${s.address}:${s.port}`;
}

function directorStatus(expected: DirectorExpectation, reading: DirectorReading): DirectorStatus {
  const stats = new Map(reading.stats.map((s) => [s.key, s]));
  const rate = new Map(reading.rate.map((s) => [s.key, s]));
  const nodeByAddress = new Map(expected.nodes.map((n) => [n.address, n.node]));
  const services = reading.connections.map((service): ServiceStatus => {
    const serviceStats = stats.get(service.key);
    const serviceRate = rate.get(service.key);
    const statsOf = new Map((serviceStats?.realServers ?? []).map((r) => [serverKey(r), r.counters ?? null]));
    const rateOf = new Map((serviceRate?.realServers ?? []).map((r) => [serverKey(r), r.counters ?? null]));
    const listed = service.realServers.map((r): RealServerStatus => ({
      node: nodeByAddress.get(r.address) ?? r.address,
      address: r.address,
      port: r.port,
      state: r.weight === 0 ? 'drained' : 'up',
      forward: r.forward ?? null,
      weight: r.weight ?? null,
      activeConns: r.activeConns ?? 0,
      inactiveConns: r.inactiveConns ?? 0,
      total: statsOf.get(serverKey(r)) ?? null,
      rate: rateOf.get(serverKey(r)) ?? null,
    }));
    // The inventory's nodes missing from the service the roles build are down: keepalived's
    // health check removes a failed real server from the table rather than marking it.
    const present = new Set(listed.map((r) => r.address));
    const missing =
      service.key === expected.serviceKey
        ? expected.nodes
            .filter((n) => !present.has(n.address))
            .map((n): RealServerStatus => ({
              node: n.node,
              address: n.address,
              port: service.protocol === 'fwmark' ? 0 : Number(service.key.split(':')[2]),
              state: 'down',
              forward: null,
              weight: null,
              activeConns: 0,
              inactiveConns: 0,
              total: null,
              rate: null,
            }))
        : [];
    const realServers = [...listed, ...missing].sort((a, b) => a.node.localeCompare(b.node, 'en', { numeric: true }));
    return {
      key: service.key,
      protocol: service.protocol,
      scheduler: service.scheduler ?? '',
      flags: service.flags ?? '',
      activeConns: listed.reduce((sum, r) => sum + r.activeConns, 0),
      inactiveConns: listed.reduce((sum, r) => sum + r.inactiveConns, 0),
      total: serviceStats?.counters ?? (serviceStats ? ZERO : null),
      rate: serviceRate?.counters ?? (serviceRate ? ZERO : null),
      realServers,
    };
  });
  const vips = new Set([expected.vip, ...reading.connections.filter((s) => s.protocol !== 'fwmark').map((s) => s.key.split(':')[1]!)]);
  const holds = [...new Set(reading.addresses.map((a) => a.address).filter((a) => vips.has(a)))];
  return { name: expected.name, address: expected.address, keepalived: reading.keepalived, holds, services };
}

/** One frame: every director's reading (or why it has none) against the inventory. */
export function balancerStatus(
  readings: Array<{ expected: DirectorExpectation; reading: DirectorReading } | { expected: DirectorExpectation; error: string }>,
  time: Date,
): BalancerStatus {
  const directors = readings.map((r): DirectorStatus =>
    'error' in r
      ? { name: r.expected.name, address: r.expected.address, error: r.error, keepalived: false, holds: [], services: [] }
      : directorStatus(r.expected, r.reading),
  );
  const vipNames = new Set<string>();
  for (const r of readings) vipNames.add(r.expected.vip);
  for (const d of directors) for (const s of d.services) if (s.protocol !== 'fwmark') vipNames.add(s.key.split(':')[1]!);
  const vips = [...vipNames]
    .filter((v) => v !== '')
    .sort()
    .map((vip) => ({ vip, heldBy: directors.filter((d) => d.holds.includes(vip)).map((d) => d.name) }));
  return { time: time.toISOString(), vips, directors };
}
