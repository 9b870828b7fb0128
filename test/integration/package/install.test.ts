// The package as users install it: npm pack (the tree is built already, so no prepack here),
// npm install -g into a scratch prefix (dependencies from the registry), then the installed
// lvsplay runs --help and validates the bundled site.yaml against the bundled example inventory
// as an unprivileged user (nobody; needs root to switch, skipped otherwise).
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { chmodSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoPath } from '../../helpers/paths.js';
import { removeDir, scratchDir } from '../../helpers/scratch.js';
import { EXAMPLE_VAULT_PASSWORD } from '../../helpers/example-vault.js';

describe('the npm package', function () {
  this.timeout(600_000);
  let dir: string;
  before(function () {
    if (process.getuid?.() !== 0) this.skip();
    dir = scratchDir('lvsplay-package-');
    chmodSync(dir, 0o755);
  });
  after(() => dir && removeDir(dir));

  it('installs into a scratch prefix and runs --help and validate as an unprivileged user, with no test files packed', () => {
    execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], { cwd: repoPath(), stdio: 'pipe' });
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
    const listing = execFileSync('tar', ['-tzf', join(dir, tarball)], { encoding: 'utf8' }).split('\n');
    expect(listing).to.include('package/dist/src/cli/main.js');
    expect(listing.filter((f) => f.startsWith('package/dist/test/') || f.startsWith('package/test/'))).to.deep.equal([]);
    const prefix = join(dir, 'prefix');
    execFileSync('npm', ['install', '-g', '--prefix', prefix, join(dir, tarball), '--no-audit', '--no-fund'], { cwd: dir, stdio: 'pipe' });
    execFileSync('chmod', ['-R', 'a+rX', dir]);
    const pw = join(dir, 'vault-pass');
    writeFileSync(pw, EXAMPLE_VAULT_PASSWORD + '\n', { mode: 0o644 });
    const asNobody = (...args: string[]): string =>
      execFileSync('runuser', ['-u', 'nobody', '--', 'env', `HOME=${dir}`, join(prefix, 'bin', 'lvsplay'), ...args], { cwd: dir, encoding: 'utf8' });
    expect(asNobody('--help')).to.match(/^lvsplay: agentless orchestration/);
    const installed = join(prefix, 'lib', 'node_modules', 'lvsplay');
    const validated = asNobody(
      'validate',
      join(installed, 'playbooks', 'site.yaml'),
      '-i',
      join(installed, 'inventory', 'example'),
      '--vault-password-file',
      pw,
    );
    expect(validated).to.match(/site\.yaml: ok \(2 plays, \d+ top-level tasks, 4 hosts\)/);
  });
});
