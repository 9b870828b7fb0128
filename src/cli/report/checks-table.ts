// The check table a result may carry, per host: check, expected, found (mismatches marked).
import type { ChalkInstance } from 'chalk';
import type { CheckRow } from '../../modules/types.js';

export function checksTable(host: string, rows: CheckRow[], c: ChalkInstance): string {
  const head = ['check', 'expected', 'found'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String([r.check, r.expected, r.found][i]).length)));
  const line = (cells: string[]): string => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ');
  const out = [`  ${host}:`, `    ${line(head)}`];
  for (const r of rows) {
    const text = `    ${line([r.check, r.expected, r.found])}${r.ok ? '' : '  <- MISMATCH'}`;
    out.push(r.ok ? text : c.red(text));
  }
  return out.join('\n');
}
