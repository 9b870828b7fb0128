// lvs_verify's director checks against probe output as a director prints it: the runtime IPVS
// table is judged whoever owns it (keepalived drops a real server whose health check fails),
// keepalived's own state is read per host, and a malformed table is a failed check, not a crash.
import { expect } from 'chai';
import { directorChecks, type VerifyArgs } from '../../../src/modules/lvs-verify/checks.js';

const servers = [{ address: '10.77.0.21' }, { address: '10.77.0.22' }];
const args: VerifyArgs = {
  role: 'director',
  vip: '10.77.0.50',
  fwmark: 80,
  scheduler: 'lc',
  real_servers: servers,
  interface: 'eth0',
  ha: 'keepalived_native',
};
const conf = 'vrrp_instance LVS_51 {\n  virtual_ipaddress {\n    10.77.0.50/32 dev eth0 label eth0:lvs\n  }\n}\nvirtual_server fwmark 80 {\n}\n';
const mark =
  '-P PREROUTING ACCEPT\n-A PREROUTING -d 10.77.0.50/32 -p tcp -m multiport --dports 80 -m comment --comment "lvsplay fwmark 80 tcp" -j MARK --set-xmark 0x50/0xffffffff';
const rules = `*mangle\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -d 10.77.0.50/32 -j MARK --set-xmark 0x50/0xffffffff\nCOMMIT\n`;
const table = (...rs: string[]): string => ['-A -f 80 -s lc', ...rs.map((r) => `-a -f 80 -r ${r}:0 -g -w 1`)].join('\n') + '\n@@rc:0';

function probe(over: Record<string, string> = {}): Map<string, string> {
  return new Map(
    Object.entries({
      addr: '2: eth0    inet 10.77.0.11/24 scope global eth0\n2: eth0    inet 10.77.0.50/32 scope global eth0:lvs',
      mangle: mark,
      ipvs: table('10.77.0.21', '10.77.0.22'),
      keepalived: 'running',
      'keepalived-boot': 'enabled',
      'file rules': rules,
      'file keepalived_conf': conf,
      ...over,
    }),
  );
}

const failed = (checks: ReturnType<typeof directorChecks>): string[] => checks.filter((c) => !c.ok).map((c) => `${c.check}: ${c.found}`);

describe('lvs_verify director checks', () => {
  it('keepalived_native, everything in place: every check passes and the VRRP role is shown', () => {
    const checks = directorChecks(args, probe());
    expect(failed(checks)).to.deep.equal([]);
    expect(checks.find((c) => c.check === 'VIP (VRRP)')!.found).to.equal('held (master)');
    expect(checks.map((c) => c.check)).to.include('IPVS (runtime, keepalived): real server 10.77.0.22');
  });

  it('a backup director (no VIP) passes too', () => {
    const checks = directorChecks(args, probe({ addr: '2: eth0    inet 10.77.0.12/24 scope global eth0' }));
    expect(failed(checks)).to.deep.equal([]);
    expect(checks.find((c) => c.check === 'VIP (VRRP)')!.found).to.equal('not held (backup)');
  });

  it('names keepalived stopped, not started at boot, a configuration without the VIP, and a real server its health check removed', () => {
    const checks = directorChecks(
      args,
      probe({ keepalived: 'stopped', 'keepalived-boot': 'disabled', 'file keepalived_conf': 'virtual_server fwmark 80 {\n}\n', ipvs: table('10.77.0.21') }),
    );
    expect(failed(checks)).to.deep.equal([
      'keepalived (runtime): stopped',
      'keepalived at boot: disabled',
      'keepalived.conf: VIP missing',
      'IPVS (runtime, keepalived): real server 10.77.0.22: absent',
    ]);
  });

  it('a mark rule deleted by hand fails the runtime check only; the rules file still restores it', () => {
    expect(failed(directorChecks(args, probe({ mangle: '-P PREROUTING ACCEPT' })))).to.deep.equal(['mangle MARK rule (runtime): absent']);
  });

  it('without keepalived the rules file and AUTO are checked, and a malformed table is a failed check', () => {
    const none: VerifyArgs = { ...args, ha: 'none' };
    const checks = directorChecks(
      none,
      probe({
        ipvs: '-A -f 80 -s lc\n-a -f 80 -r garbage -g\n@@rc:0',
        'file ipvs_rules': table('10.77.0.21', '10.77.0.22').replace('\n@@rc:0', ''),
        'file ipvs_default': 'AUTO="true"\n',
        'file director_interfaces': 'iface eth0:lvs inet static\n  address 10.77.0.50\n',
      }),
    );
    expect(failed(checks)).to.deep.equal(['IPVS (runtime): service: unreadable (not ipvsadm save format)']);
  });
});
