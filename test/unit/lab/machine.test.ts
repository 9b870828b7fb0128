// `lvsplay lab` says plainly when the machine cannot host the lab: not root, or not Debian.
import { expect } from 'chai';
import { checkLabMachine } from '../../../src/lab/prerequisites.js';
import { removeDir, scratchDir, writeIn } from '../../helpers/scratch.js';

describe('the lab machine check', () => {
  let dir: string;
  before(() => {
    dir = scratchDir('lvsplay-labmachine-');
    writeIn(dir, 'debian_version', '12.9\n');
    writeIn(dir, 'os-release-fedora', 'NAME="Fedora Linux"\nPRETTY_NAME="Fedora Linux 41 (Server Edition)"\n');
  });
  after(() => removeDir(dir));

  it('passes for root on Debian', () => {
    expect(() => checkLabMachine({ uid: 0, debianVersionFile: `${dir}/debian_version`, osRelease: '/nonexistent' })).not.to.throw();
  });

  it('a non-root user is told it needs root on a Debian machine', () => {
    expect(() => checkLabMachine({ uid: 1000, debianVersionFile: `${dir}/debian_version`, osRelease: '/nonexistent' })).to.throw(
      /^lvsplay lab needs root on a Debian machine .*; here it is not root \(uid 1000\)\. Every other command works without it\.$/,
    );
  });

  it('another system is named, root or not', () => {
    expect(() => checkLabMachine({ uid: 0, debianVersionFile: `${dir}/missing`, osRelease: `${dir}/os-release-fedora` })).to.throw(
      /here it is not Debian \(Fedora Linux 41 \(Server Edition\)\)\./,
    );
    expect(() => checkLabMachine({ uid: 7, debianVersionFile: `${dir}/missing`, osRelease: `${dir}/missing` })).to.throw(
      /here it is not root \(uid 7\) and not Debian \(an unknown system\)/,
    );
  });
});
