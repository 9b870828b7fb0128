// The IPVS table as `ipvsadm -Sn` prints it (the same format as /etc/ipvsadm.rules).
//
// Every option ipvsadm 1.31 prints in this form is parsed and kept, so that a service lvsplay
// does not manage can be written back to /etc/ipvsadm.rules exactly as it runs, and an edit
// (-E/-e) can repeat the attributes lvsplay does not manage (ipvsadm's edits replace the whole
// service or destination: an omitted -b or -x would be reset). Anything else is refused with
// the offending line: a table half understood would be planned against wrongly.
import { FactParseError, ModuleFailure } from '../errors.js';
import { IPV4_ADDRESS } from '../util/ipv4.js';
import type { FactDefinition } from './types.js';

export type IpvsForwarding = 'dr' | 'nat' | 'tunnel';

export interface IpvsRealServer {
  address: string;
  /** 0 for fwmark services in direct routing (ipvsadm prints `:0`). */
  port: number;
  forwarding: IpvsForwarding;
  weight: number;
  /** -x / --u-threshold (only in hand-written files; -Sn does not print it). */
  upperThreshold?: number;
  /** -y / --l-threshold. */
  lowerThreshold?: number;
  /** --tun-type/--tun-port/--tun-*csum words, kept as printed. */
  tunnel?: string[];
}

export interface IpvsService {
  /** "fwmark:80", "tcp:10.0.0.1:80" or "udp:10.0.0.1:53". */
  key: string;
  scheduler: string;
  /** -p seconds; absent when the service is not persistent. */
  persistence?: number;
  /** -M persistence netmask (printed only when not 255.255.255.255). */
  netmask?: string;
  /** --pe persistence engine (e.g. sip). */
  pe?: string;
  /** -b scheduler flags, comma-separated as printed (e.g. sh-fallback,sh-port). */
  schedFlags?: string;
  /** -o one-packet scheduling. */
  onePacket?: boolean;
  realServers: IpvsRealServer[];
}

const FORWARDING: Record<string, IpvsForwarding> = {
  '-g': 'dr',
  '--gatewaying': 'dr',
  '-m': 'nat',
  '--masquerading': 'nat',
  '-i': 'tunnel',
  '--ipip': 'tunnel',
};
const SERVICE_KIND: Record<string, 'tcp' | 'udp' | 'fwmark'> = {
  '-t': 'tcp',
  '--tcp-service': 'tcp',
  '-u': 'udp',
  '--udp-service': 'udp',
  '-f': 'fwmark',
  '--fwmark-service': 'fwmark',
};
const IPV4_PORT = new RegExp(`^(${IPV4_ADDRESS}):(\\d{1,5})$`);
const IPV4_OPTIONAL_PORT = new RegExp(`^(${IPV4_ADDRESS})(?::(\\d{1,5}))?$`);

function integer(word: string | undefined, what: string, fail: (m: string) => never, max = 0xffffffff): number {
  if (word === undefined || !/^\d+$/.test(word) || Number(word) > max) fail(`${what} needs a number (got ${word === undefined ? 'nothing' : `'${word}'`})`);
  return Number(word);
}

/**
 * Parse `ipvsadm -Sn` / ipvsadm.rules text. `source` names the text in errors.
 * Throws FactParseError naming the line for anything it does not understand.
 */
export function parseIpvsRules(text: string, source = 'ipvsadm -Sn'): IpvsService[] {
  const services = new Map<string, IpvsService>();
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const fail = (problem: string): never => {
      throw new FactParseError('ipvs_table', `${source} line ${index + 1}: ${problem}: '${line}'`, text);
    };
    const words = line.split(/\s+/);
    const command = words[0];
    if (command !== '-A' && command !== '-a' && command !== '--add-service' && command !== '--add-server') {
      fail('expected a -A (service) or -a (real server) line');
    }
    const isService = command === '-A' || command === '--add-service';
    let key: string | undefined;
    const service: Omit<IpvsService, 'key' | 'realServers'> = { scheduler: 'wlc' };
    const server: Partial<IpvsRealServer> = {};
    for (let i = 1; i < words.length; i++) {
      const w = words[i]!;
      const value = (): string => {
        const v = words[++i];
        if (v === undefined) fail(`${w} needs a value`);
        return v!;
      };
      const kind = SERVICE_KIND[w];
      if (kind) {
        if (key) fail('more than one virtual service');
        const target = value();
        if (kind === 'fwmark') {
          key = `fwmark:${integer(target, w, fail)}`;
        } else {
          if (target.startsWith('[')) fail('IPv6 services are not supported by lvsplay');
          const m = IPV4_PORT.exec(target);
          if (!m) fail(`${w} needs ADDRESS:PORT (got '${target}')`);
          key = `${kind}:${m![1]}:${Number(m![2])}`;
        }
      } else if (w === '-6' || w === '--ipv6') {
        fail('IPv6 services are not supported by lvsplay');
      } else if (isService) {
        if (w === '-s' || w === '--scheduler') service.scheduler = value();
        else if (w === '-p' || w === '--persistent') service.persistence = integer(value(), w, fail);
        else if (w === '-M' || w === '--netmask') service.netmask = value();
        else if (w === '--pe') service.pe = value();
        else if (w === '-b' || w === '--sched-flags') service.schedFlags = value();
        else if (w === '-o' || w === '--ops') service.onePacket = true;
        else fail(`unknown service option '${w}'`);
      } else {
        if (w === '-r' || w === '--real-server') {
          const target = value();
          if (target.startsWith('[')) fail('IPv6 real servers are not supported by lvsplay');
          const m = IPV4_OPTIONAL_PORT.exec(target);
          if (!m) fail(`-r needs ADDRESS[:PORT] (got '${target}')`);
          server.address = m![1]!;
          server.port = Number(m![2] ?? 0);
        } else if (w in FORWARDING) server.forwarding = FORWARDING[w]!;
        else if (w === '-w' || w === '--weight') server.weight = integer(value(), w, fail, 65535);
        else if (w === '-x' || w === '--u-threshold') server.upperThreshold = integer(value(), w, fail);
        else if (w === '-y' || w === '--l-threshold') server.lowerThreshold = integer(value(), w, fail);
        else if (w === '--tun-type' || w === '--tun-port') (server.tunnel ??= []).push(w, value());
        else if (w === '--tun-nocsum' || w === '--tun-csum' || w === '--tun-remcsum') (server.tunnel ??= []).push(w);
        else fail(`unknown real server option '${w}'`);
      }
    }
    if (!key) fail('no virtual service (-t, -u or -f)');
    if (isService) {
      if (services.has(key!)) fail('the service is defined twice');
      services.set(key!, { key: key!, ...service, realServers: [] });
      return;
    }
    const owner = services.get(key!);
    if (!owner) fail('real server before its service (-a before -A)');
    if (server.address === undefined) fail('real server line without -r');
    owner!.realServers.push({
      address: server.address!,
      port: server.port!,
      forwarding: server.forwarding ?? 'dr',
      weight: server.weight ?? 1,
      ...(server.upperThreshold !== undefined ? { upperThreshold: server.upperThreshold } : {}),
      ...(server.lowerThreshold !== undefined ? { lowerThreshold: server.lowerThreshold } : {}),
      ...(server.tunnel ? { tunnel: server.tunnel } : {}),
    });
  });
  return [...services.values()];
}

/** The ModuleFailure for ipvsadm's own failure (no IPVS in the kernel, not installed, ...). */
export function ipvsadmFailure(rc: number, output: string): ModuleFailure {
  const first =
    output
      .trim()
      .split('\n')
      .find((l) => l.trim() !== '') ?? '';
  if (rc === 127 || /ipvsadm: (command )?not found|No such file or directory/.test(output)) {
    return new ModuleFailure('ipvsadm is not installed on this host (Debian package: ipvsadm)');
  }
  if (/Can't initialize ipvs|Protocol not available|modprobe/i.test(output)) {
    return new ModuleFailure(`this kernel has no IPVS (modprobe ip_vs failed?): ${output.trim().split('\n').join(' / ')}`);
  }
  return new ModuleFailure(`ipvsadm -Sn failed (exit ${rc}): ${first}`);
}

export const ipvsTableFact: FactDefinition<IpvsService[], void> = {
  name: 'ipvs_table',
  command: () => 'ipvsadm -Sn',
  parse(result) {
    const body = result.stdout;
    // "no IPVS" and "not installed" are told apart from an empty table by the exit code.
    if (result.exitCode !== 0) throw ipvsadmFailure(result.exitCode, result.stderr + body);
    if (/^IP Virtual Server version/m.test(body))
      throw new FactParseError('ipvs_table', 'ipvsadm -Sn printed the listing, not its save format (an old ipvsadm?)', body);
    return parseIpvsRules(body);
  },
};
