// The table verify prints per host: check, expected, found (mismatches marked).
import type { ChalkInstance } from 'chalk';

interface CheckRow {
  check: string;
  expected: string;
  found: string;
  ok: boolean;
}

export function isCheckList(value: unknown): value is CheckRow[] {
  return Array.isArray(value) && value.every((r) => r && typeof r === 'object' && 'check' in r && 'expected' in r && 'found' in r && 'ok' in r);
}

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
