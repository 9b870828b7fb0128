// A virtual service dropped from lvs_services is removed by the next run of site.yaml: on the
// director (lvs_ha none) its IPVS service, its mangle MARK rule and its VIP, on a node the VIP
// on loopback, in the kernel and in the files read at boot. Only what the roles set up goes:
// an IPVS service, a mark rule or an address added by hand stays. The director's record of what
// it set up (lvs_director_state_file) and the node's own interfaces file tell them apart.
// Runs site.yaml for real on one host in the sandbox (plan-site.ts): real iptables and
// addresses in a private network namespace, /etc as an overlay, and a stateful stand-in ipvsadm
// (this kernel has no IPVS; the lab's directors have it).
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoPath } from '../../helpers/paths.js';
import { removeDir, scratchDir, writeIn } from '../../helpers/scratch.js';
import { NO_IPVS_SETTINGS, runSandboxed, TWO_DIRECTORS } from './plan-site.js';
import { statefulIpvsadm } from './day2-sandbox.js';

const THREE_SERVICES = `lvs_services:
  - {vip: 10.77.0.50, fwmark: 80, ports: [80]}
  - {vip: 10.77.0.51, fwmark: 81, ports: [443]}
  - {vip: 10.77.0.50, protocol: udp, ports: [53]}
`;
const ONE_SERVICE = `lvs_services:
  - {vip: 10.77.0.50, fwmark: 80, ports: [80]}
`;
/** In the table before lvsplay's first run: a service somebody added by hand. */
const BY_HAND_SERVICE = '-A -t 10.77.0.99:8080 -s rr';

/** site.yaml for one host of the two-director inventory, with `vars` as extra vars: a shell command line. */
function siteRun(dir: string, host: string, vars: string, extra: string[] = []): string {
  const inventory = writeIn(dir, 'inv/hosts.ini', TWO_DIRECTORS);
  const argv = [
    process.execPath,
    repoPath('bin', 'lvsplay.js'),
    'run',
    repoPath('playbooks', 'site.yaml'),
    '-i',
    inventory,
    '--limit',
    host,
    ...NO_IPVS_SETTINGS,
    '-e',
    `@${writeIn(dir, `${vars.length}.yaml`, vars)}`,
    ...extra,
  ];
  return argv.map((a) => `'${a}'`).join(' ');
}

describe('lvs_services: a service dropped from the inventory is removed from the director and the nodes, and nothing else', function () {
  this.timeout(180_000);
  let dir = '';
  beforeEach(() => (dir = scratchDir('lvsplay-removal-')));
  afterEach(() => removeDir(dir));

  it('the next run deletes its IPVS service, mark rule and VIP (kernel and boot files); a rerun changes nothing; what was added by hand stays', () => {
    const record = join(dir, 'state', 'director.json');
    const stub = statefulIpvsadm(dir, [BY_HAND_SERVICE]);
    const run = (vars: string): string => siteRun(dir, 'd1', vars, ['-e', `lvs_director_state_file=${record}`]);
    const script = [
      "iptables -t mangle -A PREROUTING -d 10.77.0.98/32 -m comment --comment 'by hand' -j MARK --set-xmark 0x63/0xffffffff",
      `${run(THREE_SERVICES)}; echo "== first $?"`,
      "echo '== table after the first run'; ipvsadm -Sn; iptables -t mangle -S PREROUTING; ip -4 -o addr show dev eth0",
      `${run(ONE_SERVICE)}; echo "== second $?"`,
      `${run(ONE_SERVICE)}; echo "== rerun $?"`,
      "echo '== table at the end'; ipvsadm -Sn; iptables -t mangle -S PREROUTING; ip -4 -o addr show dev eth0",
    ].join('\n');
    const res = runSandboxed(dir, ['sh', '-c', script], stub, {}, join(dir, 'etc'));
    const out = res.stdout;
    expect(out, out.slice(-3000) + res.stderr).to.include('== first 0');
    expect(out, out.slice(-3000) + res.stderr).to.include('== second 0');
    expect(out, out.slice(-3000) + res.stderr).to.include('== rerun 0');

    const [, first = '', end = ''] = out.split(/^== table (?:after the first run|at the end)$/m);
    // the first run set up all three next to what was there
    for (const line of ['-A -f 81 -s lc', '-A -u 10.77.0.50:53 -s lc', BY_HAND_SERVICE, '--comment "lvsplay fwmark 81 tcp"', '10.77.0.51/32'])
      expect(first, line).to.include(line);

    // the second run: fwmark 81 (its service, its mark rule, VIP .51) and the UDP service are gone
    const second = out.slice(out.indexOf('== first'), out.indexOf('== second'));
    const rerun = out.slice(out.indexOf('== second'), out.indexOf('== rerun'));
    for (const planned of ['delete fwmark 81', 'delete udp 10.77.0.50:53', 'remove 10.77.0.51 tcp 443 -> mark 81'])
      expect(second + rerun, planned).to.include(planned);
    for (const gone of ['-f 81', '10.77.0.50:53', 'lvsplay fwmark 81', '10.77.0.51/32']) expect(end, gone).to.not.include(gone);
    // what stays: fwmark 80 with its rule and VIP, the service and the rule added by hand
    for (const kept of ['-A -f 80 -s lc', BY_HAND_SERVICE, '--comment "lvsplay fwmark 80 tcp"', '--comment "by hand"', '10.77.0.50/32'])
      expect(end, kept).to.include(kept);
    // the rerun changes nothing on d1
    expect(out.slice(out.indexOf('== second')), 'the rerun').to.match(/^d1\s+: ok=\d+ changed=0 /m);

    // the files read at boot (in the /etc overlay) and the record agree with the kernel
    const rules = readFileSync(join(dir, 'etc', 'ipvsadm.rules'), 'utf8');
    expect(rules).to.include('-A -f 80 -s lc').and.not.include('-f 81').and.not.include('10.77.0.50:53');
    const marks = readFileSync(join(dir, 'etc', 'iptables', 'rules.v4'), 'utf8');
    expect(marks).to.include('lvsplay fwmark 80 tcp').and.not.include('lvsplay fwmark 81');
    const vipFile = readFileSync(join(dir, 'etc', 'network', 'interfaces.d', 'lvsplay-vip'), 'utf8');
    expect(vipFile).to.include('10.77.0.50').and.not.include('10.77.0.51');
    const kept = JSON.parse(readFileSync(record, 'utf8')) as { vips: string[]; marks: Array<{ key: string }>; ipvs: Array<{ key: string }> };
    expect([kept.vips, kept.marks.map((m) => m.key), kept.ipvs.map((s) => s.key)]).to.deep.equal([
      ['10.77.0.50'],
      ['10.77.0.50 tcp 80 mark 80'],
      ['fwmark 80'],
    ]);
  });

  it('lvs_ha none -> keepalived_native hands over: the VIP, its boot file and the IPVS services the role made go, the mark rule and what was added by hand stay', () => {
    const record = join(dir, 'state', 'director.json');
    const stub = statefulIpvsadm(dir, [BY_HAND_SERVICE]);
    // keepalived's own tasks (ha role) need a real keepalived: only the director role's run here
    const run = (vars: string, extra: string[]): string =>
      siteRun(dir, 'd1', vars, ['-e', `lvs_director_state_file=${record}`, '--tags', 'vip,fwmark,ipvs', ...extra]);
    const keepalived = ['-e', 'lvs_ha=keepalived_native'];
    const script = [
      `${run(ONE_SERVICE, [])}; echo "== none $?"`,
      "echo '== state with none'; ipvsadm -Sn; ip -4 -o addr show dev eth0; ls /etc/network/interfaces.d",
      `${run(ONE_SERVICE, keepalived)}; echo "== keepalived $?"`,
      `${run(ONE_SERVICE, keepalived)}; echo "== rerun $?"`,
      "echo '== state with keepalived'; ipvsadm -Sn; iptables -t mangle -S PREROUTING; ip -4 -o addr show dev eth0; ls /etc/network/interfaces.d",
    ].join('\n');
    const res = runSandboxed(dir, ['sh', '-c', script], stub, {}, join(dir, 'etc'));
    const out = res.stdout;
    for (const done of ['== none 0', '== keepalived 0', '== rerun 0']) expect(out, out.slice(-3000) + res.stderr).to.include(done);
    const [, none = '', end = ''] = out.split(/^== state with (?:none|keepalived)$/m);
    for (const line of ['-A -f 80 -s lc', BY_HAND_SERVICE, 'inet 10.77.0.50/32', 'lvsplay-vip']) expect(none, line).to.include(line);
    const switched = out.slice(out.indexOf('== none'), out.indexOf('== keepalived'));
    expect(switched).to.match(/^changed: \[d1\] => \(item=delete fwmark 80\)/m);
    // keepalived builds fwmark 80 from its configuration; the director keeps marking the VIP's traffic
    for (const gone of ['-f 80', 'inet 10.77.0.50/32', 'lvsplay-vip']) expect(end, gone).to.not.include(gone);
    for (const kept of [BY_HAND_SERVICE, '--comment "lvsplay fwmark 80 tcp"']) expect(end, kept).to.include(kept);
    expect(out.slice(out.indexOf('== keepalived')), 'the rerun').to.match(/^d1\s+: ok=\d+ changed=0 /m);
    const rules = readFileSync(join(dir, 'etc', 'ipvsadm.rules'), 'utf8');
    expect(rules).to.include(BY_HAND_SERVICE).and.not.include('-f 80');
    const kept = JSON.parse(readFileSync(record, 'utf8')) as { vips: string[]; ipvs: unknown[] };
    expect([kept.vips, kept.ipvs]).to.deep.equal([[], []]);
  });

  it('a node lets go of a VIP no service uses any more (loopback and boot file); an address added by hand stays', () => {
    const run = (vars: string): string => siteRun(dir, 's1', vars);
    const script = [
      'ip addr add 10.77.0.97/32 dev lo label lo:hand',
      `${run(THREE_SERVICES)}; echo "== first $?"`,
      "echo '== lo after the first run'; ip -4 -o addr show dev lo",
      `${run(ONE_SERVICE)}; echo "== second $?"`,
      `${run(ONE_SERVICE)}; echo "== rerun $?"`,
      "echo '== lo at the end'; ip -4 -o addr show dev lo",
    ].join('\n');
    const res = runSandboxed(dir, ['sh', '-c', script], statefulIpvsadm(dir, []), {}, join(dir, 'etc'));
    const out = res.stdout;
    for (const done of ['== first 0', '== second 0', '== rerun 0']) expect(out, out.slice(-3000) + res.stderr).to.include(done);
    const [, first = '', end = ''] = out.split(/^== lo (?:after the first run|at the end)$/m);
    for (const held of ['10.77.0.50/32', '10.77.0.51/32', '10.77.0.97/32']) expect(first, held).to.include(held);
    expect(end).to.include('10.77.0.50/32').and.include('10.77.0.97/32').and.not.include('10.77.0.51');
    expect(out.slice(out.indexOf('== second')), 'the rerun').to.match(/^s1\s+: ok=\d+ changed=0 /m);
    const boot = readFileSync(join(dir, 'etc', 'network', 'interfaces.d', 'lvsplay-lo0'), 'utf8');
    expect(boot).to.include('10.77.0.50').and.not.include('10.77.0.51');
  });
});
