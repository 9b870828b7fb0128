// Scratch folders for tests, removed afterwards.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

export function scratchDir(prefix = 'lvsplay-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Every file below dir with its content and mode, to compare a tree before and after. */
export function snapshotTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      const st = statSync(full);
      if (st.isDirectory()) {
        out[relative(dir, full) + '/'] = (st.mode & 0o7777).toString(8);
        walk(full);
      } else out[relative(dir, full)] = `${(st.mode & 0o7777).toString(8)}:${readFileSync(full, 'utf8')}`;
    }
  };
  walk(dir);
  return out;
}
