// The tutorial's second setup (playbooks/keepalived-swarm.yaml): keepalived containers on the
// swarm nodes with the nodes as unicast peers, the VIP on one node's LAN interface, no director
// and no lo:0. Planned here with --check --diff over the local connection (nothing is written),
// for three nodes; test/e2e/lvs/keepalived-swarm-proof.ts runs it on the lab's systemd/Docker hosts.
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../helpers/cli.js';
import { repoPath } from '../../helpers/paths.js';
import { removeDir, scratchDir, writeIn } from '../../helpers/scratch.js';

const UNIT = '/etc/systemd/system/docker-swarm-keepalived.service';

describe('playbooks/keepalived-swarm.yaml: keepalived containers on the swarm nodes (planned with --check)', function () {
  this.timeout(60_000);
  let dir = '';
  beforeEach(() => (dir = scratchDir()));
  afterEach(() => removeDir(dir));

  it('plans the unit on every node with the nodes as its peers, and nothing of a director or of lo:0', async () => {
    const hosts = ['s1 ansible_host=10.77.0.21', 's2 ansible_host=10.77.0.22', 's3 ansible_host=10.77.0.23'];
    writeIn(
      dir,
      'inventory.ini',
      `[nodes]\n${hosts.map((h) => `${h} ansible_connection=local`).join('\n')}\n[all:vars]\nlvs_vip=10.77.0.50\nlvs_interface=eth0\n`,
    );
    const res = await runCli(['run', repoPath('playbooks', 'keepalived-swarm.yaml'), '-i', join(dir, 'inventory.ini'), '--check', '--diff', '-v'], {
      cwd: dir,
      timeoutMs: 60_000,
    });
    expect(res.code, res.stdout.slice(-3000) + res.stderr).to.equal(0);
    expect(res.stdout.split(`+++ after: ${UNIT}`).length - 1, 'one unit per node').to.equal(3);
    expect(res.stdout).to.include(`"KEEPALIVED_UNICAST_PEERS=#PYTHON2BASH:['10.77.0.21','10.77.0.22','10.77.0.23']"`);
    expect(res.stdout).to.include(' --net=host ');
    expect(res.stdout).to.include(' -e KEEPALIVED_VIRTUAL_IPS=10.77.0.50 ');
    for (const h of ['s1', 's2', 's3']) expect(res.stdout).to.include(`[${h}] systemctl enable docker-swarm-keepalived.service (would run)`);
    // no director (IPVS, mark rule) and no node role (VIP on lo:0 without ARP)
    expect(res.stdout).to.not.match(/lo:0|ipvsadm|fwmark|arp_ignore|TASK \[(director|node) :/);
    expect(existsSync(UNIT), '--check wrote nothing').to.equal(false);
  });
});
