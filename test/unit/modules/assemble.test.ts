// assemble: Python's escape decoding and Ansible's joining rules, then plans applied on this
// machine with /bin/sh (from a folder on the "host" and from the controller's files): the file
// as Ansible writes it, and a second plan with nothing to do.
import { expect } from 'chai';
import { mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assembleModule, escapeDecode, joinFragments } from '../../../src/modules/builtin/assemble.js';
import type { Plan } from '../../../src/modules/types.js';
import { removeDir, scratchDir } from '../../helpers/scratch.js';
import { convergeLocally } from '../../helpers/local-module.js';

describe('assemble', () => {
  it("decodes a delimiter's escapes as Python's codecs.escape_decode does", () => {
    expect(escapeDecode('a\\tb\\n').toString('latin1')).to.equal('a\tb\n');
    expect([...escapeDecode('\\x41\\101\\q\\\\')]).to.deep.equal([...Buffer.from('AA\\q\\')]);
    expect([...escapeDecode('é\\xe9')]).to.deep.equal([0xc3, 0xa9, 0xe9]);
  });

  it('joins with a newline after a fragment lacking one and the delimiter between fragments only', () => {
    const joined = joinFragments([Buffer.from('a'), Buffer.from('b\n'), Buffer.from('c')], '--');
    expect(joined.toString()).to.equal('a\n--\nb\n--\nc');
    expect(joinFragments([Buffer.from('a\n')], '--').toString()).to.equal('a\n');
  });

  describe('on this machine', () => {
    let dir: string;
    beforeEach(() => {
      dir = scratchDir('lvsplay-assemble-');
      mkdirSync(join(dir, 'frags', 'sub'), { recursive: true });
      writeFileSync(join(dir, 'frags', '20-b'), 'b=2');
      writeFileSync(join(dir, 'frags', '10-a'), 'a=1\n');
      writeFileSync(join(dir, 'frags', '.hidden'), 'h\n');
      symlinkSync('10-a', join(dir, 'frags', '30-again'));
    });
    afterEach(() => removeDir(dir));

    const converge = (args: Record<string, unknown>): Promise<Plan> => convergeLocally(assembleModule, args, dir);

    it('writes the fragments of a folder on the host, then keeps a backup when they change', async () => {
      const dest = join(dir, 'out.conf');
      const first = await converge({ src: join(dir, 'frags'), dest, mode: '0640' });
      expect(first.steps).to.have.length(1);
      expect(readFileSync(dest, 'utf8')).to.equal('h\na=1\nb=2\na=1\n');
      expect((statSync(dest).mode & 0o777).toString(8)).to.equal('640');
      writeFileSync(join(dir, 'frags', '40-c'), 'c=3\n');
      const second = await converge({ src: join(dir, 'frags'), dest, ignore_hidden: true, backup: true });
      expect(readFileSync(dest, 'utf8')).to.equal('a=1\nb=2\na=1\nc=3\n');
      expect(second.data?.backup_file).to.be.a('string');
      expect(readdirSync(dir).filter((f) => f.endsWith('~'))).to.have.length(1);
    });

    it('from the controller (remote_src false), with a diff', async () => {
      const dest = join(dir, 'from-controller.conf');
      const plan = await converge({ src: 'frags', dest, remote_src: false, regexp: '^[0-9]+-[ab]$' });
      expect(readFileSync(dest, 'utf8')).to.equal('a=1\nb=2');
      expect(plan.diff).to.deep.equal([{ label: dest, before: '', after: 'a=1\nb=2' }]);
    });
  });
});
