// What "it works" means for LVS-DR: the director's IPVS service lists every real server, the
// mangle rule marks the VIP, every node holds the VIP on lo with arp_ignore/arp_announce set,
// and all of it comes back after a reboot. As checks that compare what the roles asked for with
// what the host has now (read through facts) and with what its files would restore after a
// reboot. Pure: host state in, checks out.
import { parseIpvsRules, type IpvsService } from '../../facts/ipvs-table.js';
import type { IpAddress } from '../../facts/ip-addresses.js';
import type { ContainerState } from '../../facts/container-state.js';
import type { ServiceState } from '../../facts/service-state.js';
import type { SysctlValue } from '../../facts/sysctl-value.js';
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
}

export interface NodeState extends HostState {
  sysctls: Record<string, Read<SysctlValue>>;
}

export interface DesiredRealServer {
  address: string;
  weight?: number;
  forwarding?: 'dr' | 'nat' | 'tunnel';
}

/** A director's arguments: the roles' variables, passed in by playbooks/verify.yaml. */
export interface DirectorArgs {
  role: 'director';
  vip: string;
  fwmark: number;
  scheduler: string;
  persistence: number;
  real_servers: DesiredRealServer[];
  interface: string;
  ha: 'none' | 'keepalived_native' | 'keepalived_container';
  /** Without keepalived: whether this director should hold the VIP (false on a cold standby). */
  holds_vip: boolean;
  rules_file: string;
  director_interfaces_file: string;
  /** keepalived_container: the unit's name (basename of lvs_keepalived_unit) and the container's. */
  container_unit?: string;
  container_name?: string;
}

export interface NodeArgs {
  role: 'node';
  vip: string;
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

function compareIpvs(prefix: string, services: IpvsService[] | undefined, a: DirectorArgs): Check[] {
  const out: Check[] = [];
  const fwmark = a.fwmark;
  const expectService = `fwmark ${fwmark}, ${a.scheduler}${a.persistence ? `, persistent ${a.persistence}s` : ''}`;
  if (services === undefined) return [check(`${prefix}: service`, expectService, 'unreadable (not ipvsadm save format)', false)];
  const service = services.find((s) => s.key === `fwmark:${fwmark}`);
  if (!service) return [check(`${prefix}: service`, expectService, 'absent', false)];
  out.push(
    check(`${prefix}: service`, expectService, `fwmark ${fwmark}, ${service.scheduler}${service.persistence ? `, persistent ${service.persistence}s` : ''}`),
  );
  for (const rs of a.real_servers) {
    const want = `${rs.forwarding ?? 'dr'}, weight ${rs.weight ?? 1}`;
    const have = service.realServers.find((r) => r.address === rs.address);
    out.push(check(`${prefix}: real server ${rs.address}`, want, have ? `${have.forwarding}, weight ${have.weight}` : 'absent'));
  }
  const extra = service.realServers.filter((r) => !a.real_servers.some((d) => d.address === r.address));
  if (extra.length) out.push(check(`${prefix}: no other real servers`, 'none', extra.map((r) => r.address).join(', '), false));
  return out;
}

/**
 * keepalived_native: the daemon runs and starts at boot, its configuration (what a reboot
 * restores) has the VIP and the fwmark service; which director holds the VIP is VRRP's choice,
 * shown but not judged per host.
 */
function keepalivedChecks(a: DirectorArgs, state: DirectorState): Check[] {
  const fwmark = a.fwmark;
  const conf = state.files.keepalived_conf;
  const confState =
    conf === undefined
      ? 'file absent'
      : [
          conf.includes(`${a.vip}/32`) ? '' : 'VIP missing',
          new RegExp(`virtual_server fwmark ${fwmark}\\s`).test(conf) ? '' : `no virtual_server fwmark ${fwmark}`,
        ]
          .filter(Boolean)
          .join(', ') || 'VIP and fwmark service';
  const daemon = state.keepalived;
  return [
    check('keepalived (runtime)', 'running', daemon instanceof Error ? 'unknown' : daemon.active ? 'running' : 'stopped'),
    check('keepalived at boot', 'enabled', daemon instanceof Error ? 'unknown' : daemon.enabled ? 'enabled' : 'disabled'),
    check('keepalived.conf', 'VIP and fwmark service', confState),
    vrrpCheck(a, state),
  ];
}

/** Which director holds the VIP is VRRP's choice: shown, judged play-wide (exactly one holds it). */
function vrrpCheck(a: DirectorArgs, state: DirectorState): Check {
  return check('VIP (VRRP)', 'on the master only', holdsVip(state.addresses, a.vip, a.interface) ? 'held (master)' : 'not held (backup)', true);
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
    vrrpCheck(a, state),
  ];
}

export function directorChecks(a: DirectorArgs, state: DirectorState): Check[] {
  const out: Check[] = [];
  const { interface: iface, ha, fwmark } = a;
  const file = (label: string): string | undefined => state.files[label];
  if (ha === 'none' && a.holds_vip) {
    out.push(check(`VIP on ${iface}`, `${a.vip}/32 (${iface}:lvs)`, vipOn(state.addresses, a.vip, iface)));
    const ifaces = file('director_interfaces');
    out.push(
      check(
        'VIP at boot (interfaces.d)',
        'present',
        ifaces !== undefined && ifaces.includes(`address ${a.vip}`) ? 'present' : ifaces === undefined ? 'file absent' : 'VIP missing',
        undefined,
      ),
    );
  } else if (ha === 'keepalived_native') {
    out.push(...keepalivedChecks(a, state));
  } else if (ha === 'keepalived_container') {
    out.push(...containerChecks(a, state));
  }
  const runtimeMark = state.mangle instanceof Error ? [] : markRules(state.mangle, a.vip, fwmark);
  out.push(check('mangle MARK rule (runtime)', `-d ${a.vip}/32 -j MARK ${fwmark}`, runtimeMark.length ? 'present' : 'absent', runtimeMark.length > 0));
  const rules = file('rules');
  const section = rules === undefined ? undefined : mangleSection(rules);
  const savedMark = section ? markRules(section, a.vip, fwmark) : [];
  out.push(
    check(
      `mangle MARK rule (${a.rules_file})`,
      `-d ${a.vip}/32 -j MARK ${fwmark}`,
      rules === undefined ? 'file absent' : section === undefined ? 'no *mangle section' : savedMark.length ? 'present' : 'absent',
      savedMark.length > 0,
    ),
  );
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
  return out;
}

export function nodeChecks(a: NodeArgs, state: NodeState): Check[] {
  const out: Check[] = [];
  const file = (label: string): string | undefined => state.files[label];
  out.push(check('VIP on lo', `${a.vip}/32 (lo:0)`, vipOn(state.addresses, a.vip, 'lo')));
  for (const [name, value] of [
    ['net.ipv4.conf.all.arp_ignore', '1'],
    ['net.ipv4.conf.all.arp_announce', '2'],
  ] as const) {
    out.push(check(`${name} (runtime)`, value, sysctlFound(state.sysctls[name])));
    const persisted = file('sysctl');
    const line = persisted?.split('\n').find((l) => new RegExp(`^\\s*${name.replace(/\./g, '\\.')}\\s*=`).test(l));
    out.push(check(`${name} (${a.sysctl_file})`, value, line ? line.split('=')[1]!.trim() : persisted === undefined ? 'file absent' : 'absent'));
  }
  const lo0 = file('node_interfaces');
  const lo0ok = lo0 !== undefined && /iface lo:0 inet static/.test(lo0) && lo0.includes(`address ${a.vip}`) && /netmask 255\.255\.255\.255/.test(lo0);
  out.push(
    check('lo:0 at boot (interfaces.d)', `lo:0 ${a.vip}/32`, lo0 === undefined ? 'file absent' : lo0ok ? `lo:0 ${a.vip}/32` : 'different content', lo0ok),
  );
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
