// The local lab on real namespaces: a real sshd per host, per-host /etc, become users, status,
// and a tear-down that leaves nothing behind. Needs root; skips (with the reason) otherwise, and
// when a lab is already up on the machine (one lab per machine) -- run it beside a running lab with
//   scripts/lab/isolated.sh npx mocha --config .mocharc.json --node-option import=tsx test/e2e/lab/lab.test.ts
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execInHost, labDown, labStatus, labUp, readLabState, setLinkDown, setLinkUp, startSshd, stopSshd, type LabState } from '../../../src/lab/index.js';
import { strictSshOptions } from '../../../src/lab/ssh-probe.js';

function sh(argv: string[], input?: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', input: input ?? '' });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** OpenSSH's own client, strict host key checking against the lab's known_hosts only. */
function ssh(state: LabState, address: string, command: string, options: { user?: string; input?: string } = {}) {
  return sh(
    ['ssh', '-F', '/dev/null', ...strictSshOptions(state.keyPath, state.knownHostsPath, 5), `${options.user ?? 'root'}@${address}`, command],
    options.input,
  );
}

const labNamespaces = (): string[] =>
  sh(['ip', 'netns', 'list'])
    .stdout.split('\n')
    .map((l) => l.split(' ')[0]!)
    .filter((n) => n.startsWith('lvsplay-'));
const labLinks = (): string[] =>
  sh(['ip', '-o', 'link', 'show'])
    .stdout.split('\n')
    .map((l) => (l.split(': ')[1] ?? '').split('@')[0]!)
    .filter((n) => n === 'lvsbr0' || n.startsWith('lvh-'));

describe('lab: namespace hosts with a real sshd (root)', function () {
  this.timeout(300_000);
  const stateDir = mkdtempSync(join(tmpdir(), 'lvsplay-lab-test-'));
  const marker = `lvsplay-lab-test-${process.pid}`;
  let state: LabState;
  let address: (name: string) => string;
  let upMs = 0;

  before(async function () {
    if (process.getuid?.() !== 0) {
      console.log('    (skipped: the lab needs root)');
      this.skip();
    }
    const running = labNamespaces();
    if (running.length) {
      // One lab per machine: never tear down a lab someone else is using.
      console.log(`    (skipped: a lab is already up on this machine: ${running.join(' ')}; run \`lvsplay lab down\` first)`);
      this.skip();
    }
    const t = Date.now();
    state = await labUp({ hosts: 3, directors: 0, client: true, stateDir });
    upMs = Date.now() - t;
    address = (name) => state.hosts.find((h) => h.name === name)!.address;
  });

  after(async () => {
    if (state && labNamespaces().length) await labDown({ stateDir });
    rmSync(stateDir, { recursive: true, force: true });
  });

  // Speed is the bench's to measure (npm run bench); here the figures are printed, not asserted:
  // a timed test fails on a busy machine without anything being wrong.
  it('brings up 3 nodes and a client with the planned addresses', () => {
    console.log(`      lab up (3 nodes + client): ${upMs} ms`);
    expect(state.hosts.map((h) => [h.name, h.role, h.address])).to.deep.equal([
      ['s1', 'node', '10.77.0.21'],
      ['s2', 'node', '10.77.0.22'],
      ['s3', 'node', '10.77.0.23'],
      ['client', 'client', '10.77.0.100'],
    ]);
    expect(labNamespaces().sort()).to.deep.equal(['lvsplay-client', 'lvsplay-s1', 'lvsplay-s2', 'lvsplay-s3']);
  });

  it('writes an inventory with directors and nodes, the lab key and the lab known_hosts (not the client)', () => {
    const ini = readFileSync(state.inventoryPath, 'utf8');
    expect(ini).to.match(/^\[directors\]$/m);
    expect(ini).to.match(/^\[nodes\]\ns1 ansible_host=10\.77\.0\.21\ns2 ansible_host=10\.77\.0\.22\ns3 ansible_host=10\.77\.0\.23$/m);
    expect(ini).to.include(`ansible_ssh_private_key_file=${state.keyPath}`);
    expect(ini).to.include(state.knownHostsPath);
    expect(ini).not.to.include('10.77.0.100');
    const known = readFileSync(state.knownHostsPath, 'utf8');
    for (const n of ['s1', 's2', 's3']) expect(known).to.match(new RegExp(`^${address(n).replace(/\./g, '\\.')} ssh-ed25519 `, 'm'));
  });

  it("answers `ssh root@host hostname` with each host's own name, host key checked strictly", () => {
    for (const n of ['s1', 's2', 's3']) {
      const r = ssh(state, address(n), 'hostname');
      expect(r.stderr).to.equal('');
      expect(r.stdout.trim()).to.equal(n);
    }
    expect(hostname()).not.to.match(/^s[123]$/);
  });

  it('runs `ssh host true` with nothing from a login: a private /root holding only .ssh, no banner, no output', () => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = Date.now();
      const r = ssh(state, address('s1'), 'true');
      times.push(Date.now() - t);
      expect([r.code, r.stdout, r.stderr]).to.deep.equal([0, '', '']);
    }
    times.sort((a, b) => a - b);
    console.log(`      ssh true round trip: median ${times[2]} ms (min ${times[0]}, max ${times[4]})`);
    expect(ssh(state, address('s1'), 'ls -A /root').stdout.split('\n').filter(Boolean)).to.deep.equal(['.ssh']);
  });

  it('gives each host eth0 with its address and a default route via the bridge', async () => {
    const r = await execInHost('s2', ['ip', '-o', 'route', 'show', 'default'], stateDir);
    expect(r.stdout).to.match(/default via 10\.77\.0\.1 dev eth0/);
    const a = await execInHost('s2', ['ip', '-o', '-4', 'addr', 'show', 'dev', 'eth0'], stateDir);
    expect(a.stdout).to.include('10.77.0.22/22');
  });

  it("keeps files written in one host's /etc, /var, /usr, /root, /home and /tmp out of the other hosts and the machine", async () => {
    const files = [
      `/etc/sysctl.d/90-${marker}.conf`,
      `/etc/network/interfaces.d/${marker}`,
      `/var/lib/${marker}`,
      `/usr/local/lib/${marker}`,
      `/root/${marker}`,
      `/home/${marker}`,
      `/tmp/${marker}`,
      `/run/${marker}`,
    ];
    const write = ssh(state, address('s1'), `mkdir -p /etc/network/interfaces.d && for f in ${files.join(' ')}; do echo s1 > "$f"; done`);
    expect(write.code, write.stderr).to.equal(0);
    for (const f of files) {
      expect(ssh(state, address('s1'), `cat ${f}`).stdout, `${f} on s1`).to.equal('s1\n');
      expect((await execInHost('s1', ['cat', f], stateDir)).stdout, `${f} on s1 via nsenter`).to.equal('s1\n');
      expect(ssh(state, address('s2'), `test -e ${f}`).code, `${f} on s2`).to.equal(1);
      expect(existsSync(f), `${f} on the machine`).to.equal(false);
    }
  });

  it('keeps sysctls per host (network namespaces)', async () => {
    const machine = readFileSync('/proc/sys/net/ipv4/conf/all/arp_ignore', 'utf8').trim();
    expect((await execInHost('s1', ['sysctl', '-w', 'net.ipv4.conf.all.arp_ignore=1'], stateDir)).code).to.equal(0);
    expect(ssh(state, address('s1'), 'sysctl -n net.ipv4.conf.all.arp_ignore').stdout.trim()).to.equal('1');
    expect(ssh(state, address('s2'), 'sysctl -n net.ipv4.conf.all.arp_ignore').stdout.trim()).to.equal('0');
    expect(readFileSync('/proc/sys/net/ipv4/conf/all/arp_ignore', 'utf8').trim()).to.equal(machine);
  });

  it('has a user lvsplay with passwordless sudo', () => {
    const r = ssh(state, address('s3'), 'id -un; sudo -n id -u', { user: 'lvsplay' });
    expect(r.stdout, r.stderr).to.equal('lvsplay\n0\n');
  });

  it('has a user lvsplaypw whose sudo needs the password from the lab folder', () => {
    const password = readFileSync(join(stateDir, 'become-password'), 'utf8').trim();
    expect(password.length).to.be.greaterThan(8);
    const noPassword = ssh(state, address('s3'), 'sudo -n id -u', { user: 'lvsplaypw' });
    expect(noPassword.code).not.to.equal(0);
    const wrong = ssh(state, address('s3'), "sudo -S -p '' id -u", { user: 'lvsplaypw', input: 'not-the-password\n' });
    expect(wrong.code).not.to.equal(0);
    const right = ssh(state, address('s3'), "sudo -S -p '' id -u", { user: 'lvsplaypw', input: `${password}\n` });
    expect(right.stdout.trim(), right.stderr).to.equal('0');
  });

  it('reports every managed host up, with a real ssh round trip', async () => {
    const status = await labStatus({ stateDir });
    expect(status.map((h) => [h.name, h.answers, h.sshdRunning])).to.deep.equal([
      ['s1', true, true],
      ['s2', true, true],
      ['s3', true, true],
    ]);
    for (const h of status) expect(h.sshMs).to.be.a('number');
  });

  it('shows a host down after stopSshd, and up again (same files, same key) after startSshd', async () => {
    expect(ssh(state, address('s2'), `echo kept > /etc/${marker}`).code).to.equal(0);
    await stopSshd('s2', stateDir);
    const down = await labStatus({ stateDir });
    expect(down.find((h) => h.name === 's2')).to.include({ answers: false, sshdRunning: false });
    expect(down.filter((h) => h.answers).map((h) => h.name)).to.deep.equal(['s1', 's3']);
    await startSshd('s2', stateDir);
    const up = await labStatus({ stateDir });
    expect(up.every((h) => h.answers)).to.equal(true);
    expect(ssh(state, address('s2'), `cat /etc/${marker}`).stdout).to.equal('kept\n');
  });

  it('shows a host down while its link is down (cable pulled), and up after', async () => {
    await setLinkDown('s3');
    try {
      const down = await labStatus({ stateDir });
      expect(down.find((h) => h.name === 's3')).to.include({ answers: false, sshdRunning: true });
    } finally {
      await setLinkUp('s3');
    }
    // The bridge port may take a moment to forward again.
    for (let i = 0; i < 50 && ssh(state, address('s3'), 'true').code !== 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(ssh(state, address('s3'), 'hostname').stdout.trim()).to.equal('s3');
  });

  it('keeps a running lab when `lab up` asks for the same layout again', async () => {
    const pids = state.hosts.map((h) => h.sshdPid);
    const again = await labUp({ hosts: 3, directors: 0, client: true, stateDir });
    expect(again.hosts.map((h) => h.name)).to.deep.equal(state.hosts.map((h) => h.name));
    // s2 was restarted above: compare with what state.json says now.
    expect(again.hosts.filter((h) => h.name !== 's2').map((h) => h.sshdPid)).to.deep.equal(pids.filter((_, i) => state.hosts[i]!.name !== 's2'));
  });

  it('tears down every namespace, veth, the bridge, the sshds and their mounts', async () => {
    const sshdPids = (readLabState(stateDir)?.hosts ?? []).map((h) => h.sshdPid).filter((p): p is number => p !== undefined);
    expect(sshdPids).to.have.length(3);
    await labDown({ stateDir });
    expect(labNamespaces()).to.deep.equal([]);
    expect(labLinks()).to.deep.equal([]);
    // (pgrep would also see the sshds of a lab outside scripts/lab/isolated.sh: check ours by PID.)
    expect(sshdPids.filter((pid) => existsSync(`/proc/${pid}`))).to.deep.equal([]);
    // No process anywhere still holds one of this lab's mounts (they die with their namespaces).
    const mounts = sh(['sh', '-c', `grep -l ${JSON.stringify(stateDir)} /proc/[0-9]*/mountinfo 2>/dev/null || true`]).stdout.trim();
    expect(mounts).to.equal('');
    expect(existsSync(join(stateDir, 'inventory.ini'))).to.equal(false);
    expect(existsSync(join(stateDir, 'state.json'))).to.equal(false);
    // Down twice is fine.
    await labDown({ stateDir });
  });
});
