// unarchive: plans applied on this machine with /bin/sh and its GNU tar: an archive from the
// controller and one on the "host", unpacked once (a second plan has nothing to do), tar --diff's
// lines read by Ansible's rules.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unarchiveModule } from '../../../src/modules/builtin/unarchive.js';
import { preparedDiff, unpackedDifferences } from '../../../src/modules/lib/unarchive-handlers.js';
import type { Plan } from '../../../src/modules/types.js';
import { removeDir, scratchDir } from '../../helpers/scratch.js';
import { serveFiles, type ServedFiles } from '../../helpers/serve-files.js';
import { applyPlan, convergeLocally, localContext, type ReadWatcher } from '../../helpers/local-module.js';
import { moduleRegistry } from '../../../src/modules/registry.js';

describe('unarchive', () => {
  it('reads tar --diff as Ansible does: owner differences count for root only, mode ones only when no mode is asked for', () => {
    const diff = ['a: Uid differs', 'b: Mode differs', 'tar: c: Warning: Cannot stat: No such file or directory', 'd: Contents differ'];
    expect(unpackedDifferences(diff, true, {})).to.deep.equal(diff.slice(0, 3));
    expect(unpackedDifferences(diff, false, { mode: '0644' })).to.deep.equal([diff[2]]);
  });

  it("writes the zip handler's differences as Ansible's itemized lines, in the archive's order", () => {
    const files = ['app/', 'app/VERSION', 'app/bin/', 'app/bin/run'];
    const differences = [
      'app/bin/run: missing',
      'app/VERSION: size differs',
      'app/VERSION: content differs',
      'app/VERSION: mtime differs',
      'app/: type differs',
    ];
    expect(preparedDiff(files, differences)).to.equal('cd++++++.?? app/\n.fcst....?? app/VERSION\n>f++++++.?? app/bin/run\n');
    expect(preparedDiff(files, [])).to.equal('');
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

    describe('a zip', () => {
      beforeEach(() => {
        // zip stores mtimes to 2 s: whole even seconds, so the archive and the disk agree
        for (const f of ['app/VERSION', 'app/bin/run']) utimesSync(join(dir, 'src', f), 1_700_000_000, 1_700_000_000);
        expect(spawnSync('zip', ['-qr', join(dir, 'files', 'app.zip'), 'app'], { cwd: join(dir, 'src') }).status).to.equal(0);
      });
      const plan = async (args: Record<string, unknown>): Promise<Plan> => {
        const checked = moduleRegistry().check(unarchiveModule, args);
        expect(checked.problems).to.deep.equal([]);
        return unarchiveModule.plan(structuredClone(checked.args) as never, localContext(join(dir, 'files')));
      };

      it('is unpacked from the controller with unzip, once; its plan is what check mode reports', async () => {
        const first = await convergeLocally(unarchiveModule, { src: 'app.zip', dest: join(dir, 'dest'), list_files: true }, join(dir, 'files'));
        expect(first.steps.map((s) => s.describe)).to.deep.equal([`unpack app.zip into ${join(dir, 'dest')}`]);
        expect(first.checkModeUnsupported).to.equal(undefined);
        expect(first.data).to.include({ handler: 'ZipArchive' });
        expect(first.data!['files']).to.deep.equal(['app/', 'app/VERSION', 'app/bin/', 'app/bin/run']);
        expect(readFileSync(join(dir, 'dest', 'app', 'VERSION'), 'utf8')).to.equal('v1\n');
        expect(statSync(join(dir, 'dest', 'app', 'bin', 'run')).mode & 0o777).to.equal(0o755);
      });

      it('is unpacked again when a file on disk differs in content, mode or mtime, and not when only a newer file differs with keep_newer', async () => {
        const dest = join(dir, 'dest');
        await convergeLocally(unarchiveModule, { src: join(dir, 'files', 'app.zip'), dest, remote_src: true }, join(dir, 'files'));
        const version = join(dest, 'app', 'VERSION');
        writeFileSync(version, 'v2\n');
        utimesSync(version, 1_700_000_000, 1_700_000_000);
        expect((await plan({ src: 'app.zip', dest })).steps).to.have.length(1);
        writeFileSync(version, 'v1\n');
        utimesSync(version, 1_700_000_000, 1_700_000_000);
        expect((await plan({ src: 'app.zip', dest })).steps).to.deep.equal([]);
        utimesSync(version, 1_800_000_000, 1_800_000_000);
        expect((await plan({ src: 'app.zip', dest })).steps).to.have.length(1);
        expect((await plan({ src: 'app.zip', dest, keep_newer: true })).steps).to.deep.equal([]);
        utimesSync(version, 1_700_000_000, 1_700_000_000);
        spawnSync('chmod', ['600', version]);
        expect((await plan({ src: 'app.zip', dest })).steps).to.have.length(1);
        // a mode the task sets itself is compared by chmod, not by unpacking again (app is the
        // top folder of the name, which Ansible sets too)
        const withMode = await plan({ src: 'app.zip', dest, mode: '0600', include: ['app/VERSION'] });
        expect(withMode.steps.map((s) => s.describe)).to.deep.equal([`chmod 0600 ${join(dest, 'app')}`]);
      });

      it('a tar archive is planned as before, and marked as not supporting check mode (as Ansible skips it)', async () => {
        const tar = await plan({ src: 'app.tgz', dest: join(dir, 'dest') });
        expect(tar.checkModeUnsupported).to.match(/does not support check mode when using gtar/);
        expect(applyPlan(tar).failed).to.equal(undefined);
      });
    });

    describe("a URL with remote_src, fetched by the host (a web server on this machine's loopback)", () => {
      let server: ServedFiles;
      beforeEach(async () => {
        expect(spawnSync('zip', ['-qr', join(dir, 'files', 'app.zip'), 'app'], { cwd: join(dir, 'src') }).status).to.equal(0);
        server = await serveFiles(join(dir, 'files'));
      });
      afterEach(() => server.close());
      // the private folders the module makes (mktemp -d): only this test's, whatever else runs on the machine
      const made: string[] = [];
      const watch: ReadWatcher = (command, result) => {
        if (command.startsWith('mktemp -d') && result.exitCode === 0) made.push(result.stdout.trim());
      };
      const left = (): string[] => made.filter((folder) => existsSync(folder));

      it("unpacks a tar.gz and a zip once each, leaves no fetched copy behind, and says Ansible's message for a missing one", async () => {
        const converge = (args: Record<string, unknown>): Promise<Plan> => convergeLocally(unarchiveModule, args, join(dir, 'files'), {}, watch);
        const tgz = await converge({ src: `${server.url}/app.tgz`, dest: join(dir, 'dest'), remote_src: true });
        expect(tgz.steps).to.have.length(1);
        expect(tgz.data).to.include({ handler: 'TgzArchive', src: `${server.url}/app.tgz` });
        expect(readFileSync(join(dir, 'dest', 'app', 'VERSION'), 'utf8')).to.equal('v1\n');
        mkdirSync(join(dir, 'dest2'));
        const zip = await converge({ src: `${server.url}/app.zip?v=1`, dest: join(dir, 'dest2'), remote_src: true });
        expect(zip.data).to.include({ handler: 'ZipArchive' });
        expect(readFileSync(join(dir, 'dest2', 'app', 'VERSION'), 'utf8')).to.equal('v1\n');
        expect(made, 'a private folder per plan (two plans each)').to.have.length(4);
        expect(left(), 'the private folders are removed after the plan and after the step').to.deep.equal([]);
        const missing = moduleRegistry().check(unarchiveModule, { src: `${server.url}/gone.tgz`, dest: join(dir, 'dest'), remote_src: true });
        let error = '';
        await unarchiveModule.plan(missing.args as never, localContext(join(dir, 'files'), {}, watch)).catch((e: Error) => (error = e.message));
        expect(error).to.match(new RegExp(`^Failure downloading ${server.url}/gone.tgz, .*404`));
        expect(made).to.have.length(5);
        expect(left()).to.deep.equal([]);
      });
    });
  });
});
