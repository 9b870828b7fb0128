// What "it works" means for LVS-DR: the director's IPVS service lists every real server, the
// mangle rule marks the VIP, every node holds the VIP on lo with arp_ignore/arp_announce set,
// and all of it comes back after a reboot. As checks that compare what the roles asked for with
// what the host has now and with what its files would restore after a reboot.
import { parseIpvsRules, type IpvsService } from '../../facts/ipvs-table.js';
import { parseIpAddrLines, type IpAddress } from '../../facts/ip-addresses.js';

export interface Check {
  check: string;
  expected: string;
  found: string;
  ok: boolean;
}

export interface DesiredRealServer {
  address: string;
  weight?: number;
  forwarding?: 'dr' | 'nat' | 'tunnel';
}

export interface VerifyArgs {
  role: 'director' | 'node';
  vip: string;
  fwmark?: number;
  scheduler?: string;
  persistence?: number;
  real_servers?: DesiredRealServer[];
  interface?: string;
  ha?: 'none' | 'keepalived_native' | 'keepalived_container';
  /** Without keepalived: whether this director should hold the VIP (false on a cold standby). */
  holds_vip?: boolean;
  rules_file?: string;
  ipvs_rules_file?: string;
  ipvs_default_file?: string;
  sysctl_file?: string;
  node_interfaces_file?: string;
  director_interfaces_file?: string;
}

const check = (name: string, expected: string, found: string, ok = expected === found): Check => ({ check: name, expected, found, ok });

function vipOn(addr: string, vip: string, device: string): string {
  let found: IpAddress | undefined;
  try {
    found = parseIpAddrLines(addr).find((a) => a.device === device && a.address === vip);
  } catch {
    return 'unreadable';
  }
  if (!found) return 'absent';
  return found.label !== device ? `${vip}/${found.prefix} (${found.label})` : `${vip}/${found.prefix}`;
}

export function holdsVip(addr: string, vip: string, device: string): boolean {
  return !['absent', 'unreadable'].includes(vipOn(addr, vip, device));
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

function compareIpvs(prefix: string, services: IpvsService[] | undefined, a: VerifyArgs): Check[] {
  const out: Check[] = [];
  const fwmark = a.fwmark ?? 80;
  const expectService = `fwmark ${fwmark}, ${a.scheduler ?? 'lc'}${a.persistence ? `, persistent ${a.persistence}s` : ''}`;
  if (services === undefined) return [check(`${prefix}: service`, expectService, 'unreadable (not ipvsadm save format)', false)];
  const service = services.find((s) => s.key === `fwmark:${fwmark}`);
  if (!service) return [check(`${prefix}: service`, expectService, 'absent', false)];
  out.push(
    check(`${prefix}: service`, expectService, `fwmark ${fwmark}, ${service.scheduler}${service.persistence ? `, persistent ${service.persistence}s` : ''}`),
  );
  for (const rs of a.real_servers ?? []) {
    const want = `${rs.forwarding ?? 'dr'}, weight ${rs.weight ?? 1}`;
    const have = service.realServers.find((r) => r.address === rs.address);
    out.push(check(`${prefix}: real server ${rs.address}`, want, have ? `${have.forwarding}, weight ${have.weight}` : 'absent'));
  }
  const extra = service.realServers.filter((r) => !(a.real_servers ?? []).some((d) => d.address === r.address));
  if (extra.length) out.push(check(`${prefix}: no other real servers`, 'none', extra.map((r) => r.address).join(', '), false));
  return out;
}

/**
 * keepalived_native: the daemon runs and starts at boot, its configuration (what a reboot
 * restores) has the VIP and the fwmark service; which director holds the VIP is VRRP's choice,
 * shown but not judged per host.
 */
function keepalivedChecks(a: VerifyArgs, probe: Map<string, string>, conf: string | undefined): Check[] {
  const fwmark = a.fwmark ?? 80;
  const iface = a.interface ?? 'eth0';
  const confState =
    conf === undefined
      ? 'file absent'
      : [
          conf.includes(`${a.vip}/32`) ? '' : 'VIP missing',
          new RegExp(`virtual_server fwmark ${fwmark}\\s`).test(conf) ? '' : `no virtual_server fwmark ${fwmark}`,
        ]
          .filter(Boolean)
          .join(', ') || 'VIP and fwmark service';
  const holds = holdsVip(probe.get('addr') ?? '', a.vip, iface);
  return [
    check('keepalived (runtime)', 'running', probe.get('keepalived') ?? 'unknown'),
    check('keepalived at boot', 'enabled', probe.get('keepalived-boot') ?? 'unknown'),
    check('keepalived.conf', 'VIP and fwmark service', confState),
    check('VIP (VRRP)', 'on the master only', holds ? 'held (master)' : 'not held (backup)', true),
  ];
}

export function directorChecks(a: VerifyArgs, probe: Map<string, string>): Check[] {
  const out: Check[] = [];
  const iface = a.interface ?? 'eth0';
  const ha = a.ha ?? 'none';
  const fwmark = a.fwmark ?? 80;
  const file = (label: string): string | undefined => {
    const v = probe.get(`file ${label}`);
    return v === undefined || v === '@@absent' ? undefined : v;
  };
  if (ha === 'none' && a.holds_vip !== false) {
    out.push(check(`VIP on ${iface}`, `${a.vip}/32 (${iface}:lvs)`, vipOn(probe.get('addr') ?? '', a.vip, iface)));
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
    out.push(...keepalivedChecks(a, probe, file('keepalived_conf')));
  }
  const runtimeMark = markRules((probe.get('mangle') ?? '').split('\n'), a.vip, fwmark);
  out.push(check('mangle MARK rule (runtime)', `-d ${a.vip}/32 -j MARK ${fwmark}`, runtimeMark.length ? 'present' : 'absent', runtimeMark.length > 0));
  const rules = file('rules');
  const section = rules === undefined ? undefined : mangleSection(rules);
  const savedMark = section ? markRules(section, a.vip, fwmark) : [];
  out.push(
    check(
      `mangle MARK rule (${a.rules_file ?? '/etc/iptables/rules.v4'})`,
      `-d ${a.vip}/32 -j MARK ${fwmark}`,
      rules === undefined ? 'file absent' : section === undefined ? 'no *mangle section' : savedMark.length ? 'present' : 'absent',
      savedMark.length > 0,
    ),
  );
  // The runtime table is checked whoever owns it: with keepalived a real server missing here is
  // one whose health check fails.
  const ipvsText = probe.get('ipvs') ?? '';
  const rc = /@@rc:(\d+)$/.exec(ipvsText)?.[1];
  const body = ipvsText.replace(/\n?@@rc:\d+$/, '');
  const runtimeLabel = ha === 'keepalived_native' ? 'IPVS (runtime, keepalived)' : 'IPVS (runtime)';
  if (rc !== '0') out.push(check('IPVS table (runtime)', 'readable', `ipvsadm failed: ${body.trim().split('\n')[0] ?? ''}`, false));
  else out.push(...compareIpvs(runtimeLabel, parseTable(body), a));
  if (ha !== 'keepalived_native') {
    const saved = file('ipvs_rules');
    if (saved === undefined) out.push(check(`IPVS (${a.ipvs_rules_file ?? '/etc/ipvsadm.rules'})`, 'present', 'file absent', false));
    else out.push(...compareIpvs('IPVS (rules file)', parseTable(saved), a));
    const defaults = file('ipvs_default') ?? '';
    const auto = /^\s*AUTO\s*=\s*"?(\w+)"?/m.exec(defaults)?.[1];
    out.push(check('ipvsadm restores at boot (AUTO)', 'true', auto ?? (defaults ? 'not set' : 'file absent')));
  }
  return out;
}

export function nodeChecks(a: VerifyArgs, probe: Map<string, string>): Check[] {
  const out: Check[] = [];
  const file = (label: string): string | undefined => {
    const v = probe.get(`file ${label}`);
    return v === undefined || v === '@@absent' ? undefined : v;
  };
  out.push(check('VIP on lo', `${a.vip}/32 (lo:0)`, vipOn(probe.get('addr') ?? '', a.vip, 'lo')));
  for (const [name, value] of [
    ['net.ipv4.conf.all.arp_ignore', '1'],
    ['net.ipv4.conf.all.arp_announce', '2'],
  ] as const) {
    out.push(check(`${name} (runtime)`, value, (probe.get(`sysctl ${name}`) ?? '').trim()));
    const persisted = file('sysctl');
    const line = persisted?.split('\n').find((l) => new RegExp(`^\\s*${name.replace(/\./g, '\\.')}\\s*=`).test(l));
    out.push(check(`${name} (${a.sysctl_file ?? 'sysctl.d'})`, value, line ? line.split('=')[1]!.trim() : persisted === undefined ? 'file absent' : 'absent'));
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
