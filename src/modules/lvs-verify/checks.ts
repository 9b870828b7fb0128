// What "it works" means for LVS-DR: the director's IPVS service lists every real server, the
// mangle rule marks the VIP, every node holds the VIP on lo with arp_ignore/arp_announce set,
// and all of it comes back after a reboot. As checks that compare what the roles asked for with
// what the host has now (read through facts) and with what its files would restore after a
// reboot. Pure: host state in, checks out.
import { parseIpvsRules, type IpvsService } from '../../facts/ipvs-table.js';
import type { IpAddress } from '../../facts/ip-addresses.js';
import type { ContainerState } from '../../facts/container-state.js';
import type { ServiceState } from '../../facts/service-state.js';
import { normaliseSysctl, type SysctlValue } from '../../facts/sysctl-value.js';
import type { CheckRow } from '../types.js';
import { DEFAULT_IPVS_RULES_FILE } from '../lvs/ipvs.js';

export type Check = CheckRow;

/** What a fact read gave: its value, or the error that kept it from being read. */
export type Read<T> = T | Error;

export interface HostState {
  addresses: Read<IpAddress[]>;
  /** File contents by label; undefined when the file is absent. */
  files: Record<string, string | undefined>;
}

export interface DirectorState extends HostState {
  /** `iptables -t mangle -S PREROUTING`. */
  mangle: Read<string[]>;
  ipvs: Read<IpvsService[]>;
  keepalived: Read<ServiceState>;
  /** keepalived_container: the container and its systemd unit. */
  container?: Read<ContainerState>;
  containerUnit?: Read<ServiceState>;
  /** net.ipv4.vs.NAME for each of ipvs_sysctls. */
  sysctls: Record<string, Read<SysctlValue>>;
}

export interface NodeState extends HostState {
  sysctls: Record<string, Read<SysctlValue>>;
}

export interface DesiredRealServer {
  address: string;
  weight?: number;
  forwarding?: 'dr' | 'nat' | 'tunnel';
}

/** One IPVS virtual service as the roles derive it (_lvs_services): by fwmark, or by VIP, protocol and port (fwmark 0). */
export interface DesiredService {
  vip: string;
  fwmark: number;
  protocol?: 'tcp' | 'udp';
  port?: number;
  scheduler: string;
  persistence: number;
  real_servers: DesiredRealServer[];
}

/** A director's arguments: the roles' variables, passed in by playbooks/verify.yaml. */
export interface DirectorArgs {
  role: 'director';
  /** Every VIP, in the roles' order (the first is labelled eth0:lvs, the next eth0:lvs1, ...). */
  vips: string[];
  services: DesiredService[];
  /** Addresses drained by playbooks/drain.yaml (their drain file is present): weight 0 is what they should have. */
  drained?: string[];
  interface: string;
  ha: 'none' | 'keepalived_native' | 'keepalived_container';
  /** Without keepalived: whether this director should hold the VIP (false on a cold standby). */
  holds_vip: boolean;
  rules_file: string;
  director_interfaces_file: string;
  /** keepalived_container: the unit's name (basename of lvs_keepalived_unit) and the container's. */
  container_unit?: string;
  container_name?: string;
  /** IPVS's own settings (lvs_ipvs_sysctls: NAME under net.ipv4.vs -> value) and the file that sets them at boot. */
  ipvs_sysctls?: Record<string, string>;
  ipvs_sysctl_file?: string;
}

export interface NodeArgs {
  role: 'node';
  /** Every VIP, in the roles' order: on lo as lo:0, lo:1, ... */
  vips: string[];
  sysctl_file: string;
  node_interfaces_file: string;
}

export type VerifyArgs = DirectorArgs | NodeArgs;

const check = (name: string, expected: string, found: string, ok = expected === found): Check => ({ check: name, expected, found, ok });

function vipOn(addresses: Read<IpAddress[]>, vip: string, device: string): string {
  if (addresses instanceof Error) return 'unreadable';
  const found = addresses.find((a) => a.device === device && a.address === vip);
  if (!found) return 'absent';
  return found.label !== device ? `${vip}/${found.prefix} (${found.label})` : `${vip}/${found.prefix}`;
}

export function holdsVip(addresses: Read<IpAddress[]>, vip: string, device: string): boolean {
  return !['absent', 'unreadable'].includes(vipOn(addresses, vip, device));
}

function markMatches(text: string, fwmark: number): boolean {
  const hex = `0x${fwmark.toString(16)}`;
  return new RegExp(`--set-x?mark (${fwmark}|${hex})(/0xffffffff)?(\\s|$)`).test(text);
}

/** The mangle rules (iptables -S or a rules.v4 *mangle section) that mark the VIP's traffic. */
function markRules(lines: string[], vip: string, fwmark: number): string[] {
  return lines.filter(
    (l) => /-A PREROUTING\b/.test(l) && new RegExp(`-d ${vip.replace(/\./g, '\\.')}(/32)?(\\s|$)`).test(l) && /-j MARK\b/.test(l) && markMatches(l, fwmark),
  );
}

function mangleSection(rulesFile: string): string[] | undefined {
  const lines = rulesFile.split('\n');
  const start = lines.findIndex((l) => l.trim() === '*mangle');
  if (start < 0) return undefined;
  const end = lines.findIndex((l, i) => i > start && l.trim() === 'COMMIT');
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** The table, or undefined when it is not in ipvsadm's save format. */
function parseTable(text: string): IpvsService[] | undefined {
  try {
    return parseIpvsRules(text);
  } catch {
    return undefined;
  }
}

/** How a service is named in checks: "fwmark 80" or "tcp 10.77.0.51:443". */
function serviceName(v: DesiredService): string {
  return v.fwmark > 0 ? `fwmark ${v.fwmark}` : `${v.protocol ?? 'tcp'} ${v.vip}:${v.port ?? 0}`;
}

function serviceKey(v: DesiredService): string {
  return v.fwmark > 0 ? `fwmark:${v.fwmark}` : `${v.protocol ?? 'tcp'}:${v.vip}:${v.port ?? 0}`;
}

/** One service's checks, named after it when the director has several. */
function compareService(prefix: string, services: IpvsService[] | undefined, v: DesiredService, a: DirectorArgs): Check[] {
  const label = a.services.length > 1 ? `${prefix} ${serviceName(v)}` : prefix;
  const describe = (scheduler: string, persistence: number | undefined): string =>
    `${serviceName(v)}, ${scheduler}${persistence ? `, persistent ${persistence}s` : ''}`;
  const expectService = describe(v.scheduler, v.persistence);
  if (services === undefined) return [check(`${label}: service`, expectService, 'unreadable (not ipvsadm save format)', false)];
  const service = services.find((s) => s.key === serviceKey(v));
  if (!service) return [check(`${label}: service`, expectService, 'absent', false)];
  const out = [check(`${label}: service`, expectService, describe(service.scheduler, service.persistence))];
  for (const rs of v.real_servers) {
    const want = `${rs.forwarding ?? 'dr'}, weight ${rs.weight ?? 1}`;
    const have = service.realServers.find((r) => r.address === rs.address);
    // a node drained by drain.yaml has weight 0 until undrain.yaml
    const drained = have !== undefined && have.weight === 0 && (a.drained ?? []).includes(rs.address);
    const found = have ? `${have.forwarding}, weight ${have.weight}${drained ? ' (drained)' : ''}` : 'absent';
    out.push(check(`${label}: real server ${rs.address}`, want, found, found === want || (drained && have.forwarding === (rs.forwarding ?? 'dr'))));
  }
  const extra = service.realServers.filter((r) => !v.real_servers.some((d) => d.address === r.address));
  if (extra.length) out.push(check(`${label}: no other real servers`, 'none', extra.map((r) => r.address).join(', '), false));
  return out;
}

function compareIpvs(prefix: string, services: IpvsService[] | undefined, a: DirectorArgs): Check[] {
  return a.services.flatMap((v) => compareService(prefix, services, v, a));
}

/**
 * keepalived_native: the daemon runs and starts at boot, its configuration (what a reboot
 * restores) has the VIP and the fwmark service; which director holds the VIP is VRRP's choice,
 * shown but not judged per host.
 */
function keepalivedChecks(a: DirectorArgs, state: DirectorState): Check[] {
  const conf = state.files.keepalived_conf;
  const one = a.vips.length === 1 && a.services.length === 1;
  const missing =
    conf === undefined
      ? []
      : [
          ...a.vips.filter((vip) => !conf.includes(`${vip}/32`)).map((vip) => (a.vips.length === 1 ? 'VIP missing' : `VIP ${vip} missing`)),
          ...a.services
            .map((v) => (v.fwmark > 0 ? `fwmark ${v.fwmark}` : `${v.vip} ${v.port ?? 0}`))
            .filter((head) => !new RegExp(`virtual_server ${head.replace(/\./g, '\\.')}\\s`).test(conf))
            .map((head) => `no virtual_server ${head}`),
        ];
  const expected = one && a.services[0]!.fwmark > 0 ? 'VIP and fwmark service' : 'every VIP and virtual service';
  const daemon = state.keepalived;
  return [
    check('keepalived (runtime)', 'running', daemon instanceof Error ? 'unknown' : daemon.active ? 'running' : 'stopped'),
    check('keepalived at boot', 'enabled', daemon instanceof Error ? 'unknown' : daemon.enabled ? 'enabled' : 'disabled'),
    check('keepalived.conf', expected, conf === undefined ? 'file absent' : missing.join(', ') || expected),
    ...a.vips.map((vip) => vrrpCheck(a, state, vip)),
  ];
}

/** Which director holds the VIP is VRRP's choice: shown, judged play-wide (exactly one holds it). */
function vrrpCheck(a: DirectorArgs, state: DirectorState, vip: string): Check {
  const name = a.vips.length > 1 ? `VIP ${vip} (VRRP)` : 'VIP (VRRP)';
  return check(name, 'on the master only', holdsVip(state.addresses, vip, a.interface) ? 'held (master)' : 'not held (backup)', true);
}

/**
 * keepalived_container: the unit runs and starts at boot (what brings the container back after a
 * reboot), and Docker runs the container; VRRP as with the native daemon.
 */
function containerChecks(a: DirectorArgs, state: DirectorState): Check[] {
  const unit = state.containerUnit;
  const unitName = a.container_unit ?? 'the unit';
  const c = state.container;
  const found =
    c === undefined || c instanceof Error ? `unknown${c ? `: ${c.message}` : ''}` : !c.exists ? 'absent' : `${c.status}${c.image ? ` (${c.image})` : ''}`;
  return [
    check(
      `${unitName} (runtime)`,
      'active',
      unit === undefined || unit instanceof Error ? 'unknown' : !unit.exists ? 'absent' : unit.active ? 'active' : 'inactive',
    ),
    check(`${unitName} at boot`, 'enabled', unit === undefined || unit instanceof Error ? 'unknown' : unit.enabled ? 'enabled' : 'disabled'),
    check(`container ${a.container_name ?? ''}`.trim(), 'running', found, c !== undefined && !(c instanceof Error) && c.status === 'running'),
    ...a.vips.map((vip) => vrrpCheck(a, state, vip)),
  ];
}

export function directorChecks(a: DirectorArgs, state: DirectorState): Check[] {
  const out: Check[] = [];
  const { interface: iface, ha } = a;
  const file = (label: string): string | undefined => state.files[label];
  if (ha === 'none' && a.holds_vip) {
    // the roles label the VIPs eth0:lvs, eth0:lvs1, ...
    a.vips.forEach((vip, i) => out.push(check(`VIP on ${iface}`, `${vip}/32 (${iface}:lvs${i || ''})`, vipOn(state.addresses, vip, iface))));
    const ifaces = file('director_interfaces');
    const missing = a.vips.filter((vip) => !ifaces?.includes(`address ${vip}`));
    out.push(
      check('VIP at boot (interfaces.d)', 'present', ifaces === undefined ? 'file absent' : missing.length ? `${missing.join(', ')} missing` : 'present'),
    );
  } else if (ha === 'keepalived_native') {
    out.push(...keepalivedChecks(a, state));
  } else if (ha === 'keepalived_container') {
    out.push(...containerChecks(a, state));
  }
  const rules = file('rules');
  const section = rules === undefined ? undefined : mangleSection(rules);
  // one MARK rule (or one per protocol) per fwmark service; address services need none
  for (const { vip, fwmark } of a.services.filter((v) => v.fwmark > 0)) {
    const runtimeMark = state.mangle instanceof Error ? [] : markRules(state.mangle, vip, fwmark);
    out.push(check('mangle MARK rule (runtime)', `-d ${vip}/32 -j MARK ${fwmark}`, runtimeMark.length ? 'present' : 'absent', runtimeMark.length > 0));
    const savedMark = section ? markRules(section, vip, fwmark) : [];
    out.push(
      check(
        `mangle MARK rule (${a.rules_file})`,
        `-d ${vip}/32 -j MARK ${fwmark}`,
        rules === undefined ? 'file absent' : section === undefined ? 'no *mangle section' : savedMark.length ? 'present' : 'absent',
        savedMark.length > 0,
      ),
    );
  }
  // The runtime table is checked whoever owns it: with keepalived a real server missing here is
  // one whose health check fails.
  const runtimeLabel = ha === 'keepalived_native' ? 'IPVS (runtime, keepalived)' : 'IPVS (runtime)';
  const ipvs = state.ipvs;
  // A table ipvsadm printed but the parser refused is unreadable; ipvsadm failing is said as is.
  if (ipvs instanceof Error && ipvs.name !== 'FactParseError') out.push(check('IPVS table (runtime)', 'readable', `ipvsadm failed: ${ipvs.message}`, false));
  else out.push(...compareIpvs(runtimeLabel, ipvs instanceof Error ? undefined : ipvs, a));
  if (ha !== 'keepalived_native') {
    const saved = file('ipvs_rules');
    if (saved === undefined) out.push(check(`IPVS (${DEFAULT_IPVS_RULES_FILE})`, 'present', 'file absent', false));
    else out.push(...compareIpvs('IPVS (rules file)', parseTable(saved), a));
    const defaults = file('ipvs_default') ?? '';
    const auto = /^\s*AUTO\s*=\s*"?(\w+)"?/m.exec(defaults)?.[1];
    out.push(check('ipvsadm restores at boot (AUTO)', 'true', auto ?? (defaults ? 'not set' : 'file absent')));
  }
  for (const [key, value] of Object.entries(a.ipvs_sysctls ?? {})) {
    const name = `net.ipv4.vs.${key}`;
    out.push(check(`${name} (runtime)`, String(value), sysctlFound(state.sysctls[name])));
    out.push(check(`${name} (${a.ipvs_sysctl_file})`, String(value), persistedSysctl(file('ipvs_sysctl'), name)));
  }
  return out;
}

export function nodeChecks(a: NodeArgs, state: NodeState): Check[] {
  const out: Check[] = [];
  const file = (label: string): string | undefined => state.files[label];
  a.vips.forEach((vip, i) => out.push(check('VIP on lo', `${vip}/32 (lo:${i})`, vipOn(state.addresses, vip, 'lo'))));
  for (const [name, value] of [
    ['net.ipv4.conf.all.arp_ignore', '1'],
    ['net.ipv4.conf.all.arp_announce', '2'],
  ] as const) {
    out.push(check(`${name} (runtime)`, value, sysctlFound(state.sysctls[name])));
    out.push(check(`${name} (${a.sysctl_file})`, value, persistedSysctl(file('sysctl'), name)));
  }
  // one stanza per VIP: lo:0, lo:1, ...
  const lo = file('node_interfaces');
  a.vips.forEach((vip, i) => {
    const stanza = lo?.split(/^(?=auto |iface )/m).find((part) => new RegExp(`^iface lo:${i} inet static\\b`).test(part)) ?? '';
    const ok = stanza.includes(`address ${vip}`) && /netmask 255\.255\.255\.255/.test(stanza);
    out.push(
      check(`lo:${i} at boot (interfaces.d)`, `lo:${i} ${vip}/32`, lo === undefined ? 'file absent' : ok ? `lo:${i} ${vip}/32` : 'different content', ok),
    );
  });
  const main = file('interfaces');
  const sources = main !== undefined && /^\s*source(-directory)?\s+\/etc\/network\/interfaces\.d/m.test(main);
  out.push(check('/etc/network/interfaces reads interfaces.d', 'yes', main === undefined ? 'file absent' : sources ? 'yes' : 'no'));
  return out;
}

function sysctlFound(read: Read<SysctlValue> | undefined): string {
  if (read === undefined) return 'unknown';
  if (read instanceof Error) return `unreadable: ${read.message}`;
  return read.exists ? (read.value ?? '') : 'no such key';
}

/** The value a sysctl.d file sets for `name` (the last line wins, as sysctl reads it), or why none. */
function persistedSysctl(text: string | undefined, name: string): string {
  if (text === undefined) return 'file absent';
  const pattern = new RegExp(`^\\s*${name.replace(/\./g, '\\.')}\\s*=`);
  const line = text
    .split('\n')
    .filter((l) => pattern.test(l))
    .at(-1);
  return line ? normaliseSysctl(line.slice(line.indexOf('=') + 1)) : 'absent';
}
