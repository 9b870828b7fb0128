// ipvsadm's human listing with exact numbers, in its three forms: `ipvsadm -Ln --exact`
// (scheduler, forwarding, weight, active and inactive connections), `--stats` (totals since the
// service was created) and `--rate` (the kernel's per-second estimates, refreshed every 2 s).
// `ipvsadm -Sn` (ipvs-table.ts) has no counters: this is the only place they are read.
// Services by firewall mark and TCP/UDP services by address are parsed; anything else is
// refused with its line, as a half-understood table would show wrong figures.
import { FactParseError } from '../errors.js';
import { IPV4_ADDRESS } from '../util/ipv4.js';
import { ipvsadmFailure } from './ipvs-table.js';
import type { FactDefinition } from './types.js';

export type IpvsListingKind = 'connections' | 'stats' | 'rate';

/** The five columns of --stats (totals) or --rate (per second), in ipvsadm's order. */
export interface IpvsCounters {
  /** --stats: connections; --rate: connections per second. */
  conns: number;
  inPackets: number;
  outPackets: number;
  inBytes: number;
  outBytes: number;
}

export interface IpvsListedServer {
  address: string;
  port: number;
  /** connections: Route (direct routing), Masq, Tunnel or Local. */
  forward?: string;
  weight?: number;
  activeConns?: number;
  inactiveConns?: number;
  /** stats or rate. */
  counters?: IpvsCounters;
}

export interface IpvsListedService {
  /** "fwmark:80", "tcp:10.0.0.1:80" or "udp:10.0.0.1:53", as in ipvs-table.ts. */
  key: string;
  protocol: 'tcp' | 'udp' | 'fwmark';
  /** connections: the scheduler, and what follows it (e.g. "persistent 300"), as printed. */
  scheduler?: string;
  flags?: string;
  counters?: IpvsCounters;
  realServers: IpvsListedServer[];
}

const HEADERS: Record<IpvsListingKind, RegExp> = {
  connections: /^Prot LocalAddress:Port Scheduler Flags$/,
  stats: /^Prot LocalAddress:Port\s+Conns\s+InPkts\s+OutPkts\s+InBytes\s+OutBytes$/,
  rate: /^Prot LocalAddress:Port\s+CPS\s+InPPS\s+OutPPS\s+InBPS\s+OutBPS$/,
};
const SERVER_HEADER = /^\s+-> RemoteAddress:Port(?:\s+Forward\s+Weight\s+ActiveConn\s+InActConn)?$/;
const SERVICE = new RegExp(`^(TCP|UDP|FWM)\\s+(?:(${IPV4_ADDRESS}):(\\d{1,5})|(\\d+))(?:\\s+(.*))?$`);
const SERVER = new RegExp(`^\\s+-> (${IPV4_ADDRESS}):(\\d{1,5})(?:\\s+(.*))?$`);
const NUMBER = /^\d+$/;

export function parseIpvsListing(text: string, kind: IpvsListingKind): IpvsListedService[] {
  const services: IpvsListedService[] = [];
  const lines = text.split('\n');
  let sawHeader = false;
  lines.forEach((line, index) => {
    const fail = (problem: string): never => {
      throw new FactParseError('ipvs_listing', `ipvsadm -Ln line ${index + 1}: ${problem}: '${line}'`, text);
    };
    if (line.trim() === '' || line.startsWith('IP Virtual Server version')) return;
    if (HEADERS[kind].test(line.trimEnd())) {
      sawHeader = true;
      return;
    }
    if (SERVER_HEADER.test(line.trimEnd())) return;
    if (!sawHeader) fail(`expected the ${kind} listing's header`);
    const service = SERVICE.exec(line.trimEnd());
    if (service) {
      const [, prot, address, port, mark, rest] = service;
      const protocol = prot === 'FWM' ? 'fwmark' : prot === 'TCP' ? 'tcp' : 'udp';
      if ((protocol === 'fwmark') !== (mark !== undefined)) fail('a firewall mark service needs a mark, an address service ADDRESS:PORT');
      const key = protocol === 'fwmark' ? `fwmark:${Number(mark)}` : `${protocol}:${address}:${Number(port)}`;
      const words = (rest ?? '').trim().split(/\s+/).filter(Boolean);
      const entry: IpvsListedService = { key, protocol, realServers: [] };
      if (kind === 'connections') {
        if (words.length === 0) fail('a service without its scheduler');
        entry.scheduler = words[0]!;
        if (words.length > 1) entry.flags = words.slice(1).join(' ');
      } else {
        entry.counters = counters(words, fail);
      }
      services.push(entry);
      return;
    }
    const server = SERVER.exec(line.trimEnd());
    if (!server) return fail(line.startsWith('  -> [') ? 'IPv6 real servers are not supported by lvsplay' : 'not a service or real server line');
    const owner = services[services.length - 1];
    if (!owner) return fail('a real server before any service');
    const [, address, port, rest] = server;
    const words = (rest ?? '').trim().split(/\s+/).filter(Boolean);
    const entry: IpvsListedServer = { address: address!, port: Number(port) };
    if (kind === 'connections') {
      const [forward, weight, active, inactive] = words;
      if (words.length !== 4 || !NUMBER.test(weight!) || !NUMBER.test(active!) || !NUMBER.test(inactive!)) fail('expected Forward Weight ActiveConn InActConn');
      Object.assign(entry, { forward, weight: Number(weight), activeConns: Number(active), inactiveConns: Number(inactive) });
    } else {
      entry.counters = counters(words, fail);
    }
    owner.realServers.push(entry);
  });
  if (!sawHeader && services.length === 0 && text.trim() !== '') throw new FactParseError('ipvs_listing', `ipvsadm -Ln printed no ${kind} header`, text);
  return services;
}

function counters(words: string[], fail: (problem: string) => never): IpvsCounters {
  // Without --exact ipvsadm rounds to K/M/G: refused, the figures would be wrong.
  if (words.length !== 5 || !words.every((w) => NUMBER.test(w))) fail('expected five exact numbers (ipvsadm --exact)');
  const [conns, inPackets, outPackets, inBytes, outBytes] = words.map(Number) as [number, number, number, number, number];
  return { conns, inPackets, outPackets, inBytes, outBytes };
}

const FLAGS: Record<IpvsListingKind, string> = { connections: '', stats: ' --stats', rate: ' --rate' };

/** One form of the listing; fails as ipvs_table does when ipvsadm cannot list. */
export const ipvsListingFact: FactDefinition<IpvsListedService[], IpvsListingKind> = {
  name: 'ipvs_listing',
  command: (kind) => `ipvsadm -Ln --exact${FLAGS[kind]}`,
  parse(result, kind) {
    if (result.exitCode !== 0) throw ipvsadmFailure(result.exitCode, result.stderr + result.stdout);
    return parseIpvsListing(result.stdout, kind);
  },
};
