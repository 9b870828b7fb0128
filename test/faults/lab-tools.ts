// What the fault campaigns on the lab share: a scratch project, killing a host's sshd with every
// session it holds, and a fresh lab per suite.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { labDown, readLabState, type LabState } from '../../src/lab/index.js';
import { canRunLab, ensureLab, tearDownLab } from '../helpers/lab.js';
import { signalTree } from '../helpers/process-tree.js';
import { removeDir, scratchDir } from '../helpers/scratch.js';

/** Write files (path -> text) under a scratch folder. */
export function writeProject(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
}

/** SIGKILL a namespace host's sshd and every session under it (what a crashed sshd leaves). */
export function killSshdTree(state: LabState, name: string): void {
  const pid = readLabState(state.stateDir)?.hosts.find((h) => h.name === name)?.sshdPid;
  if (!pid) throw new Error(`no sshd for ${name}`);
  signalTree(pid, 'SIGKILL');
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
