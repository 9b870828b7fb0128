// find, assemble, unarchive, get_url and uri on lab hosts over SSH, side by side with
// ansible-playbook 2.14 on the same hosts and playbook (test/fixtures/projects/modules-a): the
// same recap, the same files and the same registered values (results.json, byte for byte); a
// second run changes nothing and --check touches nothing, for both tools alike.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../helpers/cli.js';
import { ansiblePlaybook, hasAnsiblePlaybook } from '../../helpers/ansible-playbook.js';
import { recap } from '../../helpers/recap.js';
import { fixturePath } from '../../helpers/paths.js';
import { canRunLab, ensureLab, hostDir, hostFile, snapshotHosts, sshLab, tearDownLab } from '../../helpers/lab.js';
import type { LabState } from '../../../src/lab/index.js';

const site = fixturePath('projects', 'modules-a', 'site.yaml');
const BASE = '/etc/lvsplay-e2e/modules-a';
const HOSTS = ['s1', 's2', 's3'];

/**
 * The archive both tools unpack from the controller (the project's files/exporter-1.2.tgz), made
 * here rather than kept in git: a top folder with a version file, a program and a config,
 * with fixed times and owners so every run makes the same bytes.
 */
function makeExporterArchive(): void {
  const dir = mkdtempSync(join(tmpdir(), 'lvsplay-exporter-'));
  try {
    const top = join(dir, 'exporter-1.2');
    mkdirSync(join(top, 'bin'), { recursive: true });
    mkdirSync(join(top, 'etc'));
    writeFileSync(join(top, 'VERSION'), '1.2\n');
    writeFileSync(join(top, 'bin', 'exporter'), '#!/bin/sh\necho exporter 1.2\n');
    chmodSync(join(top, 'bin', 'exporter'), 0o755);
    writeFileSync(join(top, 'etc', 'exporter.conf'), 'port=9100\n');
    const out = fixturePath('projects', 'modules-a', 'files');
    mkdirSync(out, { recursive: true });
    const tar = spawnSync(
      'tar',
      ['-C', dir, '--sort=name', '--mtime=@1700000000', '--owner=0', '--group=0', '--numeric-owner', '-czf', join(out, 'exporter-1.2.tgz'), 'exporter-1.2'],
      { encoding: 'utf8' },
    );
    expect(tar.status, tar.stderr).to.equal(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('find, assemble, unarchive, get_url and uri on the lab, compared with ansible-playbook 2.14', function () {
  this.timeout(900_000);
  let lab: LabState;

  function ansible(...extra: string[]): { recap: Record<string, string>; output: string } {
    const r = ansiblePlaybook(['-i', lab.inventoryPath, site, '-e', 'tool=ansible', ...extra]);
    expect(r.status, r.stdout + r.stderr).to.equal(0);
    return { recap: recap(r.stdout), output: r.stdout };
  }
  async function lvsplay(...extra: string[]): Promise<{ recap: Record<string, string>; output: string }> {
    const r = await runCli(['run', site, '-i', lab.inventoryPath, '-e', 'tool=lvsplay', ...extra], { timeoutMs: 300_000 });
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    return { recap: recap(r.stdout), output: r.stdout };
  }

  before(async function () {
    if (canRunLab() || !hasAnsiblePlaybook()) this.skip();
    lab = await ensureLab(3, 0);
    makeExporterArchive();
    // each run starts from hosts without the files of an earlier one
    for (const host of HOSTS) {
      await sshLab(lab, host, `rm -rf ${BASE}`);
      // what get_url downloads, from the node's own web server on its loopback (src/lab/web-server.ts)
      writeFileSync(join(hostDir(lab, host), 'www', 'e2e-payload.txt'), 'lvsplay e2e payload\n');
    }
  });
  after(async () => {
    if (!canRunLab()) await tearDownLab();
  });

  it('converges to the same files and registered values, with the same recap', async () => {
    const theirs = ansible();
    const ours = await lvsplay();
    expect(ours.recap).to.deep.equal(theirs.recap);
    for (const host of HOSTS) {
      for (const file of ['results.json', 'keepalived.conf']) {
        const expected = hostFile(lab, host, `${BASE}/ansible/${file}`);
        expect(expected, `${host}: ansible's ${file}`).to.be.a('string');
        expect(hostFile(lab, host, `${BASE}/lvsplay/${file}`), `${host}: ${file}`).to.equal(expected);
      }
    }
  });

  it('changes nothing on a second run', async () => {
    const theirs = ansible();
    const ours = await lvsplay();
    expect(ours.recap).to.deep.equal(theirs.recap);
    for (const host of HOSTS) expect(ours.recap[host], ours.output).to.match(/ changed=0 /);
  });

  it('--check touches nothing and reports as ansible-playbook --check does', async () => {
    const theirs = ansible('--check');
    const before = snapshotHosts(lab);
    const ours = await lvsplay('--check');
    expect(snapshotHosts(lab)).to.deep.equal(before);
    expect(ours.recap).to.deep.equal(theirs.recap);
  });
});
