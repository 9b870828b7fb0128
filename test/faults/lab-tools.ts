// What the fault campaigns on the lab share: a scratch project, killing a host's sshd with every
// session it holds, and a fresh lab per suite.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { labDown, readLabState, type LabState } from '../../src/lab/index.js';
import { canRunLab, ensureLab, tearDownLab } from '../helpers/lab.js';
import { removeDir, scratchDir } from '../helpers/scratch.js';

/** Write files (path -> text) under a scratch folder. */
export function writeProject(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
}

function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // comm may hold spaces and parentheses: the ppid is the second field after the last ')'
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const walk = (p: number): void => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(root);
  return out;
}

/** SIGKILL a namespace host's sshd and every session under it (what a crashed sshd leaves). */
export function killSshdTree(state: LabState, name: string): number {
  const pid = readLabState(state.stateDir)?.hosts.find((h) => h.name === name)?.sshdPid;
  if (!pid) throw new Error(`no sshd for ${name}`);
  const pids = [pid, ...descendants(pid)];
  for (const p of pids) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return pids.length;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Mocha hooks for a suite on a fresh lab of `nodes` nodes (skipped with the reason when the lab
 * cannot run here) and a scratch folder; `use` receives both once they exist.
 */
export function useLab(nodes: number, prefix: string, use: (lab: LabState, dir: string) => void): void {
  let dir: string | undefined;
  before(async function () {
    const why = canRunLab();
    if (why) {
      console.log(`      skipped: ${why}`);
      this.skip();
    }
    await labDown({});
    const lab = await ensureLab(nodes, 0);
    dir = scratchDir(prefix);
    use(lab, dir);
  });
  after(async () => {
    if (dir) removeDir(dir);
    if (!canRunLab()) await tearDownLab();
  });
}
