// ansible-vault, the oracle for vault interop (ansible-core is in scripts/setup.sh). Tests that
// need it skip, saying so, on a machine without it.
import { execFileSync, spawnSync } from 'node:child_process';

export function hasAnsibleVault(): boolean {
  return spawnSync('ansible-vault', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Run ansible-vault; returns stdout, throws with its stderr on failure. */
export function ansibleVault(args: string[], options: { cwd?: string; input?: string } = {}): string {
  return execFileSync('ansible-vault', args, {
    cwd: options.cwd,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, ANSIBLE_NOCOLOR: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}
