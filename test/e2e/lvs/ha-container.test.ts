// The keepalived_container variant of the ha role. No Docker engine runs on these machines, so
// it is tested by what can be: the rendered unit (the tutorial's, with KEEPALIVED_INTERFACE,
// KEEPALIVED_UNICAST_PEERS and KEEPALIVED_VIRTUAL_IPS filled in), `systemd-analyze verify` on
// it, and the systemctl calls planned in --check.
import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../helpers/cli.js';
import { canRunLab, ensureLab, hostFile, tearDownLab } from '../../helpers/lab.js';
import { verifyUnit } from '../../helpers/systemd-analyze.js';
import { repoPath } from '../../helpers/paths.js';
import type { LabState } from '../../../src/lab/index.js';

const UNIT = '/etc/systemd/system/docker-swarm-keepalived.service';

describe('ha role, keepalived as a Docker container under systemd', function () {
  this.timeout(300_000);
  let lab: LabState;
  let inventory: string;
  let playbook: string;
  let render: string;
  before(async function () {
    if (canRunLab()) this.skip();
    lab = await ensureLab(3, 0);
    // Two lab nodes play the directors here: the container variant needs no IPVS kernel.
    const dir = mkdtempSync(join(tmpdir(), 'lvsplay-ha-'));
    inventory = join(dir, 'inventory.ini');
    writeFileSync(
      inventory,
      [
        '[directors]',
        's1 ansible_host=10.77.0.21 lvs_vrrp_priority=150',
        's2 ansible_host=10.77.0.22',
        '[all:vars]',
        'ansible_user=root',
        `ansible_ssh_private_key_file=${lab.keyPath}`,
        `lvsplay_known_hosts=${lab.knownHostsPath}`,
        'lvs_vip=10.77.0.50',
        'lvs_ha=keepalived_container',
        '',
      ].join('\n'),
    );
    playbook = join(dir, 'ha.yaml');
    writeFileSync(playbook, '- hosts: directors\n  roles: [ha]\n');
    // Rendering for real without starting anything: the role's own template and defaults.
    render = join(dir, 'render.yaml');
    writeFileSync(
      render,
      [
        '- hosts: directors',
        '  roles: [{ role: ha, tags: [never] }]',
        '  tasks:',
        `    - template: { src: ${repoPath('roles', 'ha', 'templates', 'docker-swarm-keepalived.service.j2')}, dest: "{{ lvs_keepalived_unit }}", mode: "0644" }`,
        '',
      ].join('\n'),
    );
  });
  after(async () => {
    if (!canRunLab()) await tearDownLab();
  });

  it('--check shows the unit and plans daemon-reload, enable and start', async () => {
    const res = await runCli(['run', playbook, '-i', inventory, '--check', '--diff', '-v']);
    expect(res.code, res.stdout.slice(-2000)).to.equal(0);
    expect(res.stdout).to.include(`+++ after: ${UNIT}`);
    expect(res.stdout).to.include('[s1] systemctl daemon-reload (would run)');
    expect(res.stdout).to.include('[s1] systemctl enable docker-swarm-keepalived.service (would run)');
    expect(res.stdout).to.include('[s1] systemctl start docker-swarm-keepalived.service (would run)');
    expect(hostFile(lab, 's1', UNIT)).to.equal(undefined);
  });

  it('renders the tutorial unit with the LAN interface, both peers and the VIP; systemd-analyze verify accepts it', async () => {
    const res = await runCli(['run', render, '-i', inventory]);
    expect(res.code, res.stdout.slice(-2000)).to.equal(0);
    const unit = hostFile(lab, 's1', UNIT);
    expect(unit).to.be.a('string');
    expect(unit).to.include('Restart=always');
    expect(unit).to.include('RestartSec=10');
    expect(unit).to.include('Requires=docker.service');
    expect(unit).to.include('ExecStartPre=/usr/bin/docker pull osixia/keepalived:2.0.20');
    expect(unit).to.include('-e KEEPALIVED_INTERFACE=eth0');
    expect(unit).to.include(`"KEEPALIVED_UNICAST_PEERS=#PYTHON2BASH:['10.77.0.21','10.77.0.22']"`);
    expect(unit).to.include('-e KEEPALIVED_VIRTUAL_IPS=10.77.0.50');
    expect(unit).to.include('-e KEEPALIVED_PRIORITY=150');
    expect(hostFile(lab, 's2', UNIT)).to.include('-e KEEPALIVED_PRIORITY=100');
    const verdict = verifyUnit(unit!, UNIT);
    expect(verdict.code, verdict.output).to.equal(0);
    expect(verdict.output, 'systemd-analyze printed warnings').to.equal('');
  });

  it('systemd-analyze verify would catch a broken unit (the check can fail)', () => {
    const verdict = verifyUnit('[Service]\nRestart=sometimes\nExecStart=/usr/bin/nothere\n', '/etc/systemd/system/broken.service');
    expect(verdict.output).to.match(/restart specifier|not executable|No such file/);
  });
});
