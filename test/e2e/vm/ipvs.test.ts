// End to end on a real IPVS kernel: the directors' VM (src/lab/vm) on lvsbr0 next to three real
// servers and a client, each a network namespace of this machine (made here; this test does not
// use the namespace lab). Over SSH on d1: VIP on eth0, mangle MARK rule, fwmark virtual service
// with three direct-routing real servers; then 30 HTTP requests from the client to the VIP must be
// answered by every server (curl from the client namespace; busybox httpd on each server), with no reply packets through the director (OutPkts 0).
//   npx mocha --config .mocharc.json --import tsx --timeout 600000 test/e2e/vm/ipvs.test.ts
// Safer next to another lab on the same machine (private network namespace and /run):
//   scripts/lab/isolated.sh npx mocha --config .mocharc.json --import tsx --timeout 600000 test/e2e/vm/ipvs.test.ts
import { expect } from 'chai';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { directorsRunning, prepareVmImage, startDirectors, stopDirectors, tapName, type StartedDirector } from '../../../src/lab/vm/index.js';
import { strictSshOptions } from '../../../src/lab/ssh-probe.js';
import { repoPath } from '../../helpers/paths.js';

const BRIDGE = 'lvsbr0';
const GATEWAY = '10.77.0.1';
const VIP = '10.77.0.50';
const PREFIX = 'lvsvm-';
const SERVERS = [
  { name: 's1', address: '10.77.0.21' },
  { name: 's2', address: '10.77.0.22' },
  { name: 's3', address: '10.77.0.23' },
];
const CLIENT = { name: 'cl', address: '10.77.0.100' };
const DIRECTORS = [
  { name: 'd1', address: '10.77.0.11' },
  { name: 'd2', address: '10.77.0.12' },
];

function sh(script: string, timeoutMs = 30_000): { code: number; stdout: string; stderr: string } {
  const r = spawnSync('bash', ['-euo', 'pipefail', '-c', script], { encoding: 'utf8', timeout: timeoutMs });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function mustSh(script: string, timeoutMs = 30_000): string {
  const r = sh(script, timeoutMs);
  if (r.code !== 0) throw new Error(`failed (${r.code}): ${script}\n${r.stderr}`);
  return r.stdout;
}

/** Run a command in the background and collect its output (async: the event loop keeps going). */
function runAsync(argv: string[], timeoutMs: number): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const c = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const t = setTimeout(() => c.kill('SIGKILL'), timeoutMs);
    c.on('error', reject);
    c.on('close', (code) => {
      clearTimeout(t);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

const ns = (h: { name: string }): string => `${PREFIX}${h.name}`;

describe('IPVS directors in the qemu VM (real IPVS kernel)', function () {
  // Image build (first time), VM boot and SSH under software emulation take minutes on a loaded
  // machine: npm test runs this file with mocha's default 20 s, so the suite sets its own bound.
  this.timeout(600_000);
  let work = '';
  let stateDir = '';
  let createdBridge = false;
  let directors: StartedDirector[] = [];
  const servers: ChildProcess[] = [];
  const timings: Record<string, number> = {};
  let sshBase: string[] = [];

  const ssh = async (
    host: string,
    command: string,
    opts: { mux?: boolean; timeoutMs?: number } = {},
  ): Promise<{ code: number; stdout: string; stderr: string }> => {
    const mux = opts.mux === false ? ['-o', 'ControlMaster=no', '-o', 'ControlPath=none'] : [];
    return runAsync(['ssh', ...sshBase, ...mux, `root@${host}`, command], opts.timeoutMs ?? 30_000);
  };
  const mustSsh = async (host: string, command: string): Promise<string> => {
    const r = await ssh(host, command);
    if (r.code !== 0) throw new Error(`ssh ${host} ${command}: exit ${r.code}: ${r.stderr}`);
    return r.stdout;
  };

  before(async function () {
    if (process.getuid?.() !== 0) this.skip();
    if (!existsSync('/dev/net/tun')) this.skip();
    // (busybox-static's wget segfaults here; curl is the client)
    if (sh('command -v curl').code !== 0) throw new Error('this test needs curl (apt-get install curl)');
    work = mkdtempSync(join(tmpdir(), 'lvsplay-vm-test-'));
    stateDir = join(work, 'state');
    mkdirSync(stateDir);

    // Image first (built once into .cache/lab/vm, reused afterwards).
    let t = Date.now();
    await prepareVmImage({ verbose: true });
    timings.imageMs = Date.now() - t;

    // The bridge, if no lab made it: the machine's side of the lab at 10.77.0.1/24.
    createdBridge = sh(`ip link show ${BRIDGE}`).code !== 0;
    if (createdBridge)
      mustSh(
        `ip link add ${BRIDGE} type bridge && ip addr add ${GATEWAY}/24 dev ${BRIDGE} && ip link set ${BRIDGE} up && echo 0 > /proc/sys/net/ipv4/conf/${BRIDGE}/forwarding`,
      );

    // Real servers and the client: namespaces on the bridge.
    for (const h of [...SERVERS, CLIENT]) {
      mustSh(`
        ip netns add ${ns(h)}
        ip link add ${ns(h)} type veth peer name eth0 netns ${ns(h)}
        ip link set ${ns(h)} master ${BRIDGE} up
        ip -n ${ns(h)} link set lo up
        ip -n ${ns(h)} addr add ${h.address}/24 dev eth0
        ip -n ${ns(h)} link set eth0 up
        ip -n ${ns(h)} route add default via ${GATEWAY}`);
    }
    for (const s of SERVERS) {
      // LVS-DR real server: the VIP on lo, never announced by ARP.
      mustSh(`
        ip -n ${ns(s)} addr add ${VIP}/32 dev lo label lo:0
        ip netns exec ${ns(s)} sysctl -q -w net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2 net.ipv4.conf.eth0.arp_ignore=1 net.ipv4.conf.eth0.arp_announce=2`);
      const www = join(work, `www-${s.name}`);
      mkdirSync(www);
      writeFileSync(join(www, 'index.html'), `${s.name}\n`);
      const p = spawn('ip', ['netns', 'exec', ns(s), 'busybox', 'httpd', '-f', '-p', '80', '-h', www], { stdio: 'ignore' });
      servers.push(p);
    }

    // The VM with both directors.
    const key = join(work, 'id_ed25519');
    mustSh(`ssh-keygen -q -t ed25519 -N '' -C lvsplay-vm-test -f ${key}`);
    t = Date.now();
    directors = await startDirectors({
      stateDir,
      bridge: BRIDGE,
      directors: DIRECTORS,
      gateway: GATEWAY,
      authorizedKey: readFileSync(`${key}.pub`, 'utf8'),
      verbose: true,
    });
    timings.startMs = Date.now() - t;
    const knownHosts = join(work, 'known_hosts');
    writeFileSync(knownHosts, directors.map((d) => d.hostKeyLine).join('\n') + '\n');
    sshBase = [
      '-F',
      '/dev/null',
      ...strictSshOptions(key, knownHosts, 10),
      '-o',
      'ControlMaster=auto',
      '-o',
      `ControlPath=${work}/cm-%h`,
      '-o',
      'ControlPersist=120',
    ];
  });

  after(async function () {
    if (!work) return;
    this.timeout(120_000);
    for (const p of servers) p.kill('SIGKILL');
    // ControlPersist masters: end them before the directors go.
    for (const d of DIRECTORS) spawnSync('ssh', [...sshBase, '-O', 'exit', `root@${d.address}`], { stdio: 'ignore', timeout: 5000 });
    await stopDirectors({ stateDir });
    for (const h of [...SERVERS, CLIENT]) {
      sh(
        `pids=$(ip netns pids ${ns(h)} 2>/dev/null || true); [ -z "$pids" ] || kill -9 $pids; ip netns del ${ns(h)} 2>/dev/null || true; ip link del ${ns(h)} 2>/dev/null || true`,
      );
    }
    if (createdBridge) sh(`ip link del ${BRIDGE}`);
    // Nothing of ours is left: no qemu, no tap, no namespaces, no veths.
    expect(await directorsRunning({ stateDir })).to.equal(false);
    expect(sh(`ip link show ${tapName(stateDir)}`).code, 'tap left').to.not.equal(0);
    const qemus = mustSh('ls /proc')
      .split('\n')
      .filter((p) => /^\d+$/.test(p))
      .filter((p) => {
        try {
          const cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8');
          return cmd.startsWith('qemu-system') && cmd.includes(stateDir);
        } catch {
          return false;
        }
      });
    expect(qemus, 'qemu left').to.deep.equal([]);
    expect(
      mustSh('ip netns list')
        .split('\n')
        .filter((l) => l.startsWith(PREFIX)),
      'namespaces left',
    ).to.deep.equal([]);
    expect(
      mustSh('ip -o link show')
        .split('\n')
        .filter((l) => l.includes(`: ${PREFIX}`)),
      'veths left',
    ).to.deep.equal([]);
    if (createdBridge) expect(sh(`ip link show ${BRIDGE}`).code, 'bridge left').to.not.equal(0);
    rmSync(work, { recursive: true, force: true });
    process.stderr.write(`      timings: ${JSON.stringify(timings)}\n`);
  });

  it('refuses non-lab addresses and stops nothing gracefully', async function () {
    const other = join(work, 'other');
    const base = { stateDir: other, bridge: BRIDGE, gateway: GATEWAY, authorizedKey: readFileSync(join(work, 'id_ed25519.pub'), 'utf8') };
    for (const directors of [
      [{ name: 'd1', address: '192.168.1.100' }],
      [
        { name: 'd1', address: '10.77.0.11' },
        { name: 'd2', address: '10.77.0.11' },
      ],
      [{ name: 'D 1', address: '10.77.0.13' }],
    ]) {
      let failed = false;
      await startDirectors({ ...base, directors }).catch(() => (failed = true));
      expect(failed, JSON.stringify(directors)).to.equal(true);
    }
    // The addresses of a running lab are taken.
    let message = '';
    await startDirectors({ ...base, directors: [{ name: 'd1', address: '10.77.0.11' }] }).catch((e: Error) => (message = e.message));
    expect(message).to.match(/already answer/);
    expect(await directorsRunning({ stateDir: other })).to.equal(false);
    await stopDirectors({ stateDir: other });
  });

  it('starts both directors with fresh host keys, reachable over SSH quickly', async function () {
    expect(directors.map((d) => d.name)).to.deep.equal(['d1', 'd2']);
    for (const d of directors) expect(d.hostKeyLine).to.match(new RegExp(`^${d.address.replace(/\./g, '\\.')} ssh-ed25519 AAAA\\S+$`));
    expect(await directorsRunning({ stateDir })).to.equal(true);
    // A fresh connection each time (no multiplexing): handshake + login + exec.
    const fresh: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = Date.now();
      const r = await ssh('10.77.0.11', 'true', { mux: false });
      expect(r.code, r.stderr).to.equal(0);
      fresh.push(Date.now() - t);
    }
    // Exec round trips over one multiplexed connection (what the tool does per task).
    await mustSsh('10.77.0.11', 'true');
    const mux: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = Date.now();
      await mustSsh('10.77.0.11', 'true');
      mux.push(Date.now() - t);
    }
    timings.sshConnectMs = Math.min(...fresh);
    timings.execRoundTripMs = Math.min(...mux);
    process.stderr.write(`      ssh fresh connection ${fresh.join('/')} ms; exec over a multiplexed connection ${mux.join('/')} ms\n`);
    expect(timings.execRoundTripMs).to.be.below(500);
  });

  it('gives each director its own /etc, hostname, network namespace and tools', async function () {
    expect((await mustSsh('10.77.0.11', 'hostname; cat /etc/hostname')).trim().split('\n')).to.deep.equal(['d1', 'd1']);
    expect((await mustSsh('10.77.0.12', 'hostname')).trim()).to.equal('d2');
    await mustSsh('10.77.0.11', 'echo mine > /etc/lvsplay-vm-test; mkdir -p /etc/keepalived; sync');
    expect((await ssh('10.77.0.12', 'cat /etc/lvsplay-vm-test')).code).to.not.equal(0);
    const tools = [
      'ipvsadm',
      'ipvsadm-save',
      'ipvsadm-restore',
      'iptables',
      'iptables-restore',
      'iptables-save',
      'ip',
      'sysctl',
      'sh',
      'bash',
      'cat',
      'mktemp',
      'base64',
      'stat',
      'mv',
      'sync',
      'dpkg-query',
      'keepalived',
      'ping',
      'sha256sum',
      'modprobe',
    ];
    const out = await mustSsh(
      '10.77.0.11',
      `for t in ${tools.join(' ')}; do command -v $t >/dev/null || echo "missing $t"; done; dpkg-query -W -f '\${Package} \${Status}\\n' ipvsadm iptables keepalived; keepalived -v 2>&1 | head -n1; iptables -V`,
    );
    expect(out).to.not.include('missing');
    expect(out).to.match(/ipvsadm install ok installed/);
    expect(out).to.match(/Keepalived v2/);
    expect(out).to.match(/nf_tables/);
    // The director's own network: eth0 with its address, default route via the gateway.
    const net = await mustSsh('10.77.0.12', 'ip -4 -o addr show dev eth0; ip route show default; ping -c1 -W2 10.77.0.11 >/dev/null && echo ping-ok');
    expect(net).to.include('10.77.0.12/22').and.include(`default via ${GATEWAY}`).and.include('ping-ok');
  });

  it('balances HTTP over the three real servers by fwmark with direct routing (OutPkts 0)', async function () {
    const d1 = '10.77.0.11';
    // The table is set up through lvsplay itself (command module over SSH), as a user would.
    const inventory = join(work, 'inventory.ini');
    writeFileSync(
      inventory,
      `[directors]\nd1 ansible_host=${d1}\n[all:vars]\nansible_user=root\nansible_ssh_private_key_file=${join(work, 'id_ed25519')}\nlvsplay_known_hosts=${join(work, 'known_hosts')}\n`,
    );
    const playbook = join(work, 'ipvs-by-hand.yaml');
    const commands = [
      `ip addr add ${VIP}/32 dev eth0`,
      `iptables -t mangle -A PREROUTING -d ${VIP} -p tcp --dport 80 -j MARK --set-mark 80`,
      'ipvsadm -A -f 80 -s rr',
      ...SERVERS.map((s) => `ipvsadm -a -f 80 -r ${s.address} -g`),
    ];
    writeFileSync(
      playbook,
      [
        '- hosts: directors',
        '  gather_facts: false',
        '  tasks:',
        ...commands.map((c) => `    - command: ${c}`),
        '    - command: ipvsadm -Sn',
        '      register: table',
        '      changed_when: false',
        '    - debug: { var: table.stdout }',
        '',
      ].join('\n'),
    );
    const run = spawnSync(process.execPath, [repoPath('bin', 'lvsplay.js'), 'run', playbook, '-i', inventory, '--output', 'json'], {
      encoding: 'utf8',
      env: { ...process.env, CI: '1' },
    });
    expect(run.status, run.stdout + run.stderr).to.equal(0);
    const report = JSON.parse(run.stdout) as { plays: Array<{ tasks: Array<{ hosts: Record<string, { result: Record<string, unknown> }> }> }> };
    const table = String(report.plays[0]!.tasks.at(-2)!.hosts.d1!.result.stdout);
    expect(table).to.include('-A -f 80 -s rr');
    for (const s of SERVERS) expect(table).to.include(`-a -f 80 -r ${s.address}:0 -g -w 1`);
    expect(await mustSsh(d1, `iptables -t mangle -C PREROUTING -d ${VIP} -p tcp --dport 80 -j MARK --set-mark 80 && echo rule-ok`)).to.include('rule-ok');
    // d2 has its own (empty) IPVS table: per-namespace.
    expect((await mustSsh('10.77.0.12', 'ipvsadm -Sn')).trim()).to.equal('');

    const t = Date.now();
    const r = await runAsync(
      ['ip', 'netns', 'exec', ns(CLIENT), 'sh', '-c', `i=0; while [ $i -lt 30 ]; do curl -s -m 5 http://${VIP}/ || echo FAIL; i=$((i+1)); done`],
      120_000,
    );
    timings.requestsMs = Date.now() - t;
    const answers = r.stdout.trim().split('\n');
    const count = (n: string): number => answers.filter((a) => a === n).length;
    process.stderr.write(
      `      30 requests in ${timings.requestsMs} ms: ${SERVERS.map((s) => `${s.name} ${count(s.name)}`).join(', ')}, failed ${count('FAIL')}\n`,
    );
    if (count('FAIL'))
      process.stderr.write(
        `      wget: ${r.stderr.trim().split('\n').slice(0, 3).join(' | ')}\n${await mustSsh(d1, 'ipvsadm -Ln --stats; ip -br addr; ip neigh')}\n${mustSh(`ip -n ${ns(CLIENT)} neigh; ip -n ${ns(SERVERS[0]!)} -br addr; ip netns exec ${ns(SERVERS[0]!)} curl -s -m 2 http://127.0.0.1/ 2>&1 || true`)}\n`,
      );
    expect(answers).to.have.length(30);
    expect(count('FAIL')).to.equal(0);
    for (const s of SERVERS) expect(count(s.name), s.name).to.be.greaterThan(0);

    // The kernel folds its per-CPU counters into these totals every 2 s: wait for all 30.
    let stats = '';
    let row: string | undefined;
    let nums: string[] = [];
    for (let i = 0; i < 20; i++) {
      stats = await mustSsh(d1, 'ipvsadm -Ln --stats');
      // FWM  80   Conns InPkts OutPkts InBytes OutBytes
      row = stats.split('\n').find((l) => /^FWM\s+80\b/.test(l));
      nums = row ? row.trim().split(/\s+/).slice(2) : [];
      if (Number(nums[0]) >= 30) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(row, stats).to.not.equal(undefined);
    expect(Number(nums[0]), `Conns in ${row}`).to.equal(30);
    expect(Number(nums[1]), `InPkts in ${row}`).to.be.greaterThan(0);
    expect(nums[2], `OutPkts in ${row}`).to.equal('0');
  });
  it('runs keepalived under SysV service scripts: VRRP between d1 and d2 moves a VIP on failover', async function () {
    const vip2 = '10.77.0.60';
    const conf = (state: string, prio: number): string =>
      `global_defs {\n  router_id lvsvm\n}\nvrrp_instance VI_77 {\n  state ${state}\n  interface eth0\n  virtual_router_id 77\n  priority ${prio}\n  advert_int 1\n  virtual_ipaddress {\n    ${vip2}/32 dev eth0\n  }\n}\n`;
    const hasVip = async (host: string): Promise<boolean> => (await mustSsh(host, 'ip -4 -o addr show dev eth0')).includes(` ${vip2}/32`);
    const waitVip = async (host: string, want: boolean, ms: number): Promise<void> => {
      const deadline = Date.now() + ms;
      while ((await hasVip(host)) !== want) {
        if (Date.now() > deadline) throw new Error(`${host}: VIP ${vip2} ${want ? 'never came' : 'never went'}`);
        await new Promise((r) => setTimeout(r, 300));
      }
    };
    for (const [host, state, prio] of [
      ['10.77.0.11', 'MASTER', 150],
      ['10.77.0.12', 'BACKUP', 100],
    ] as const) {
      await mustSsh(
        host,
        `mkdir -p /etc/keepalived && printf '%s' '${conf(state, prio)}' > /etc/keepalived/keepalived.conf && keepalived -t -f /etc/keepalived/keepalived.conf && service keepalived start`,
      );
    }
    expect(await mustSsh('10.77.0.12', 'dpkg-query -W -f \'${Status}\' netfilter-persistent; test -x /etc/init.d/ipvsadm && echo " init-ok"')).to.equal(
      'install ok installed init-ok\n',
    );
    const t = Date.now();
    await waitVip('10.77.0.11', true, 20_000);
    expect(await hasVip('10.77.0.12')).to.equal(false);
    const master = Date.now() - t;
    await mustSsh('10.77.0.11', 'service keepalived stop');
    const t2 = Date.now();
    await waitVip('10.77.0.12', true, 20_000);
    await waitVip('10.77.0.11', false, 5_000);
    process.stderr.write(`      VRRP: d1 master after ${master} ms, d2 took over ${Date.now() - t2} ms after d1's keepalived stopped\n`);
    await mustSsh('10.77.0.12', 'service keepalived stop');
  });
});
