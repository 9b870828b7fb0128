// lvsplay over real SSH against the namespace lab: convergence on 5 hosts, idempotence,
// --check touching nothing, unreachable hosts, host keys, become, literal values.
import { expect } from 'chai';
import { writeFileSync, readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { runCli, runJson, totalChanged } from '../../helpers/cli.js';
import { fixturePath } from '../../helpers/paths.js';
import { canRunLab, ensureLab, hostFile, snapshotHosts, tearDownLab } from '../../helpers/lab.js';
import { execInHost, labStatus, startSshd, stopSshd, type LabState } from '../../../src/lab/index.js';

const project = (f: string): string => fixturePath('projects', 'lab', f);

describe('lvsplay over SSH on the lab', function () {
  this.timeout(300_000);
  let lab: LabState;
  before(async function () {
    const why = canRunLab();
    if (why) this.skip();
    const t = Date.now();
    lab = await ensureLab(5, 0);
    console.log(`      lab with 5 nodes up in ${Date.now() - t} ms`);
  });
  after(async () => {
    if (!canRunLab()) await tearDownLab();
  });

  const inventory = (): string => lab.inventoryPath;

  it('lab status shows every host answering SSH', async () => {
    const status = await labStatus();
    expect(status.map((s) => s.name)).to.deep.equal(['s1', 's2', 's3', 's4', 's5']);
    expect(status.every((s) => s.answers)).to.equal(true);
  });

  it('--check on fresh hosts changes no file on any host', async () => {
    const before = snapshotHosts(lab);
    const res = await runJson(['run', project('converge.yaml'), '-i', inventory(), '--check']);
    expect(res.code, res.stderr).to.equal(0);
    expect(totalChanged(res.report)).to.be.greaterThan(0);
    expect(snapshotHosts(lab)).to.deep.equal(before);
  });

  it('converges 5 hosts, each in its own /etc, then a rerun changes nothing', async () => {
    const first = await runJson(['run', project('converge.yaml'), '-i', inventory()]);
    expect(first.code, first.stderr).to.equal(0);
    for (const h of ['s1', 's2', 's3', 's4', 's5']) expect(first.report.stats[h]!.changed).to.be.greaterThan(3);
    expect(hostFile(lab, 's3', '/etc/lvsplay-e2e/app.conf')).to.equal('port=8080\n');
    expect(hostFile(lab, 's2', '/etc/lvsplay-e2e/motd')).to.equal('s2 (10.77.0.22 on eth0)\n');
    const sysctl = await execInHost('s4', ['sysctl', '-n', 'net.ipv4.conf.all.arp_announce']);
    expect(sysctl.stdout.trim()).to.equal('2');
    const second = await runJson(['run', project('converge.yaml'), '-i', inventory()]);
    expect(second.code).to.equal(0);
    expect(totalChanged(second.report), JSON.stringify(second.report.stats)).to.equal(0);
  });

  it('a host whose sshd is stopped is unreachable (exit 4) while the others complete', async () => {
    await stopSshd('s3');
    try {
      const res = await runJson(['run', project('ping.yaml'), '-i', inventory(), '--timeout', '3']);
      expect(res.code).to.equal(4);
      expect(res.report.stats.s3!.unreachable).to.equal(1);
      for (const h of ['s1', 's2', 's4', 's5']) expect(res.report.stats[h]!.failed + res.report.stats[h]!.unreachable, h).to.equal(0);
      expect(hostFile(lab, 's5', '/etc/lvsplay-marker')).to.equal('reached\n');
      expect(hostFile(lab, 's3', '/etc/lvsplay-marker')).to.equal(undefined);
    } finally {
      await startSshd('s3');
    }
  });

  it('refuses a changed host key and an unknown host, running nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lvsplay-kh-'));
    const otherKey = join(dir, 'other');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', otherKey]);
    const fake = readFileSync(`${otherKey}.pub`, 'utf8').trim().split(' ');
    const changed = join(dir, 'changed');
    writeFileSync(
      changed,
      readFileSync(lab.knownHostsPath, 'utf8')
        .split('\n')
        .map((l) => (l.startsWith('10.77.0.21 ') ? `10.77.0.21 ${fake[0]} ${fake[1]}` : l))
        .join('\n'),
    );
    const res = await runCli(['run', project('ping.yaml'), '-i', inventory(), '-l', 's1', '-e', `lvsplay_known_hosts=${changed}`, '-e', '{"marker": 1}']);
    expect(res.code).to.equal(4);
    expect(res.stdout).to.include('HAS CHANGED');
    const empty = join(dir, 'empty');
    writeFileSync(empty, '');
    const res2 = await runCli(['run', project('ping.yaml'), '-i', inventory(), '-l', 's1', '-e', `lvsplay_known_hosts=${empty}`]);
    expect(res2.code).to.equal(4);
    expect(res2.stdout).to.include('not found in');
    const off = await runCli(['run', project('ping.yaml'), '-i', inventory(), '-l', 's2', '-e', `lvsplay_known_hosts=${empty}`], {
      env: { LVSPLAY_HOST_KEY_CHECKING: 'false' },
    });
    expect(off.code, off.stdout).to.equal(0);
  });

  it('become: sudo without a password, with one (-K), and a wrong one fails cleanly', async () => {
    const nopw = await runJson(['run', project('become.yaml'), '-i', inventory(), '-l', 's1', '-u', 'lvsplay', '-b']);
    expect(nopw.code, JSON.stringify(nopw.report.plays[0]?.tasks)).to.equal(0);
    const password = readFileSync(join(lab.stateDir, 'become-password'), 'utf8').trim();
    const withPw = await runJson(['run', project('become.yaml'), '-i', inventory(), '-l', 's1', '-u', 'lvsplaypw', '-b', '-K'], { input: `${password}\n` });
    expect(withPw.code, JSON.stringify(withPw.report.plays[0]?.tasks)).to.equal(0);
    const wrong = await runCli(['run', project('become.yaml'), '-i', inventory(), '-l', 's1', '-u', 'lvsplaypw', '-b', '-K', '-vvv'], {
      input: 'not-the-password-xyzzy\n',
    });
    expect(wrong.code).to.equal(2);
    expect(wrong.stdout + wrong.stderr).to.not.include('not-the-password-xyzzy');
    const noPwGiven = await runCli(['run', project('become.yaml'), '-i', inventory(), '-l', 's1', '-u', 'lvsplaypw', '-b'], { timeoutMs: 30_000 });
    expect(noPwGiven.code, 'sudo that needs a password fails instead of hanging').to.equal(2);
  });

  it('writes values with shell metacharacters literally; nothing in them runs', async () => {
    const evil = `$(touch /tmp/pwned-1) \`touch /tmp/pwned-2\`; touch /tmp/pwned-3 && echo "q" 'single' \\ | > < * ? ~ #`;
    const evilWord = '$(touch${IFS}/tmp/pwned-4)`id`;x';
    const res = await runJson(['run', project('literal.yaml'), '-i', inventory(), '-l', 's2', '-e', JSON.stringify({ evil, evil_word: evilWord })]);
    expect(res.code, JSON.stringify(res.report.plays[0]?.tasks.map((t) => t.hosts))).to.equal(0);
    expect(hostFile(lab, 's2', '/etc/lvsplay-literal.conf')).to.equal(`${evil}\n`);
    expect(hostFile(lab, 's2', '/etc/lvsplay-literal-lines.conf')).to.equal(`value=${evil}\n`);
    expect(hostFile(lab, 's2', '/etc/sysctl.d/91-lvsplay-literal.conf')).to.include(`kernel.domainname=${evilWord}`);
    const pwned = await execInHost('s2', ['sh', '-c', 'ls /tmp/pwned-* 2>/dev/null | wc -l']);
    expect(pwned.stdout.trim()).to.equal('0');
  });
});
