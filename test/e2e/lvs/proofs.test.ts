// Issue 6: what the README claims about the load balancer, proven end to end on the real IPVS
// kernel (the directors' VM) with real clients: traffic through the VIP reaches every node and
// the director sends no reply packets (direct routing); reruns change nothing and edit the table
// without dropping established connections; keepalived's health checks take a failed node out
// and back in; VRRP moves the VIP when the master's keepalived stops; --check touches nothing;
// after a reboot in which only Debian's own boot steps run, everything is back.
// The HA pair's lab then also carries verify.yaml's checks and repairs (roles-proof.ts) and the
// day-2 operations (day2-proof.ts): one lab up and one first converge for the three.
// Traffic goes only from the lab's client namespace to the lab's VIP.
import { expect } from 'chai';
import { repoPath } from '../../helpers/paths.js';
import { until } from '../../helpers/until.js';
import { runCli, runJson, totalChanged } from '../../helpers/cli.js';
import { canRunLab, ensureLab, snapshotHosts, sshLab, tearDownLab, trafficOnceSettled } from '../../helpers/lab.js';
import { holdConnection } from '../../helpers/held-connection.js';
import {
  execInHost,
  formatTraffic,
  labDown,
  labReboot,
  probeVip,
  startWebServers,
  stopWebServers,
  type LabState,
  type TrafficResult,
} from '../../../src/lab/index.js';
import { describeDayTwo } from './day2-proof.js';
import { describeRoleChecks } from './roles-proof.js';

const site = repoPath('playbooks', 'site.yaml');
const verify = repoPath('playbooks', 'verify.yaml');
const VIP = '10.77.0.50';
const CLIENT_NETNS = 'lvsplay-client';

function expectEveryNode(t: TrafficResult, nodes = Object.keys(t.answeredBy)): void {
  expect(t.failed, formatTraffic(t)).to.equal(0);
  for (const n of nodes) expect(t.answeredBy[n], `${n} never answered: ${formatTraffic(t)}`).to.be.greaterThan(0);
}

/** The directors holding the VIP right now. */
async function vipHolders(lab: LabState): Promise<string[]> {
  const directors = lab.hosts.filter((h) => h.role === 'director').map((h) => h.name);
  const held = await Promise.all(directors.map(async (d) => (await sshLab(lab, d, 'ip -o -4 addr show dev eth0')).stdout.includes(`inet ${VIP}/`)));
  return directors.filter((_, i) => held[i]);
}

/**
 * FWM service counters on a director: [InPkts, OutPkts] (--exact: no K/M rounding), once InPkts has
 * reached `minIn`. The 6.1 kernel sums its per-CPU counters into what ipvsadm reads only in the
 * rate estimator's timer, every 2 s: read at once, the traffic just sent may not show yet, and an
 * OutPkts of 0 would prove nothing.
 */
async function fwmPackets(lab: LabState, director: string, minIn: number): Promise<[number, number]> {
  return until(`${director}'s FWM 80 counters to show ${minIn} packets in`, 30_000, async () => {
    const res = await sshLab(lab, director, 'ipvsadm -Ln --stats --exact');
    const line = res.stdout.split('\n').find((l) => /^FWM\s+80\s/.test(l));
    if (!line) throw new Error(`no FWM 80 service on ${director}:\n${res.stdout}`);
    const cols = line.trim().split(/\s+/).map(Number);
    return cols[3]! >= minIn ? ([cols[3]!, cols[4]!] as [number, number]) : undefined;
  });
}

async function realServers(lab: LabState, director: string): Promise<string[]> {
  const res = await sshLab(lab, director, 'ipvsadm -Sn');
  return [...res.stdout.matchAll(/-a -f 80 -r (\S+):\d+/g)].map((m) => m[1]!).sort();
}

/** Runtime state a --check run must not touch, read on each director. */
async function directorState(lab: LabState): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const d of lab.hosts.filter((h) => h.role === 'director')) {
    const r = await sshLab(
      lab,
      d.name,
      'ip -o -4 addr show; ipvsadm -Sn; iptables -t mangle -S; ls -la /etc/keepalived /etc/iptables 2>&1; cat /etc/keepalived/keepalived.conf 2>&1',
    );
    out[d.name] = r.stdout;
  }
  return out;
}

describe('Proofs on the real IPVS kernel: HA pair with keepalived_native, 3 nodes', function () {
  this.timeout(900_000);
  let lab: LabState;
  before(async function () {
    if (canRunLab()) this.skip();
    await labDown({});
    lab = await ensureLab(3, 2);
  });
  after(async () => {
    if (!canRunLab()) await tearDownLab();
  });

  it('--check --diff on a fresh lab lists every change and changes nothing, on the real kernel too', async () => {
    const files = snapshotHosts(lab);
    const directors = await directorState(lab);
    const res = await runCli(['run', site, '-i', lab.inventoryPath, '--check', '--diff']);
    expect(res.code, res.stdout.slice(-2000)).to.equal(0);
    expect(res.stdout).to.match(/d1 : ok=\d+ changed=[1-9]/);
    expect(res.stdout).to.include('+net.ipv4.conf.all.arp_ignore=1');
    expect(res.stdout).to.include('iface lo:0 inet static');
    expect(res.stdout).to.include('+10.77.0.50/32 (lo:0)');
    expect(snapshotHosts(lab)).to.deep.equal(files);
    expect(await directorState(lab)).to.deep.equal(directors);
    expect((await execInHost('s1', ['ip', '-o', '-4', 'addr', 'show', 'dev', 'lo'])).stdout).to.not.include(VIP);
    const t = await probeVip({ connections: 5 });
    expect(t.failed, 'nothing answers on the VIP before a real run').to.equal(5);
  });

  it('site.yaml converges; 30 new connections to the VIP are answered by every node; the director sends no reply packets', async () => {
    const res = await runJson(['run', site, '-i', lab.inventoryPath]);
    expect(res.code, JSON.stringify(res.report.stats)).to.equal(0);
    expect((await execInHost('s2', ['ip', '-o', '-4', 'addr', 'show', 'dev', 'lo'])).stdout).to.match(/inet 10\.77\.0\.50\/32 .*lo:0/);
    const arp = await execInHost('s3', ['sysctl', '-n', 'net.ipv4.conf.all.arp_ignore', 'net.ipv4.conf.all.arp_announce']);
    expect(arp.stdout.split('\n').slice(0, 2)).to.deep.equal(['1', '2']);
    const [master] = await until('a VRRP master', 60_000, async () => ((await vipHolders(lab)).length === 1 ? vipHolders(lab) : undefined));
    expect(master).to.equal('d1'); // priority 150
    // keepalived adds each real server after its first passing check, so right after the first
    // start a node may not be in the table yet (seen: s2 0 of 30 under load): bounded, 60 s
    const t = await trafficOnceSettled();
    expectEveryNode(t);
    // Each connection sends at least 3 packets in (SYN, the request, FIN): 30 connections, > 30.
    const [inPkts, outPkts] = await fwmPackets(lab, master!, 31);
    expect(inPkts, "the director forwarded the clients' packets").to.be.greaterThan(30);
    expect(outPkts, 'direct routing: replies go from the nodes straight to the client').to.equal(0);
    const checked = await runCli(['run', verify, '-i', lab.inventoryPath]);
    expect(checked.code, checked.stdout.slice(-3000)).to.equal(0);
  });

  it('a rerun changes nothing; an established connection survives a rerun that changes a weight', async () => {
    const again = await runJson(['run', site, '-i', lab.inventoryPath]);
    expect(again.code).to.equal(0);
    expect(totalChanged(again.report), JSON.stringify(again.report.stats)).to.equal(0);
    const held = await holdConnection(CLIENT_NETNS, VIP);
    try {
      const weights = JSON.stringify({ lvs_real_servers: [{ address: '10.77.0.21', weight: 3 }, { address: '10.77.0.22' }, { address: '10.77.0.23' }] });
      const edited = await runJson(['run', site, '-i', lab.inventoryPath, '-e', weights]);
      expect(edited.code).to.equal(0);
      expect(edited.report.stats.d1!.changed, 'keepalived.conf changed and keepalived reloaded').to.be.greaterThan(0);
      const table = await until('weight 3 in the table', 60_000, async () => {
        const r = await sshLab(lab, 'd1', 'ipvsadm -Sn');
        return /-r 10\.77\.0\.21:\d+ -g -w 3/.test(r.stdout) ? r.stdout : undefined;
      });
      expect(table).to.match(/-r 10\.77\.0\.22:\d+ -g -w 1/);
      expect(await held.finish()).to.match(/^s[123]$/);
    } finally {
      held.close();
    }
    const back = await runJson(['run', site, '-i', lab.inventoryPath]);
    expect(back.code).to.equal(0);
  });

  it('node failure: a node whose service stops is taken out by the health check, and back in when it returns', async () => {
    await stopWebServers(['s2']);
    try {
      await until('s2 out of the IPVS table', 120_000, async () => ((await realServers(lab, 'd1')).includes('10.77.0.22') ? undefined : true));
      const without = await probeVip({ connections: 30 });
      expect(without.answeredBy.s2, formatTraffic(without)).to.equal(0);
      expectEveryNode(without, ['s1', 's3']);
      const verifyDown = await runJson(['run', verify, '-i', lab.inventoryPath, '--limit', 'd1']);
      expect(verifyDown.code, 'verify names the real server the health check removed').to.equal(2);
    } finally {
      await startWebServers(['s2']);
    }
    // each director's keepalived checks on its own: the backup too must have s2 back before the
    // next test fails over to it (seen: d2 still without s2 when it took the VIP, s2 0 of 30)
    for (const director of ['d1', 'd2']) {
      await until(`s2 back in ${director}'s IPVS table`, 120_000, async () => ((await realServers(lab, director)).includes('10.77.0.22') ? true : undefined));
    }
    // The first connections to a node just re-added can be lost on a loaded machine (seen: 2 of 30
    // failed, both to s2, in a fresh-clone CI run): wait, bounded, until every node answers.
    expectEveryNode(await trafficOnceSettled());
  });

  it("director failover: when the master's keepalived stops, the VIP moves and connections keep being served", async () => {
    const stop = await sshLab(lab, 'd1', 'service keepalived stop');
    expect(stop.code, stop.stdout + stop.stderr).to.equal(0);
    try {
      await until('d2 holding the VIP alone', 60_000, async () => ((await vipHolders(lab)).join() === 'd2' ? true : undefined));
      const t = await probeVip({ connections: 30 });
      expectEveryNode(t);
      const [, outPkts] = await fwmPackets(lab, 'd2', 31);
      expect(outPkts).to.equal(0);
    } finally {
      const start = await sshLab(lab, 'd1', 'service keepalived start');
      expect(start.code, start.stdout + start.stderr).to.equal(0);
    }
    // VRRP preemption: the higher priority takes the VIP back.
    await until('d1 holding the VIP again', 60_000, async () => ((await vipHolders(lab)).join() === 'd1' ? true : undefined));
    expectEveryNode(await probeVip({ connections: 30 }));
    const checked = await runCli(['run', verify, '-i', lab.inventoryPath]);
    expect(checked.code, checked.stdout.slice(-3000)).to.equal(0);
  });

  it('reboot: with only what Debian runs at boot, verify.yaml passes and every node answers again', async () => {
    // Runtime-only changes that no file records: the reboot must lose them, or it was no reboot.
    expect((await sshLab(lab, 'd1', 'iptables -t mangle -A PREROUTING -d 10.77.0.98/32 -j MARK --set-mark 7')).code).to.equal(0);
    expect((await execInHost('s1', ['ip', 'addr', 'add', '10.77.0.97/32', 'dev', 'lo'])).code).to.equal(0);
    const rebooted = await labReboot({});
    expect(rebooted.hosts.map((h) => h.host).sort()).to.deep.equal(['d1', 'd2', 's1', 's2', 's3']);
    expect((await sshLab(lab, 'd1', 'iptables -t mangle -S')).stdout).to.not.include('10.77.0.98');
    const lo = (await execInHost('s1', ['ip', '-o', 'addr', 'show', 'dev', 'lo'])).stdout;
    expect(lo, 'a hand-made address is gone').to.not.include('10.77.0.97');
    expect(lo, 'ifup -a brought lo:0 back').to.match(/inet 10\.77\.0\.50\/32 .*lo:0/);
    expect((await execInHost('s1', ['sysctl', '-n', 'net.ipv4.conf.all.arp_ignore'])).stdout.trim(), 'sysctl --system').to.equal('1');
    const d1Boot = rebooted.hosts.find((h) => h.host === 'd1')!.log;
    expect(d1Boot, 'keepalived started from rc2.d').to.match(/rc2\.d\/S\d\dkeepalived start/);
    expect(d1Boot, 'ip_vs loaded before sysctl --system').to.match(/modprobe ip_vs \(\/etc\/modules-load\.d\/ip_vs\.conf\)[\s\S]*sysctl --system/);
    const ipvsSettings = await sshLab(lab, 'd1', 'sysctl -n net.ipv4.vs.expire_nodest_conn net.ipv4.vs.expire_quiescent_template');
    expect(ipvsSettings.stdout.trim().split('\n'), 'lvs_ipvs_sysctls after the reboot').to.deep.equal(['1', '1']);
    await until('d1 holding the VIP alone', 60_000, async () => ((await vipHolders(lab)).join() === 'd1' ? true : undefined));
    // keepalived checked the nodes while they were still booting: one whose web server came up
    // after the first check is out of the table until a check passes (seen: s3 0 of 30). Users
    // see the same after a real reboot; the claim is that it settles, within a bound.
    expectEveryNode(await trafficOnceSettled());
    const checked = await runCli(['run', verify, '-i', lab.inventoryPath]);
    expect(checked.code, checked.stdout.slice(-3000)).to.equal(0);
    expectEveryNode(await probeVip({ connections: 30 }));
    const [, outPkts] = await fwmPackets(lab, 'd1', 31);
    expect(outPkts).to.equal(0);
  });

  // Mocha runs a suite's own tests before its nested suites: these come last, on the lab the
  // reboot proof has just brought back (converged, d1 the VRRP master).
  describeRoleChecks(() => lab);
  describeDayTwo(() => lab);
});

describe('Proofs on the real IPVS kernel: one director, lvsplay owns the IPVS table (ipvsadm)', function () {
  this.timeout(900_000);
  let lab: LabState;
  before(async function () {
    if (canRunLab()) this.skip();
    await labDown({});
    lab = await ensureLab(3, 1);
  });
  after(async () => {
    if (!canRunLab()) await tearDownLab();
  });

  it('a rerun that adds a real server and changes a weight edits the table; established connections survive', async () => {
    const two = JSON.stringify({ lvs_real_servers: [{ address: '10.77.0.21' }, { address: '10.77.0.22' }] });
    const first = await runJson(['run', site, '-i', lab.inventoryPath, '-e', two]);
    expect(first.code, JSON.stringify(first.report.stats)).to.equal(0);
    expect(await realServers(lab, 'd1')).to.deep.equal(['10.77.0.21', '10.77.0.22']);
    expectEveryNode(await probeVip({ connections: 20 }), ['s1', 's2']);
    const held = await Promise.all([holdConnection(CLIENT_NETNS, VIP), holdConnection(CLIENT_NETNS, VIP)]);
    try {
      const three = JSON.stringify({ lvs_real_servers: [{ address: '10.77.0.21', weight: 2 }, { address: '10.77.0.22' }, { address: '10.77.0.23' }] });
      const edited = await runCli(['run', site, '-i', lab.inventoryPath, '-e', three, '--diff']);
      expect(edited.code, edited.stdout.slice(-2000)).to.equal(0);
      expect(edited.stdout).to.not.match(/ipvsadm -C|ipvsadm --clear/);
      const table = (await sshLab(lab, 'd1', 'ipvsadm -Sn')).stdout;
      expect(table).to.match(/-r 10\.77\.0\.21:0 -g -w 2/);
      expect(table).to.match(/-r 10\.77\.0\.23:0 -g -w 1/);
      for (const h of held) expect(await h.finish()).to.match(/^s[12]$/);
    } finally {
      for (const h of held) h.close();
    }
    expectEveryNode(await probeVip({ connections: 30 }));
    const again = await runJson([
      'run',
      site,
      '-i',
      lab.inventoryPath,
      '-e',
      JSON.stringify({ lvs_real_servers: [{ address: '10.77.0.21', weight: 2 }, { address: '10.77.0.22' }, { address: '10.77.0.23' }] }),
    ]);
    expect(totalChanged(again.report), JSON.stringify(again.report.stats)).to.equal(0);
    const [, outPkts] = await fwmPackets(lab, 'd1', 31);
    expect(outPkts).to.equal(0);
  });

  it('reboot: the ipvsadm rules file (AUTO="true"), the saved mark rule and the director\'s VIP come back at boot', async () => {
    const three = JSON.stringify({ lvs_real_servers: [{ address: '10.77.0.21', weight: 2 }, { address: '10.77.0.22' }, { address: '10.77.0.23' }] });
    const t = Date.now();
    const rebooted = await labReboot({});
    process.stdout.write(
      `      lab reboot: ${((Date.now() - t) / 1000).toFixed(1)} s, the VIP answering ${rebooted.vipAnswersAfterMs ?? 'never'} ms after the boots\n`,
    );
    expect(rebooted.vipAnswersAfterMs, 'the VIP answers after the reboot').to.be.a('number');
    const table = (await sshLab(lab, 'd1', 'ipvsadm -Sn')).stdout;
    expect(table, 'restored by /etc/init.d/ipvsadm').to.match(/-r 10\.77\.0\.21:0 -g -w 2/);
    expect(await realServers(lab, 'd1')).to.deep.equal(['10.77.0.21', '10.77.0.22', '10.77.0.23']);
    expect((await sshLab(lab, 'd1', 'iptables -t mangle -S PREROUTING')).stdout, 'restored by netfilter-persistent').to.match(
      /-d 10\.77\.0\.50\/32 .*MARK --set-xmark 0x50/,
    );
    expect((await sshLab(lab, 'd1', 'ip -o -4 addr show')).stdout, 'the VIP, restored by ifup -a').to.include(`inet ${VIP}/32`);
    const checked = await runCli(['run', verify, '-i', lab.inventoryPath, '-e', three]);
    expect(checked.code, checked.stdout.slice(-3000)).to.equal(0);
    expectEveryNode(await probeVip({ connections: 30 }));
    const [, outPkts] = await fwmPackets(lab, 'd1', 31);
    expect(outPkts).to.equal(0);
  });

  it('three services: a sticky one (persistence) sends every connection of the client to one node; two dropped from lvs_services leave the kernel and the boot files of the director and the nodes', async () => {
    const nodes = [{ address: '10.77.0.21', weight: 2 }, { address: '10.77.0.22' }, { address: '10.77.0.23' }];
    const first = { vip: VIP, fwmark: 80, ports: [80], real_servers: nodes };
    const byMark = { vip: MARKED_VIP, fwmark: 81, ports: [80], real_servers: nodes.slice(0, 2) };
    const sticky = { vip: STICKY_VIP, ports: [80], persistence: 300, real_servers: nodes.slice(1) };
    const three = await runJson(['run', site, '-i', lab.inventoryPath, '-e', JSON.stringify({ lvs_services: [first, byMark, sticky] })]);
    expect(three.code, JSON.stringify(three.report.stats)).to.equal(0);
    expectEveryNode(await probeVip({ vip: MARKED_VIP, connections: 20 }), ['s1', 's2']);
    const stuck = await probeVip({ vip: STICKY_VIP, connections: 20 });
    expect(stuck.failed, formatTraffic(stuck)).to.equal(0);
    const stuckTo = Object.entries(stuck.answeredBy).filter(([, n]) => n > 0);
    expect(stuckTo.length, `persistence: one client, one node (${formatTraffic(stuck)})`).to.equal(1);
    expect(['s2', 's3'], formatTraffic(stuck)).to.include(stuckTo[0]![0]);
    expectEveryNode(await probeVip({ connections: 30 }));
    expect(await droppedServiceTraces(lab), 'the two services set up').to.deep.equal(ALL_TRACES);

    const dropped = await runCli(['run', site, '-i', lab.inventoryPath, '-e', JSON.stringify({ lvs_services: [first] }), '--diff']);
    expect(dropped.code, dropped.stdout.slice(-3000)).to.equal(0);
    expect(dropped.stdout).to.not.match(/ipvsadm -C|ipvsadm --clear|iptables -t mangle -F/);
    expect(await droppedServiceTraces(lab), 'what is left of the dropped services').to.deep.equal([]);
    for (const vip of [MARKED_VIP, STICKY_VIP]) {
      const gone = await probeVip({ vip, connections: 5, timeoutSeconds: 1 });
      expect(gone.failed, formatTraffic(gone)).to.equal(5);
    }
    expectEveryNode(await probeVip({ connections: 30 }));
    const again = await runJson(['run', site, '-i', lab.inventoryPath, '-e', JSON.stringify({ lvs_services: [first] })]);
    expect(totalChanged(again.report), JSON.stringify(again.report.stats)).to.equal(0);
  });
});

/** A service by firewall mark 81 on a second VIP, and a sticky TCP 80 service on a third. */
const MARKED_VIP = '10.77.0.51';
const STICKY_VIP = '10.77.0.52';
const ALL_TRACES = [
  ...[MARKED_VIP, STICKY_VIP].flatMap((vip) => [
    `d1 IPVS service of ${vip}`,
    `d1 ipvsadm rules file: ${vip}`,
    `d1 VIP ${vip}`,
    `d1 VIP ${vip} at boot`,
    ...['s1', 's2', 's3'].flatMap((node) => [`${node} VIP ${vip} on lo`, `${node} VIP ${vip} on lo at boot`]),
  ]),
  'd1 mark rule 81',
  'd1 saved mark rule 81',
].sort();

/** Where the dropped services show, in the kernel and in the files read at boot, host by host. */
async function droppedServiceTraces(lab: LabState): Promise<string[]> {
  const traces: string[] = [];
  const d1 = await sshLab(
    lab,
    'd1',
    'ipvsadm -Sn; echo ==; cat /etc/ipvsadm.rules; echo ==; iptables -t mangle -S PREROUTING; echo ==; cat /etc/iptables/rules.v4; echo ==; ip -o -4 addr show; echo ==; cat /etc/network/interfaces.d/lvsplay-vip',
  );
  const [ipvs = '', ipvsFile = '', mark = '', markFile = '', addrs = '', addrFile = ''] = d1.stdout.split('==\n');
  const services: Record<string, RegExp> = { [MARKED_VIP]: /^-A -f 81 /m, [STICKY_VIP]: /^-A -t 10\.77\.0\.52:80 .*-p 300/m };
  for (const [vip, service] of Object.entries(services)) {
    if (service.test(ipvs)) traces.push(`d1 IPVS service of ${vip}`);
    if (service.test(ipvsFile)) traces.push(`d1 ipvsadm rules file: ${vip}`);
    if (addrs.includes(`inet ${vip}/`)) traces.push(`d1 VIP ${vip}`);
    if (addrFile.includes(vip)) traces.push(`d1 VIP ${vip} at boot`);
  }
  const markRule = /-d 10\.77\.0\.51\/32 .*MARK --set-xmark 0x51/;
  if (markRule.test(mark)) traces.push('d1 mark rule 81');
  if (markRule.test(markFile)) traces.push('d1 saved mark rule 81');
  for (const node of ['s1', 's2', 's3']) {
    const [lo = '', file = ''] = (
      await execInHost(node, ['sh', '-c', 'ip -o -4 addr show dev lo; echo ==; cat /etc/network/interfaces.d/lvsplay-lo0'])
    ).stdout.split('==\n');
    for (const vip of [MARKED_VIP, STICKY_VIP]) {
      if (lo.includes(`inet ${vip}/`)) traces.push(`${node} VIP ${vip} on lo`);
      if (file.includes(vip)) traces.push(`${node} VIP ${vip} on lo at boot`);
    }
  }
  return traces.sort();
}
