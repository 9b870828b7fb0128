// The PLAY RECAP lines: `host : ok=N changed=N unreachable=N failed=N skipped=N rescued=N ignored=N`.
import type { ChalkInstance } from 'chalk';
import type { HostStats } from '../../engine/run/stats.js';

export function recapLines(stats: Map<string, HostStats>, wallMs: number, c: ChalkInstance): string[] {
  const hosts = [...stats.keys()].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  const width = Math.max(0, ...hosts.map((h) => h.length));
  const lines = hosts.map((host) => {
    const s = stats.get(host)!;
    const color = s.unreachable > 0 || s.failed > 0 ? c.red : s.changed > 0 ? c.yellow : c.green;
    const field = (name: string, n: number, paint: ChalkInstance): string => {
      const text = `${name}=${n}`;
      return n > 0 ? paint(text) : text;
    };
    return [
      color(host.padEnd(width)),
      ':',
      field('ok', s.ok, c.green),
      field('changed', s.changed, c.yellow),
      field('unreachable', s.unreachable, c.red),
      field('failed', s.failed, c.red),
      field('skipped', s.skipped, c.cyan),
      field('rescued', s.rescued, c.magenta),
      field('ignored', s.ignored, c.magenta),
    ].join(' ');
  });
  return [...lines, `total wall time: ${(wallMs / 1000).toFixed(2)}s`];
}
