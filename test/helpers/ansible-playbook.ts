// ansible-playbook 2.14, the oracle of the side-by-side e2e tests: run on the same inventory and
// playbook as lvsplay, its recap and results are what lvsplay's must equal.
import { spawn, spawnSync } from 'node:child_process';

export interface AnsibleRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Whether ansible-playbook is installed (setup.sh installs ansible-core); tests skip without it. */
export function hasAnsiblePlaybook(): boolean {
  return spawnSync('ansible-playbook', ['--version']).status === 0;
}

/**
 * The oracle's settings for every ansible-playbook run of the tests (the day-2 sandbox's too): no
 * colour, and pipelining, which sends each module on the ssh session's stdin instead of copying
 * it to a temporary file first: the same results with fewer ssh sessions per task (the lab's
 * sudo has no requiretty). Measured A/B on 7 December 2026: modules-a 97 s and 176 CPU seconds with it,
 * 116 s and 215 without; accounts-role with modules-e 116 s and 150 against 124 s and 160.
 */
export const ORACLE_SETTINGS = { ANSIBLE_NOCOLOR: '1', ANSIBLE_PIPELINING: 'True' };
const ENV = { ...process.env, ...ORACLE_SETTINGS, ANSIBLE_HOST_KEY_CHECKING: 'True' };

/** ansible-playbook ARGS, without colour, checking host keys against the lab's known_hosts as lvsplay does. */
export function ansiblePlaybook(args: string[]): AnsibleRun {
  const r = spawnSync('ansible-playbook', args, { encoding: 'utf8', env: ENV });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The same, without blocking: for a side-by-side test whose two tools write to separate places,
 * so ansible-playbook and lvsplay can run at once.
 */
export function ansiblePlaybookAsync(args: string[]): Promise<AnsibleRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('ansible-playbook', args, { env: ENV });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
