// find, assemble, unarchive, get_url and uri on lab hosts over SSH, side by side with
// ansible-playbook 2.14 on the same hosts and playbook (test/fixtures/projects/modules-a): the
// same recap, the same files and the same registered values (results.json, byte for byte); a
// second run changes nothing and --check touches nothing, for both tools alike.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from '../../helpers/paths.js';
import { hostDir } from '../../helpers/lab.js';
import { describeSideBySideOnLab } from '../../helpers/side-by-side-lab.js';

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

describeSideBySideOnLab('find, assemble, unarchive, get_url and uri on the lab, compared with ansible-playbook 2.14', {
  site: fixturePath('projects', 'modules-a', 'site.yaml'),
  base: BASE,
  hosts: HOSTS,
  files: ['results.json', 'keepalived.conf'],
  prepare(lab) {
    makeExporterArchive();
    // what get_url downloads, from the node's own web server on its loopback (src/lab/web-server.ts)
    for (const host of HOSTS) writeFileSync(join(hostDir(lab, host), 'www', 'e2e-payload.txt'), 'lvsplay e2e payload\n');
  },
});
