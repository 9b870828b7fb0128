// find: os.walk's order and depth rules on a listing, then the module on a real folder of this
// machine (facts read by their real commands).
import { expect } from 'chai';
import { mkdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findModule, walkOrder } from '../../../src/modules/builtin/find.js';
import type { WalkEntry } from '../../../src/facts/dir-walk.js';
import { moduleRegistry } from '../../../src/modules/registry.js';
import { removeDir, scratchDir } from '../../helpers/scratch.js';
import { localContext } from '../../helpers/local-module.js';

const entry = (path: string, dirLike: boolean): WalkEntry => ({
  path,
  dirLike,
  rawMode: dirLike ? 0o40755 : 0o100644,
  uid: 0,
  gid: 0,
  owner: 'root',
  group: 'root',
  size: 1,
  inode: 1,
  dev: 1,
  nlink: 1,
  atime: 0,
  mtime: 0,
  ctime: 0,
});

describe('find', () => {
  // find(1) lists depth first in directory order; os.walk gives a folder's files before its folders
  const listing = [entry('/t/d1', true), entry('/t/d1/x', false), entry('/t/d1/d2', true), entry('/t/d1/d2/y', false), entry('/t/a', false)];

  it("walks in os.walk's order: a folder's files, then its folders, then what each holds", () => {
    const { visited, examined } = walkOrder('/t/', listing, undefined);
    expect(visited.map((e) => e.path)).to.deep.equal(['/t/a', '/t/d1', '/t/d1/x', '/t/d1/d2', '/t/d1/d2/y']);
    expect(examined).to.equal(5);
  });

  it('with a depth, deeper entries are counted but neither returned nor walked', () => {
    const { visited, examined } = walkOrder('/t', listing, 1);
    expect(visited.map((e) => e.path)).to.deep.equal(['/t/a', '/t/d1']);
    expect(examined, "d1's entries are looked at, as Ansible counts them").to.equal(4);
  });

  describe('on this machine', () => {
    let dir: string;
    before(() => {
      dir = scratchDir('lvsplay-find-');
      mkdirSync(join(dir, 'sub', '.hid'), { recursive: true });
      writeFileSync(join(dir, 'a.conf'), 'port=80\n');
      writeFileSync(join(dir, 'b.txt'), 'x'.repeat(2048));
      writeFileSync(join(dir, '.dot.conf'), '');
      writeFileSync(join(dir, 'sub', 'c.conf'), 'port=81\n');
      writeFileSync(join(dir, 'sub', '.hid', 'd.conf'), 'port=82\n');
      symlinkSync('sub', join(dir, 'sublink'));
      const old = Date.now() / 1000 - 10 * 86400;
      utimesSync(join(dir, 'b.txt'), old, old);
    });
    after(() => removeDir(dir));

    async function find(args: Record<string, unknown>): Promise<Record<string, unknown>> {
      const checked = moduleRegistry().check(findModule, args);
      expect(checked.problems).to.deep.equal([]);
      const plan = await findModule.plan(checked.args as Parameters<typeof findModule.plan>[0], localContext(dir));
      expect(plan.steps).to.deep.equal([]);
      return plan.data!;
    }
    const paths = (data: Record<string, unknown>): string[] => (data.files as Array<{ path: string }>).map((f) => f.path).sort();

    it("recurses into hidden folders (as Ansible 2.14 does) but returns no hidden names; a link's target is not walked", async () => {
      const data = await find({ paths: dir, patterns: '*.conf', recurse: true });
      expect(paths(data)).to.deep.equal([join(dir, 'a.conf'), join(dir, 'sub', '.hid', 'd.conf'), join(dir, 'sub', 'c.conf')]);
      expect(data.examined).to.equal(8);
    });

    it('age, size, contains and file types', async () => {
      expect(paths(await find({ paths: dir, age: '5d' }))).to.deep.equal([join(dir, 'b.txt')]);
      expect(paths(await find({ paths: dir, size: '2k' }))).to.deep.equal([join(dir, 'b.txt')]);
      expect(paths(await find({ paths: dir, recurse: true, contains: 'port=8[01]' }))).to.deep.equal([join(dir, 'a.conf'), join(dir, 'sub', 'c.conf')]);
      expect(paths(await find({ paths: dir, file_type: 'link' }))).to.deep.equal([join(dir, 'sublink')]);
      expect(paths(await find({ paths: dir, file_type: 'directory', recurse: true, follow: true, hidden: true }))).to.deep.equal([
        join(dir, 'sub'),
        join(dir, 'sub', '.hid'),
        join(dir, 'sublink', '.hid'),
      ]);
    });

    it('returns the fields of each file and its checksum', async () => {
      const data = await find({ paths: dir, patterns: 'a.conf', get_checksum: true });
      const [file] = data.files as Array<Record<string, unknown>>;
      expect(file).to.include({ path: join(dir, 'a.conf'), isreg: true, islnk: false, size: 8, checksum: 'f6f646f13e035c2c329fc95c9e9f2e35749eb556' });
    });
  });
});
