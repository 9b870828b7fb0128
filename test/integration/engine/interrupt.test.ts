// Ctrl-C: the running task finishes and is reported, nothing new starts, handlers do not run,
// and the exit code is 130.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fixturePath, repoPath } from '../../helpers/paths.js';
import { removeDir, scratchDir } from '../../helpers/scratch.js';

describe('Ctrl-C during a run', function () {
  this.timeout(30_000);
  it('finishes the running task, starts nothing new, runs no handler, exits 130', async () => {
    const dir = scratchDir();
    try {
      const child = spawn(
        process.execPath,
        [
          repoPath('bin', 'lvsplay.js'),
          'run',
          fixturePath('projects', 'behaviour', 'interrupt.yaml'),
          '-i',
          fixturePath('projects', 'behaviour', 'inventory.ini'),
          '-l',
          'local',
          '-e',
          `marker_dir=${dir}`,
        ],
        { env: { ...process.env, NO_COLOR: '1', CI: '1' } },
      );
      let stdout = '';
      let sent = false;
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        // Ctrl-C once the slow task is running (not during start-up, on a busy machine)
        if (!sent && stdout.includes('TASK [slow]')) {
          sent = true;
          setTimeout(() => child.kill('SIGINT'), 300);
        }
      });
      child.stderr.on('data', () => undefined);
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code, stdout).to.equal(130);
      for (const h of ['h1', 'h2', 'h3']) {
        expect(existsSync(join(dir, `${h}.slow`)), `${h}: running task finished`).to.equal(true);
        expect(existsSync(join(dir, `${h}.after`)), `${h}: next task not started`).to.equal(false);
        expect(existsSync(join(dir, `${h}.handler`)), `${h}: no handler`).to.equal(false);
      }
      expect(stdout).to.include('changed: [h1]');
      expect(stdout).to.include('PLAY RECAP');
    } finally {
      removeDir(dir);
    }
  });
});
