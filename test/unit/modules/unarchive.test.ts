// unarchive: plans applied on this machine with /bin/sh and its GNU tar: an archive from the
// controller and one on the "host", unpacked once (a second plan has nothing to do), tar --diff's
// lines read by Ansible's rules.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unarchiveModule, unpackedDifferences } from '../../../src/modules/builtin/unarchive.js';
import type { Plan } from '../../../src/modules/types.js';
import { removeDir, scratchDir } from '../../helpers/scratch.js';
import { convergeLocally } from '../../helpers/local-module.js';

describe('unarchive', () => {
  it('reads tar --diff as Ansible does: owner differences count for root only, mode ones only when no mode is asked for', () => {
    const diff = ['a: Uid differs', 'b: Mode differs', 'tar: c: Warning: Cannot stat: No such file or directory', 'd: Contents differ'];
    expect(unpackedDifferences(diff, true, {})).to.deep.equal(diff.slice(0, 3));
    expect(unpackedDifferences(diff, false, { mode: '0644' })).to.deep.equal([diff[2]]);
  });

  describe('on this machine', () => {
    let dir: string;
    beforeEach(() => {
      dir = scratchDir('lvsplay-unarchive-');
      mkdirSync(join(dir, 'src', 'app', 'bin'), { recursive: true });
      writeFileSync(join(dir, 'src', 'app', 'VERSION'), 'v1\n');
      writeFileSync(join(dir, 'src', 'app', 'bin', 'run'), '#!/bin/sh\n', { mode: 0o755 });
      mkdirSync(join(dir, 'files'));
      expect(spawnSync('tar', ['-C', join(dir, 'src'), '-czf', join(dir, 'files', 'app.tgz'), 'app']).status).to.equal(0);
      mkdirSync(join(dir, 'dest'));
    });
    afterEach(() => removeDir(dir));

    const converge = (args: Record<string, unknown>): Promise<Plan> => convergeLocally(unarchiveModule, args, join(dir, 'files'));

    it('unpacks an archive sent from the controller, once', async () => {
      const plan = await converge({ src: 'app.tgz', dest: join(dir, 'dest'), list_files: true });
      expect(plan.steps).to.have.length(1);
      expect(plan.data).to.include({ handler: 'TgzArchive' });
      expect(readFileSync(join(dir, 'dest', 'app', 'VERSION'), 'utf8')).to.equal('v1\n');
      expect(statSync(join(dir, 'dest', 'app', 'bin', 'run')).mode & 0o777).to.equal(0o755);
    });

    it('unpacks an archive on the host with extra options and a mode on every name', async () => {
      await converge({ src: join(dir, 'files', 'app.tgz'), dest: join(dir, 'dest'), remote_src: true, extra_opts: ['--strip-components=1'], mode: '0700' });
      expect(statSync(join(dir, 'dest', 'VERSION')).mode & 0o777).to.equal(0o700);
      expect(statSync(join(dir, 'dest', 'bin')).mode & 0o777).to.equal(0o700);
    });
  });
});
