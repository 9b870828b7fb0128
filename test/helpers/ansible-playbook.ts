// ansible-playbook 2.14, the oracle of the side-by-side e2e tests: run on the same inventory and
// playbook as lvsplay, its recap and results are what lvsplay's must equal.
import { spawnSync } from 'node:child_process';

export interface AnsibleRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Whether ansible-playbook is installed (setup.sh installs ansible-core); tests skip without it. */
export function hasAnsiblePlaybook(): boolean {
  return spawnSync('ansible-playbook', ['--version']).status === 0;
}

/** ansible-playbook ARGS, without colour, checking host keys against the lab's known_hosts as lvsplay does. */
export function ansiblePlaybook(args: string[]): AnsibleRun {
  const r = spawnSync('ansible-playbook', args, {
    encoding: 'utf8',
    env: { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_HOST_KEY_CHECKING: 'True' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
