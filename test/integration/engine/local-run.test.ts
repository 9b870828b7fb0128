// Real playbooks over the local connection in a scratch folder: first run changes, second run
// changes nothing, --check on a fresh target writes nothing, --diff shows the change, handlers
// fire once, tags and --limit select what they should.
import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, runJson, totalChanged } from '../../helpers/cli.js';
import { fixturePath } from '../../helpers/paths.js';
import { removeDir, scratchDir, snapshotTree } from '../../helpers/scratch.js';

const project = fixturePath('projects', 'local');
const playbook = join(project, 'site.yaml');
const inventory = join(project, 'inventory.ini');

describe('lvsplay run over the local connection', function () {
  this.timeout(60_000);
  let scratch: string;
  beforeEach(() => (scratch = scratchDir()));
  afterEach(() => removeDir(scratch));

  const run = (...extra: string[]): ReturnType<typeof runJson> => runJson(['run', playbook, '-i', inventory, '-e', `scratch=${scratch}`, ...extra]);

  it('converges, then a second run changes nothing', async () => {
    const first = await run();
    expect(first.code, first.stderr).to.equal(0);
    expect(first.report.stats.alpha!.changed).to.be.greaterThan(3);
    expect(first.report.stats.beta!.failed).to.equal(0);
    const conf = readFileSync(join(scratch, 'alpha', 'app.conf'), 'utf8');
    expect(conf).to.equal('port=8080\n# a comment the user keeps\n');
    expect(readFileSync(join(scratch, 'alpha', 'limits.conf'), 'utf8')).to.equal('workers=4\n');
    expect(readFileSync(join(scratch, 'alpha', 'motd'), 'utf8')).to.equal('Welcome to alpha (hello)\nPort: 8080\n- gzip\n- http2\n');
    const second = await run();
    expect(second.code, second.stderr).to.equal(0);
    expect(totalChanged(second.report), JSON.stringify(second.report.stats)).to.equal(0);
  });

  it('runs a notified handler once per host, however many tasks notified it', async () => {
    await run();
    expect(readFileSync(join(scratch, 'alpha', 'handler-runs'), 'utf8')).to.equal('ran\n');
    expect(readFileSync(join(scratch, 'beta', 'handler-runs'), 'utf8')).to.equal('ran\n');
    await run();
    expect(readFileSync(join(scratch, 'alpha', 'handler-runs'), 'utf8'), 'no change, no handler').to.equal('ran\n');
  });

  it('--check on a fresh target writes nothing and reports what would change', async () => {
    const before = snapshotTree(scratch);
    const checked = await run('--check');
    expect(checked.code, checked.stderr).to.equal(0);
    expect(snapshotTree(scratch)).to.deep.equal(before);
    expect(checked.report.stats.alpha!.changed).to.be.greaterThan(0);
  });

  it('--diff shows the before and after of managed content', async () => {
    await run();
    const res = await runCli([
      'run',
      playbook,
      '-i',
      inventory,
      '-e',
      `scratch=${scratch}`,
      '-e',
      '{"listen_port": 9090}',
      '--diff',
      '--tags',
      'config',
      '--limit',
      'alpha',
    ]);
    expect(res.code, res.stderr).to.equal(0);
    expect(res.stdout).to.include('-port=8080');
    expect(res.stdout).to.include('+port=9090');
  });

  it('--limit and --tags select hosts and tasks', async () => {
    const res = await run('--limit', 'beta', '--tags', 'setup');
    expect(res.code, res.stderr).to.equal(0);
    expect(Object.keys(res.report.stats)).to.deep.equal(['beta']);
    expect(existsSync(join(scratch, 'beta'))).to.equal(true);
    expect(existsSync(join(scratch, 'alpha'))).to.equal(false);
    expect(existsSync(join(scratch, 'beta', 'app.conf')), 'untagged task skipped').to.equal(false);
    const taskNames = res.report.plays[0]!.tasks.map((t) => t.task.name);
    expect(taskNames).to.deep.equal(['Host folder']);
  });

  it('--skip-tags leaves the tagged tasks out', async () => {
    const res = await run('--skip-tags', 'config,flags');
    expect(res.code, res.stderr).to.equal(0);
    expect(existsSync(join(scratch, 'alpha', 'motd'))).to.equal(true);
    expect(existsSync(join(scratch, 'alpha', 'app.conf'))).to.equal(false);
  });
});
