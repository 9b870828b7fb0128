// The minimal ipvsadm commands from the current table to the desired service: add (-A/-a),
// edit (-E/-e) or delete (-D/-d) only what differs, only for this service. Never -C: clearing
// the table would drop every live connection.
import { commandLine } from '../../util/shell.js';
import type { SavedRealServer, SavedService } from '../lib/ipvs-save.js';
import type { Step } from '../types.js';

export interface DesiredService {
  /** "fwmark:80" | "tcp:10.0.0.1:80" | "udp:..." */
  key: string;
  scheduler: string;
  persistence?: number;
  realServers: SavedRealServer[];
}

const FWD = { dr: '-g', nat: '-m', tunnel: '-i' } as const;

export function serviceArgs(key: string): string[] {
  const [kind, ...rest] = key.split(':');
  return [kind === 'fwmark' ? '-f' : kind === 'udp' ? '-u' : '-t', rest.join(':')];
}

function realArg(key: string, r: SavedRealServer): string {
  // fwmark services have no port; ipvsadm prints :0 for them
  return key.startsWith('fwmark:') || r.port === 0 ? r.address : `${r.address}:${r.port}`;
}

export function planIpvsService(desired: DesiredService, current: SavedService[], state: 'present' | 'absent'): Step[] {
  const svc = serviceArgs(desired.key);
  const existing = current.find((s) => s.key === desired.key);
  const label = `${svc[0]} ${svc[1]}`;
  if (state === 'absent') {
    return existing ? [{ describe: `delete IPVS service ${label}`, command: commandLine('ipvsadm', '-D', ...svc) }] : [];
  }
  const steps: Step[] = [];
  const schedArgs = ['-s', desired.scheduler, ...(desired.persistence ? ['-p', String(desired.persistence)] : [])];
  if (!existing) {
    steps.push({ describe: `add IPVS service ${label} (${desired.scheduler})`, command: commandLine('ipvsadm', '-A', ...svc, ...schedArgs) });
  } else if (existing.scheduler !== desired.scheduler || (existing.persistence ?? 0) !== (desired.persistence ?? 0)) {
    steps.push({ describe: `edit IPVS service ${label} (${desired.scheduler}${desired.persistence ? `, persistent ${desired.persistence}s` : ''})`, command: commandLine('ipvsadm', '-E', ...svc, ...schedArgs) });
  }
  const have = existing?.realServers ?? [];
  for (const r of desired.realServers) {
    const h = have.find((x) => x.address === r.address && (x.port === r.port || desired.key.startsWith('fwmark:')));
    const args = ['-r', realArg(desired.key, r), FWD[r.forwarding], '-w', String(r.weight)];
    if (!h) steps.push({ describe: `add real server ${r.address} (${r.forwarding}, weight ${r.weight})`, command: commandLine('ipvsadm', '-a', ...svc, ...args) });
    else if (h.weight !== r.weight || h.forwarding !== r.forwarding) steps.push({ describe: `edit real server ${r.address} (${r.forwarding}, weight ${r.weight})`, command: commandLine('ipvsadm', '-e', ...svc, ...args) });
  }
  for (const h of have) {
    if (!desired.realServers.some((r) => r.address === h.address && (r.port === h.port || desired.key.startsWith('fwmark:')))) {
      steps.push({ describe: `delete real server ${h.address}`, command: commandLine('ipvsadm', '-d', ...svc, '-r', realArg(desired.key, h)) });
    }
  }
  return steps;
}

/** The whole table as it should be saved: other services as they run now, this one as desired. */
export function desiredTable(desired: DesiredService, current: SavedService[], state: 'present' | 'absent'): SavedService[] {
  const others = current.filter((s) => s.key !== desired.key);
  if (state === 'absent') return others;
  const index = current.findIndex((s) => s.key === desired.key);
  const mine: SavedService = { key: desired.key, scheduler: desired.scheduler, ...(desired.persistence ? { persistence: desired.persistence } : {}), realServers: desired.realServers };
  const table = [...others];
  table.splice(index < 0 ? table.length : index, 0, mine);
  return table;
}
