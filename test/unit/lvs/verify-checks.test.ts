// lvs_verify's director checks against a director's state as its facts read it: the runtime IPVS
// table is judged whoever owns it (keepalived drops a real server whose health check fails),
// keepalived's own state is read per host, and a malformed table is a failed check, not a crash.
import { expect } from 'chai';
import { directorChecks, nodeChecks, type DirectorArgs, type DirectorState, type NodeArgs } from '../../../src/modules/lvs-verify/checks.js';
import { parseIpAddrLines } from '../../../src/facts/ip-addresses.js';
import { ipvsTableFact } from '../../../src/facts/ipvs-table.js';
import type { ServiceState } from '../../../src/facts/service-state.js';

const servers = [{ address: '10.77.0.21' }, { address: '10.77.0.22' }];
const args: DirectorArgs = {
  role: 'director',
  vips: ['10.77.0.50'],
  services: [{ vip: '10.77.0.50', fwmark: 80, scheduler: 'lc', persistence: 0, real_servers: servers }],
  interface: 'eth0',
  ha: 'keepalived_native',
  holds_vip: true,
  rules_file: '/etc/iptables/rules.v4',
  director_interfaces_file: '/etc/network/interfaces.d/lvsplay-vip',
};
const conf = 'vrrp_instance LVS_51 {\n  virtual_ipaddress {\n    10.77.0.50/32 dev eth0 label eth0:lvs\n  }\n}\nvirtual_server fwmark 80 {\n}\n';
const mark =
  '-P PREROUTING ACCEPT\n-A PREROUTING -d 10.77.0.50/32 -p tcp -m multiport --dports 80 -m comment --comment "lvsplay fwmark 80 tcp" -j MARK --set-xmark 0x50/0xffffffff';
const rules = `*mangle\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -d 10.77.0.50/32 -j MARK --set-xmark 0x50/0xffffffff\nCOMMIT\n`;
const table = (...rs: string[]): string => ['-A -f 80 -s lc', ...rs.map((r) => `-a -f 80 -r ${r}:0 -g -w 1`)].join('\n') + '\n';

/** The runtime table as ipvs_table reads it from `ipvsadm -Sn` output (its error, when it refuses it). */
function ipvs(stdout: string): DirectorState['ipvs'] {
  try {
    return ipvsTableFact.parse({ stdout, stderr: '', exitCode: 0, durationMs: 1 }, undefined);
  } catch (err) {
    return err as Error;
  }
}

const keepalived = (active: boolean, enabled: boolean): ServiceState => ({ manager: 'sysv', exists: true, active, enabled });

function state(over: Partial<DirectorState> = {}, files: Record<string, string> = {}): DirectorState {
  return {
    addresses: parseIpAddrLines('2: eth0    inet 10.77.0.11/24 scope global eth0\n2: eth0    inet 10.77.0.50/32 scope global eth0:lvs'),
    mangle: mark.split('\n'),
    ipvs: ipvs(table('10.77.0.21', '10.77.0.22')),
    keepalived: keepalived(true, true),
    sysctls: {},
    ...over,
    files: { rules, keepalived_conf: conf, ...files },
  };
}

const failed = (checks: ReturnType<typeof directorChecks>): string[] => checks.filter((c) => !c.ok).map((c) => `${c.check}: ${c.found}`);

describe('lvs_verify director checks', () => {
  it('keepalived_native, everything in place: every check passes and the VRRP role is shown', () => {
    const checks = directorChecks(args, state());
    expect(failed(checks)).to.deep.equal([]);
    expect(checks.find((c) => c.check === 'VIP (VRRP)')!.found).to.equal('held (master)');
    expect(checks.map((c) => c.check)).to.include('IPVS (runtime, keepalived): real server 10.77.0.22');
  });

  it('a backup director (no VIP) passes too', () => {
    const checks = directorChecks(args, state({ addresses: parseIpAddrLines('2: eth0    inet 10.77.0.12/24 scope global eth0') }));
    expect(failed(checks)).to.deep.equal([]);
    expect(checks.find((c) => c.check === 'VIP (VRRP)')!.found).to.equal('not held (backup)');
  });

  it('names keepalived stopped, not started at boot, a configuration without the VIP, and a real server its health check removed', () => {
    const checks = directorChecks(
      args,
      state({ keepalived: keepalived(false, false), ipvs: ipvs(table('10.77.0.21')) }, { keepalived_conf: 'virtual_server fwmark 80 {\n}\n' }),
    );
    expect(failed(checks)).to.deep.equal([
      'keepalived (runtime): stopped',
      'keepalived at boot: disabled',
      'keepalived.conf: VIP missing',
      'IPVS (runtime, keepalived): real server 10.77.0.22: absent',
    ]);
  });

  it('a mark rule deleted by hand fails the runtime check only; the rules file still restores it', () => {
    expect(failed(directorChecks(args, state({ mangle: ['-P PREROUTING ACCEPT'] })))).to.deep.equal(['mangle MARK rule (runtime): absent']);
  });

  it('without keepalived the rules file and AUTO are checked, and a malformed table is a failed check', () => {
    const none: DirectorArgs = { ...args, ha: 'none' };
    const checks = directorChecks(
      none,
      state(
        { ipvs: ipvs('-A -f 80 -s lc\n-a -f 80 -r garbage -g\n') },
        {
          ipvs_rules: table('10.77.0.21', '10.77.0.22'),
          ipvs_default: 'AUTO="true"\n',
          director_interfaces: 'iface eth0:lvs inet static\n  address 10.77.0.50\n',
        },
      ),
    );
    expect(failed(checks)).to.deep.equal(['IPVS (runtime): service: unreadable (not ipvsadm save format)']);
  });

  describe('several services (lvs_services) and drained nodes', () => {
    // fwmark 80 on .50 for both nodes, TCP .51:443 for s2 only (weight 2)
    const several: DirectorArgs = {
      ...args,
      vips: ['10.77.0.50', '10.77.0.51'],
      services: [
        { vip: '10.77.0.50', fwmark: 80, scheduler: 'lc', persistence: 0, real_servers: servers },
        { vip: '10.77.0.51', fwmark: 0, protocol: 'tcp', port: 443, scheduler: 'lc', persistence: 600, real_servers: [{ address: '10.77.0.22', weight: 2 }] },
      ],
    };
    const httpsConf = `${conf.replace('10.77.0.50/32 dev eth0 label eth0:lvs', '10.77.0.50/32 dev eth0 label eth0:lvs\n    10.77.0.51/32 dev eth0 label eth0:lvs1')}virtual_server 10.77.0.51 443 {\n}\n`;
    const withHttps = (w22: number, w22https: number): DirectorState['ipvs'] =>
      ipvs(
        `-A -f 80 -s lc\n-a -f 80 -r 10.77.0.21:0 -g -w 1\n-a -f 80 -r 10.77.0.22:0 -g -w ${w22}\n-A -t 10.77.0.51:443 -s lc -p 600\n-a -t 10.77.0.51:443 -r 10.77.0.22:443 -g -w ${w22https}\n`,
      );

    it('every service and VIP in place: every check passes, each named after its service', () => {
      const checks = directorChecks(several, state({ ipvs: withHttps(1, 2) }, { keepalived_conf: httpsConf }));
      expect(failed(checks)).to.deep.equal([]);
      expect(checks.map((c) => c.check)).to.include.members([
        'IPVS (runtime, keepalived) fwmark 80: real server 10.77.0.22',
        'IPVS (runtime, keepalived) tcp 10.77.0.51:443: real server 10.77.0.22',
        'VIP 10.77.0.51 (VRRP)',
      ]);
      expect(checks.find((c) => c.check === 'IPVS (runtime, keepalived) tcp 10.77.0.51:443: service')!.found).to.equal(
        'tcp 10.77.0.51:443, lc, persistent 600s',
      );
    });

    it('a missing address service, VIP and virtual_server are named', () => {
      const checks = directorChecks(several, state({}, { keepalived_conf: conf }));
      expect(failed(checks)).to.deep.equal([
        'keepalived.conf: VIP 10.77.0.51 missing, no virtual_server 10.77.0.51 443',
        'IPVS (runtime, keepalived) tcp 10.77.0.51:443: service: absent',
      ]);
    });

    it('weight 0 passes for a node with its drain file, in every service, and fails for any other node', () => {
      const drainedState = state({ ipvs: withHttps(0, 0) }, { keepalived_conf: httpsConf });
      const checks = directorChecks({ ...several, drained: ['10.77.0.22'] }, drainedState);
      expect(failed(checks)).to.deep.equal([]);
      expect(checks.find((c) => c.check === 'IPVS (runtime, keepalived) tcp 10.77.0.51:443: real server 10.77.0.22')!.found).to.equal('dr, weight 0 (drained)');
      expect(failed(directorChecks({ ...several, drained: ['10.77.0.21'] }, drainedState))).to.deep.equal([
        'IPVS (runtime, keepalived) fwmark 80: real server 10.77.0.22: dr, weight 0',
        'IPVS (runtime, keepalived) tcp 10.77.0.51:443: real server 10.77.0.22: dr, weight 0',
      ]);
    });

    it('a drained node at its full weight (the drain file not yet read by keepalived) passes too: the inventory weight is never wrong', () => {
      expect(failed(directorChecks({ ...several, drained: ['10.77.0.22'] }, state({ ipvs: withHttps(1, 2) }, { keepalived_conf: httpsConf })))).to.deep.equal(
        [],
      );
    });

    it('without keepalived: every VIP on the LAN interface with its label, and the mark rule of the fwmark service only', () => {
      const none: DirectorArgs = { ...several, ha: 'none' };
      const addresses = parseIpAddrLines(
        '2: eth0    inet 10.77.0.11/24 scope global eth0\n2: eth0    inet 10.77.0.50/32 scope global eth0:lvs\n2: eth0    inet 10.77.0.51/32 scope global eth0:lvs1',
      );
      const saved =
        '-A -f 80 -s lc\n-a -f 80 -r 10.77.0.21:0 -g -w 1\n-a -f 80 -r 10.77.0.22:0 -g -w 1\n-A -t 10.77.0.51:443 -s lc -p 600\n-a -t 10.77.0.51:443 -r 10.77.0.22:443 -g -w 2\n';
      const files = { ipvs_rules: saved, ipvs_default: 'AUTO="true"\n', director_interfaces: 'address 10.77.0.50\naddress 10.77.0.51\n' };
      const checks = directorChecks(none, state({ addresses, ipvs: withHttps(1, 2) }, files));
      expect(failed(checks)).to.deep.equal([]);
      expect(checks.filter((c) => c.check === 'VIP on eth0').map((c) => c.found)).to.deep.equal(['10.77.0.50/32 (eth0:lvs)', '10.77.0.51/32 (eth0:lvs1)']);
      expect(checks.filter((c) => c.check.startsWith('mangle MARK rule')).map((c) => c.expected)).to.deep.equal([
        '-d 10.77.0.50/32 -j MARK 80',
        '-d 10.77.0.50/32 -j MARK 80',
      ]);
      const lost = directorChecks(
        none,
        state({ addresses: addresses.slice(0, 2), ipvs: withHttps(1, 2) }, { ...files, director_interfaces: 'address 10.77.0.50\n' }),
      );
      expect(failed(lost)).to.deep.equal(['VIP on eth0: absent', 'VIP at boot (interfaces.d): 10.77.0.51 missing']);
    });
  });

  it("IPVS's own settings (lvs_ipvs_sysctls): the running value and the boot file's, a setting lost after a reboot named", () => {
    const withSysctls: DirectorArgs = {
      ...args,
      ipvs_sysctls: { expire_nodest_conn: '1', expire_quiescent_template: '1' },
      ipvs_sysctl_file: '/etc/sysctl.d/90-lvsplay-ipvs.conf',
    };
    const value = (v: string) => ({ exists: true, value: v });
    const running = { 'net.ipv4.vs.expire_nodest_conn': value('1'), 'net.ipv4.vs.expire_quiescent_template': value('1') };
    const boot = { ipvs_sysctl: 'net.ipv4.vs.expire_nodest_conn = 0\nnet.ipv4.vs.expire_nodest_conn=1\nnet.ipv4.vs.expire_quiescent_template = 1\n' };
    const checks = directorChecks(withSysctls, state({ sysctls: running }, boot));
    expect(failed(checks)).to.deep.equal([]);
    expect(checks.filter((c) => c.check.startsWith('net.ipv4.vs.')).map((c) => c.check)).to.deep.equal([
      'net.ipv4.vs.expire_nodest_conn (runtime)',
      'net.ipv4.vs.expire_nodest_conn (/etc/sysctl.d/90-lvsplay-ipvs.conf)',
      'net.ipv4.vs.expire_quiescent_template (runtime)',
      'net.ipv4.vs.expire_quiescent_template (/etc/sysctl.d/90-lvsplay-ipvs.conf)',
    ]);
    // ip_vs not loaded (the settings do not exist), and the file lost one line
    const lost = directorChecks(
      withSysctls,
      state(
        { sysctls: { 'net.ipv4.vs.expire_nodest_conn': { exists: false }, 'net.ipv4.vs.expire_quiescent_template': value('0') } },
        {
          ipvs_sysctl: 'net.ipv4.vs.expire_nodest_conn = 1\n',
        },
      ),
    );
    expect(failed(lost)).to.deep.equal([
      'net.ipv4.vs.expire_nodest_conn (runtime): no such key',
      'net.ipv4.vs.expire_quiescent_template (runtime): 0',
      'net.ipv4.vs.expire_quiescent_template (/etc/sysctl.d/90-lvsplay-ipvs.conf): absent',
    ]);
    expect(failed(directorChecks(withSysctls, state({ sysctls: running })))).to.deep.equal([
      'net.ipv4.vs.expire_nodest_conn (/etc/sysctl.d/90-lvsplay-ipvs.conf): file absent',
      'net.ipv4.vs.expire_quiescent_template (/etc/sysctl.d/90-lvsplay-ipvs.conf): file absent',
    ]);
  });
});

describe('lvs_verify node checks', () => {
  const node: NodeArgs = { role: 'node', vips: ['10.77.0.50', '10.77.0.51'], sysctl_file: '/etc/sysctl.d/90-lvsplay-lvs-dr.conf', node_interfaces_file: '/x' };
  const sysctls = { 'net.ipv4.conf.all.arp_ignore': { exists: true, value: '1' }, 'net.ipv4.conf.all.arp_announce': { exists: true, value: '2' } };
  const stanza = (i: number, vip: string): string => `auto lo:${i}\niface lo:${i} inet static\n    address ${vip}\n    netmask 255.255.255.255\n`;
  const files = {
    sysctl: 'net.ipv4.conf.all.arp_ignore = 1\nnet.ipv4.conf.all.arp_announce = 2\n',
    node_interfaces: stanza(0, '10.77.0.50') + stanza(1, '10.77.0.51'),
    interfaces: 'source /etc/network/interfaces.d/*\n',
  };
  const both = parseIpAddrLines('1: lo    inet 10.77.0.50/32 scope global lo:0\n1: lo    inet 10.77.0.51/32 scope global lo:1');
  const bad = (checks: ReturnType<typeof nodeChecks>): string[] => checks.filter((c) => !c.ok).map((c) => `${c.check}: ${c.found}`);

  it('every VIP on lo with its label and its stanza: every check passes', () => {
    expect(bad(nodeChecks(node, { addresses: both, files, sysctls }))).to.deep.equal([]);
  });

  it('the second VIP gone from lo and from the file is named', () => {
    const checks = nodeChecks(node, { addresses: both.slice(0, 1), files: { ...files, node_interfaces: stanza(0, '10.77.0.50') }, sysctls });
    expect(bad(checks)).to.deep.equal(['VIP on lo: absent', 'lo:1 at boot (interfaces.d): different content']);
  });
});
