// One frame of `lvsplay status` as text: the VIPs and their holders, then per director and
// virtual service a row per real server with its connections, rates and a bar of its share of
// the service's connections. Pure: status in, lines out (colors only when the terminal has them).
import type { ChalkInstance } from 'chalk';
import type { BalancerStatus, RealServerStatus, ServiceStatus } from '../../../status/balancer-status.js';

const BAR_WIDTH = 20;

/** 1234567 -> "1.2M": rates are estimates, three figures say enough. */
export function shortNumber(n: number): string {
  if (n < 1000) return String(n);
  const units = ['k', 'M', 'G', 'T'];
  let value = n;
  let unit = -1;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)}${units[unit]}`;
}

function serviceTitle(s: ServiceStatus): string {
  const what = s.protocol === 'fwmark' ? `FWM ${s.key.split(':')[1]}` : `${s.protocol.toUpperCase()} ${s.key.split(':').slice(1).join(':')}`;
  return [what, s.scheduler, s.flags].filter(Boolean).join('  ');
}

function bar(part: number, whole: number): string {
  const filled = whole > 0 ? Math.round((part / whole) * BAR_WIDTH) : 0;
  return '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
}

const COLUMNS = ['node', 'address', 'weight', 'state', 'active', 'inact', 'conn/s', 'in B/s', 'out B/s', 'share of connections'];

function row(r: RealServerStatus, whole: number, c: ChalkInstance): string[] {
  const state = r.state === 'up' ? c.green('up') : r.state === 'drained' ? c.yellow('drained') : c.red('down');
  const counted =
    r.state === 'down'
      ? ['-', '-', '-', '-', '-']
      : [
          String(r.activeConns),
          String(r.inactiveConns),
          ...[r.rate?.conns, r.rate?.inBytes, r.rate?.outBytes].map((n) => (n === undefined ? '-' : shortNumber(n))),
        ];
  return [
    r.node,
    `${r.address}${r.port ? `:${r.port}` : ''}`,
    r.weight === null ? '-' : String(r.weight),
    state,
    ...counted,
    r.state === 'down' ? '' : bar(r.activeConns + r.inactiveConns, whole),
  ];
}

/** Columns padded to their widest cell (color codes not counted). */
function table(rows: string[][], indent: string): string[] {
  // eslint-disable-next-line no-control-regex -- measuring text without its color codes
  const visible = (s: string): number => s.replace(/\u001b\[[0-9;]*m/g, '').length;
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => visible(r[i] ?? ''))));
  return rows.map(
    (r) =>
      indent +
      r
        .map((cell, i) => (i === r.length - 1 ? cell : cell + ' '.repeat(widths[i]! - visible(cell))))
        .join('  ')
        .trimEnd(),
  );
}

export function renderFrame(status: BalancerStatus, c: ChalkInstance, source: string): string {
  const lines: string[] = [c.bold(`lvsplay status  ${source}  ${status.time.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}`)];
  for (const v of status.vips) {
    const held =
      v.heldBy.length === 1
        ? c.green(`held by ${v.heldBy[0]}`)
        : v.heldBy.length === 0
          ? c.red('held by no director')
          : c.red(`held by ${v.heldBy.join(' and ')} (split brain)`);
    lines.push(`VIP ${v.vip}: ${held}`);
  }
  for (const d of status.directors) {
    lines.push('');
    if (d.error !== undefined) {
      lines.push(c.red(`director ${d.name} (${d.address}): not read: ${d.error}`));
      continue;
    }
    const holds = d.holds.length ? `holds ${d.holds.join(', ')}` : 'holds no VIP';
    lines.push(c.bold(`director ${d.name} (${d.address})`) + `  keepalived ${d.keepalived ? 'running' : 'not running'}  ${holds}`);
    if (d.services.length === 0) lines.push('  no virtual service');
    for (const s of d.services) {
      const rate = s.rate ? `  ${shortNumber(s.rate.conns)} conn/s  ${shortNumber(s.rate.inBytes)} B/s in  ${shortNumber(s.rate.outBytes)} B/s out` : '';
      lines.push(`  ${c.cyan(serviceTitle(s))}  ${s.activeConns} active  ${s.inactiveConns} inactive${rate}`);
      const whole = s.activeConns + s.inactiveConns;
      lines.push(...table([COLUMNS, ...s.realServers.map((r) => row(r, whole, c))], '    '));
    }
  }
  return lines.join('\n');
}
