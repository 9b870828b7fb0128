// The bench brings up a lab and runs for many minutes: its options are checked before anything
// starts. `--help` once started a full default run (it was not an option the bench knew).
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { repoPath } from '../../helpers/paths.js';

function bench(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [repoPath('dist', 'bench', 'run.js'), ...args], { encoding: 'utf8', timeout: 20_000 });
}

describe('bench options', () => {
  it('--help prints the usage and exits 0 without starting', () => {
    const r = bench('--help');
    expect(r.status).to.equal(0);
    expect(r.stdout).to.match(/^usage: npm run bench -- \[--hosts/);
    expect(r.stdout).to.not.include('lvsplay --help:');
  });

  it('an unknown option, a missing value or a value that is not a number is one line and exit 2', () => {
    for (const [args, message] of [
      [['--host', '5'], 'bench: unknown option or value --host 5 (expected npm run bench -- ['],
      [['--hosts'], 'bench: no value for --hosts (expected'],
      [['--reps', 'three'], 'bench: unknown option or value --reps three (expected'],
    ] as const) {
      const r = bench(...args);
      expect(r.status, args.join(' ')).to.equal(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).to.have.length(1);
      expect(r.stderr).to.include(message);
      expect(r.stdout).to.equal('');
    }
  });
});
