// lvs_verify's director checks against a director's state as its facts read it: the runtime IPVS
// table is judged whoever owns it (keepalived drops a real server whose health check fails),
// keepalived's own state is read per host, and a malformed table is a failed check, not a crash.
import { expect } from 'chai';
import { directorChecks, type DirectorArgs, type DirectorState } from '../../../src/modules/lvs-verify/checks.js';
import { parseIpAddrLines } from '../../../src/facts/ip-addresses.js';
import { ipvsTableFact } from '../../../src/facts/ipvs-table.js';
import type { ServiceState } from '../../../src/facts/service-state.js';

const servers = [{ address: '10.77.0.21' }, { address: '10.77.0.22' }];
const args: DirectorArgs = {
  role: 'director',
  vip: '10.77.0.50',
  fwmark: 80,
  scheduler: 'lc',
  persistence: 0,
  real_servers: servers,
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
});
