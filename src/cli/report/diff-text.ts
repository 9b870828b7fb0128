// A unified-style line diff for --diff output (before/after of managed content).
import type { ContentDiff } from '../../modules/types.js';

export function unifiedDiff(diff: ContentDiff, context = 3): string {
  const a = splitLines(diff.before);
  const b = splitLines(diff.after);
  const ops = lineOps(a, b);
  const out: string[] = [`--- before: ${diff.label}`, `+++ after: ${diff.label}`];
  // Group changes with `context` lines around them.
  const changed = ops.map((op) => op.kind !== ' ');
  for (let i = 0; i < ops.length;) {
    if (!changed[i]) {
      i++;
      continue;
    }
    const start = Math.max(0, i - context);
    let end = i;
    while (end < ops.length && (changed[end] || changed.slice(end, end + context * 2 + 1).some(Boolean))) end++;
    end = Math.min(ops.length, end + context);
    out.push('@@');
    for (let k = start; k < end; k++) out.push(`${ops[k]!.kind}${ops[k]!.line}`);
    i = end;
  }
  return out.join('\n');
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

interface Op {
  kind: ' ' | '-' | '+';
  line: string;
}

/** Longest-common-subsequence diff; inputs are config files, small enough for O(n*m). */
function lineOps(a: string[], b: string[]): Op[] {
  if (a.length * b.length > 4_000_000) {
    return [...a.map((line) => ({ kind: '-' as const, line })), ...b.map((line) => ({ kind: '+' as const, line }))];
  }
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) {
      ops.push({ kind: '-', line: a[i++]! });
    } else {
      ops.push({ kind: '+', line: b[j++]! });
    }
  }
  while (i < n) ops.push({ kind: '-', line: a[i++]! });
  while (j < m) ops.push({ kind: '+', line: b[j++]! });
  return ops;
}
