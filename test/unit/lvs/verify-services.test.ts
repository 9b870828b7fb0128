// verify.yaml with lvs_services, run by lvsplay in the day-2 sandbox (plan-site.ts) on the
// directors: every service is compared, and a node with its drain file (drain.yaml,
// keepalived_native) passes at weight 0 in each while another node at weight 0 does not.
// Ansible cannot run lvs_verify (an lvsplay module), but it must load every day-2 playbook.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { hasAnsiblePlaybook } from '../../helpers/ansible-playbook.js';
import { repoPath } from '../../helpers/paths.js';
import { removeDir, scratchDir, writeIn } from '../../helpers/scratch.js';
import { ansibleEnv, day2Inventory } from './day2-sandbox.js';
import { runSandboxed } from './plan-site.js';

const SERVICES = `lvs_services:
  - {vip: 10.77.0.50, fwmark: 80, ports: [80]}
  - {vip: 10.77.0.51, ports: [443], persistence: 600, real_servers: [{address: 10.77.0.22, weight: 2}]}
`;
// ipvsadm -Sn: s2 at weight 0 in both services, s1 at weight 0 in the fwmark service
const TABLE = [
  '-A -f 80 -s lc',
  '-a -f 80 -r 10.77.0.21:0 -g -w 0',
  '-a -f 80 -r 10.77.0.22:0 -g -w 0',
  '-A -t 10.77.0.51:443 -s lc -p 600',
  '-a -t 10.77.0.51:443 -r 10.77.0.22:443 -g -w 0',
];

/** The verify table's rows for the IPVS real servers: "check | found[ | MISMATCH]". */
function realServerRows(stdout: string, host: string): string[] {
  const table = stdout.split(`\n  ${host}:\n`)[1] ?? '';
  return [...table.matchAll(/^ {4}(IPVS .*?real server \S+)\s{2,}(.+?)\s{2,}(.+?)\s*(<- MISMATCH)?$/gm)].map(
    (m) => `${m[1]!} | ${m[3]!}${m[4] ? ' | MISMATCH' : ''}`,
  );
}

describe('verify.yaml with several services and a drained node (lvsplay, day-2 sandbox)', function () {
  this.timeout(120_000);
  let dir = '';
  beforeEach(() => (dir = scratchDir('lvsplay-verify-')));
  afterEach(() => removeDir(dir));

  it('every service is compared; the node with a drain file passes at weight 0, the other is a mismatch', () => {
    const stub = writeIn(dir, 'ipvsadm', `#!/bin/sh\ncase "$*" in *-Sn*) printf '%s\\n' ${TABLE.map((l) => `'${l}'`).join(' ')} ;; esac\n`);
    writeIn(dir, 'drained/10.77.0.22', 'drained by lvsplay (playbooks/drain.yaml)\n');
    const vars = writeIn(dir, 'services.yaml', SERVICES);
    const argv = [process.execPath, repoPath('bin', 'lvsplay.js'), 'run', repoPath('playbooks', 'verify.yaml'), '-i', day2Inventory(dir), '-e', `@${vars}`];
    const res = runSandboxed(dir, [...argv, '--limit', 'd1'], stub);
    expect(res.code, res.stdout + res.stderr).to.equal(2);
    expect(realServerRows(res.stdout, 'd1')).to.deep.equal([
      'IPVS (runtime, keepalived) fwmark 80: real server 10.77.0.21 | dr, weight 0 | MISMATCH',
      'IPVS (runtime, keepalived) fwmark 80: real server 10.77.0.22 | dr, weight 0 (drained)',
      'IPVS (runtime, keepalived) tcp 10.77.0.51:443: real server 10.77.0.22 | dr, weight 0 (drained)',
    ]);
  });

  it('ansible-playbook --syntax-check loads drain, undrain, rolling and verify', function () {
    if (!hasAnsiblePlaybook()) this.skip();
    for (const playbook of ['drain.yaml', 'undrain.yaml', 'rolling.yaml', 'verify.yaml']) {
      const res = spawnSync('ansible-playbook', ['--syntax-check', '-i', day2Inventory(dir), repoPath('playbooks', playbook)], {
        encoding: 'utf8',
        env: { ...process.env, ...ansibleEnv(dir) },
      });
      expect(res.status, `${playbook}: ${res.stdout}${res.stderr}`).to.equal(0);
    }
  });
});
