// The PLAY RECAP of a run, summed over hosts. Both tools print the same line shape:
// `host : ok=N changed=N unreachable=N failed=N skipped=N rescued=N ignored=N`.

export const RECAP_FIELDS = ['ok', 'changed', 'unreachable', 'failed', 'skipped', 'rescued', 'ignored'] as const;
export type RecapTotals = Record<(typeof RECAP_FIELDS)[number], number>;

// eslint-disable-next-line no-control-regex -- ANSI colour sequences are control characters by definition
const ANSI = /\u001b\[[0-9;]*m/g;

/** Totals of every host line after the last PLAY RECAP banner, or null when the run printed none. */
export function parseRecap(output: string): RecapTotals | null {
  const lines = output.replace(ANSI, '').split('\n');
  let start = -1;
  lines.forEach((l, i) => {
    if (/^PLAY RECAP\b/.test(l)) start = i;
  });
  if (start < 0) return null;
  const totals: RecapTotals = { ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 };
  for (const line of lines.slice(start + 1)) {
    const m = /^\S+\s*:\s+(ok=\d+.*)$/.exec(line);
    if (!m) continue;
    for (const [, name, n] of m[1]!.matchAll(/(\w+)=(\d+)/g)) {
      if ((RECAP_FIELDS as readonly string[]).includes(name!)) totals[name as keyof RecapTotals] += Number(n);
    }
  }
  return totals;
}

export function sameRecap(a: RecapTotals | null, b: RecapTotals | null): boolean {
  if (a === null || b === null) return a === b;
  return RECAP_FIELDS.every((f) => a[f] === b[f]);
}

export function formatRecap(r: RecapTotals | null): string {
  return r === null ? 'no recap' : RECAP_FIELDS.map((f) => `${f}=${r[f]}`).join(' ');
}

/**
 * The first line that says why a run failed: an error before the run, or a failed task that was
 * not ignored (Ansible prints `...ignoring` after an ignored failure, lvsplay `failed (ignored)`).
 */
export function firstErrorLine(output: string): string {
  const lines = output.replace(ANSI, '').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!/^(ERROR\b|ERROR!|\[ERROR\]|fatal:|failed:|Error \[|.*This is a bug in lvsplay)/.test(line)) continue;
    const next = lines.slice(i + 1).find((l) => l.trim() !== '');
    if (next?.trim() === '...ignoring') continue;
    return line;
  }
  return '';
}
