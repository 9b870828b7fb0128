// The minimal ipvsadm commands from the current table to the desired service: add (-A/-a),
// edit (-E/-e) or delete (-D/-d) only what differs, only for this service. Never -C: clearing
// the table would drop every live connection. Pure functions of plain data, tested with
// fixtures; ipvs.ts is the module glue.
import { commandLine } from '../../util/shell.js';
import type { IpvsRealServer, IpvsService } from '../../facts/ipvs-table.js';
import type { Step } from '../types.js';

export interface DesiredService {
  /** "fwmark:80" | "tcp:10.0.0.1:80" | "udp:10.0.0.1:53" (the ipvs_table fact's keys). */
  key: string;
  scheduler: string;
  /** Seconds; undefined (or 0) = not persistent. */
  persistence?: number;
  realServers: IpvsRealServer[];
}

const FWD = { dr: '-g', nat: '-m', tunnel: '-i' } as const;

/** `-f 80` / `-t 10.0.0.1:80` / `-u ...` for a service key. */
export function serviceArgs(key: string): [string, string] {
  const [kind, ...rest] = key.split(':');
  return [kind === 'fwmark' ? '-f' : kind === 'udp' ? '-u' : '-t', rest.join(':')];
}

/** The same destination: address and port (fwmark+DR destinations all have port 0). */
function sameDestination(a: IpvsRealServer, b: IpvsRealServer): boolean {
  return a.address === b.address && a.port === b.port;
}

function realServerArg(r: IpvsRealServer): string {
  // the tutorial's form for port-less destinations: `-r 192.168.1.101`
  return r.port === 0 ? r.address : `${r.address}:${r.port}`;
}

/** Service options as ipvsadm -Sn orders them: -s, -p, -M, --pe, -b, -o. */
function serviceOptions(s: Omit<IpvsService, 'key' | 'realServers'>): string[] {
  const words = ['-s', s.scheduler];
  if (s.persistence) {
    words.push('-p', String(s.persistence));
    if (s.netmask !== undefined && s.netmask !== '255.255.255.255') words.push('-M', s.netmask);
  }
  if (s.pe !== undefined) words.push('--pe', s.pe);
  if (s.schedFlags !== undefined) words.push('-b', s.schedFlags);
  if (s.onePacket) words.push('-o');
  return words;
}

/** Real server options after -r: forwarding, weight, then what lvsplay keeps but does not manage. */
function realServerOptions(r: IpvsRealServer): string[] {
  const words: string[] = [FWD[r.forwarding], '-w', String(r.weight)];
  if (r.tunnel) words.push(...r.tunnel);
  if (r.upperThreshold !== undefined) words.push('-x', String(r.upperThreshold));
  if (r.lowerThreshold !== undefined) words.push('-y', String(r.lowerThreshold));
  return words;
}

/** The service as it should be: desired where lvsplay manages, the running table elsewhere. */
export function mergedService(desired: DesiredService, existing: IpvsService | undefined): IpvsService {
  const keep = existing
    ? {
        ...(existing.netmask !== undefined ? { netmask: existing.netmask } : {}),
        ...(existing.pe !== undefined ? { pe: existing.pe } : {}),
        ...(existing.schedFlags !== undefined ? { schedFlags: existing.schedFlags } : {}),
        ...(existing.onePacket ? { onePacket: true } : {}),
      }
    : {};
  const realServers = desired.realServers.map((r): IpvsRealServer => {
    const h = existing?.realServers.find((x) => sameDestination(x, r));
    if (!h) return r;
    // thresholds (and tunnel details, while it stays a tunnel) survive an edit
    const { tunnel, ...kept } = h;
    return { ...kept, forwarding: r.forwarding, weight: r.weight, ...(tunnel && r.forwarding === 'tunnel' ? { tunnel } : {}) };
  });
  return { key: desired.key, scheduler: desired.scheduler, ...(desired.persistence ? { persistence: desired.persistence } : {}), ...keep, realServers };
}

/** Commands that turn `current`'s entry for this service into `desired` (or remove it). */
export function planIpvsService(desired: DesiredService, current: IpvsService[], state: 'present' | 'absent' = 'present'): Step[] {
  const svc = serviceArgs(desired.key);
  const label = svc.join(' ');
  const existing = current.find((s) => s.key === desired.key);
  if (state === 'absent') {
    return existing ? [{ describe: `delete IPVS service ${label}`, command: commandLine('ipvsadm', '-D', ...svc) }] : [];
  }
  const wanted = mergedService(desired, existing);
  const steps: Step[] = [];
  if (!existing) {
    steps.push({ describe: `add IPVS service ${label} (${wanted.scheduler})`, command: commandLine('ipvsadm', '-A', ...svc, ...serviceOptions(wanted)) });
  } else if (existing.scheduler !== wanted.scheduler || (existing.persistence ?? 0) !== (wanted.persistence ?? 0)) {
    // -E replaces the whole service: serviceOptions repeats -M/--pe/-b/-o as they run now
    steps.push({
      describe: `edit IPVS service ${label} (${wanted.scheduler}${wanted.persistence ? `, persistent ${wanted.persistence}s` : ''})`,
      command: commandLine('ipvsadm', '-E', ...svc, ...serviceOptions(wanted)),
    });
  }
  const have = existing?.realServers ?? [];
  for (const r of wanted.realServers) {
    const h = have.find((x) => sameDestination(x, r));
    const args = ['-r', realServerArg(r), ...realServerOptions(r)];
    if (!h)
      steps.push({
        describe: `add real server ${realServerArg(r)} (${r.forwarding}, weight ${r.weight})`,
        command: commandLine('ipvsadm', '-a', ...svc, ...args),
      });
    else if (h.weight !== r.weight || h.forwarding !== r.forwarding)
      steps.push({
        describe: `edit real server ${realServerArg(r)} (${r.forwarding}, weight ${r.weight})`,
        command: commandLine('ipvsadm', '-e', ...svc, ...args),
      });
  }
  for (const h of have) {
    if (!wanted.realServers.some((r) => sameDestination(r, h))) {
      steps.push({ describe: `delete real server ${realServerArg(h)}`, command: commandLine('ipvsadm', '-d', ...svc, '-r', realServerArg(h)) });
    }
  }
  return steps;
}

/** One service's lines exactly as `ipvsadm -Sn` prints them. */
export function formatIpvsService(s: IpvsService): string[] {
  const [flag, target] = serviceArgs(s.key);
  const lines = [['-A', flag, target, ...serviceOptions(s)].join(' ')];
  for (const r of s.realServers) lines.push(['-a', flag, target, '-r', `${r.address}:${r.port}`, ...realServerOptions(r)].join(' '));
  return lines;
}

/** A table as /etc/ipvsadm.rules content (what `ipvsadm-save -n` prints). */
export function formatIpvsTable(table: IpvsService[]): string {
  return table
    .flatMap(formatIpvsService)
    .map((l) => `${l}\n`)
    .join('');
}

/** The whole table as it should be saved: other services as they run now, this one as desired. */
export function desiredTable(desired: DesiredService, current: IpvsService[], state: 'present' | 'absent' = 'present'): IpvsService[] {
  if (state === 'absent') return current.filter((s) => s.key !== desired.key);
  const existing = current.find((s) => s.key === desired.key);
  const mine = mergedService(desired, existing);
  return existing ? current.map((s) => (s.key === desired.key ? mine : s)) : [...current, mine];
}

/**
 * /etc/default/ipvsadm with AUTO="true" (Debian's init script then restores
 * /etc/ipvsadm.rules at boot). Only AUTO lines change; DAEMON and everything else stay.
 */
export function withAutoTrue(text: string): string {
  const assignment = /^(\s*(?:export\s+)?)AUTO\s*=\s*(.*?)\s*$/;
  const isTrue = (value: string): boolean => /^(["']?)true\1$/.test(value);
  const lines = text.split('\n');
  const active = lines.map((l, i) => ({ l, i })).filter(({ l }) => assignment.test(l));
  if (active.length > 0) {
    // the shell keeps the last assignment; make every one of them say true so none can win wrongly
    if (active.every(({ l }) => isTrue(assignment.exec(l)![2]!))) return text;
    for (const { l, i } of active) if (!isTrue(assignment.exec(l)![2]!)) lines[i] = `${assignment.exec(l)![1]}AUTO="true"`;
    return lines.join('\n');
  }
  // a new file: the package's own defaults, with AUTO on
  if (text === '') return '# Created by lvsplay: AUTO="true" makes /etc/init.d/ipvsadm restore /etc/ipvsadm.rules at boot.\nAUTO="true"\nDAEMON="none"\n';
  return `${text.endsWith('\n') ? text : `${text}\n`}AUTO="true"\n`;
}
