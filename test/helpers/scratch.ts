// Scratch folders for tests, removed afterwards.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

export function scratchDir(prefix = 'lvsplay-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Write `text` to dir/name (folders made as needed); returns the file's path. */
export function writeIn(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
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
