// The LVS planning functions on plain data: ipvsadm commands, the ipvsadm.rules and
// /etc/default/ipvsadm contents, rules.v4 editing and rule matching, IPv4 helpers.
import { expect } from 'chai';
import { desiredTable, formatIpvsTable, planIpvsService, withAutoTrue, type DesiredService } from '../../../src/modules/lvs/ipvs-plan.js';
import { parseIpvsRules, type IpvsService } from '../../../src/facts/ipvs-table.js';
import { canonicalRule, ruleLine, sameRule, type RuleArgs } from '../../../src/modules/lvs/iptables-rule.js';
import { editRulesFile } from '../../../src/modules/lvs/rules-file.js';
import { parseDefaultRoutes } from '../../../src/facts/default-route.js';
import { parseIpAddrLines } from '../../../src/facts/ip-addresses.js';

const dr = (address: string, weight = 1) => ({ address, port: 0, forwarding: 'dr' as const, weight });
const tutorial: DesiredService = { key: 'fwmark:80', scheduler: 'lc', realServers: [dr('192.168.1.101'), dr('192.168.1.102'), dr('192.168.1.103')] };

describe('planIpvsService', () => {
  it('plans the tutorial service from nothing and nothing once it runs', () => {
    const commands = planIpvsService(tutorial, []).map((s) => s.command);
    expect(commands).to.deep.equal([
      'ipvsadm -A -f 80 -s lc',
      'ipvsadm -a -f 80 -r 192.168.1.101 -g -w 1',
      'ipvsadm -a -f 80 -r 192.168.1.102 -g -w 1',
      'ipvsadm -a -f 80 -r 192.168.1.103 -g -w 1',
    ]);
    const running = parseIpvsRules(formatIpvsTable(desiredTable(tutorial, [])));
    expect(planIpvsService(tutorial, running)).to.deep.equal([]);
  });

  it('touches only its own service and never clears the table', () => {
    const other: IpvsService = { key: 'fwmark:81', scheduler: 'rr', realServers: [dr('192.168.1.104')] };
    const mine: IpvsService = { key: 'fwmark:80', scheduler: 'wlc', realServers: [dr('192.168.1.104', 5)] };
    const commands = planIpvsService(tutorial, [other, mine]).map((s) => s.command);
    expect(commands).to.deep.equal([
      'ipvsadm -E -f 80 -s lc',
      'ipvsadm -a -f 80 -r 192.168.1.101 -g -w 1',
      'ipvsadm -a -f 80 -r 192.168.1.102 -g -w 1',
      'ipvsadm -a -f 80 -r 192.168.1.103 -g -w 1',
      'ipvsadm -d -f 80 -r 192.168.1.104',
    ]);
    expect(planIpvsService(tutorial, [other, mine], 'absent').map((s) => s.command)).to.deep.equal(['ipvsadm -D -f 80']);
    expect(commands.join('\n')).to.not.match(/-C\b/);
  });

  it('repeats thresholds and tunnel settings on -e (ipvsadm -e resets what it is not given)', () => {
    const running: IpvsService[] = [
      {
        key: 'tcp:10.0.0.1:80',
        scheduler: 'lc',
        realServers: [{ address: '10.0.0.5', port: 80, forwarding: 'tunnel', weight: 1, upperThreshold: 100, tunnel: ['--tun-type', 'ipip'] }],
      },
    ];
    const desired: DesiredService = {
      key: 'tcp:10.0.0.1:80',
      scheduler: 'lc',
      realServers: [{ address: '10.0.0.5', port: 80, forwarding: 'tunnel', weight: 4 }],
    };
    expect(planIpvsService(desired, running).map((s) => s.command)).to.deep.equal(['ipvsadm -e -t 10.0.0.1:80 -r 10.0.0.5:80 -i -w 4 --tun-type ipip -x 100']);
  });

  it('removing persistence is an edit without -p', () => {
    const running = parseIpvsRules('-A -f 80 -s lc -p 300 -M 255.255.255.0\n');
    expect(planIpvsService({ ...tutorial, realServers: [] }, running).map((s) => s.command)).to.deep.equal(['ipvsadm -E -f 80 -s lc']);
  });
});

describe('ipvsadm -Sn format', () => {
  it('formats what it parses, byte for byte (every option ipvsadm prints)', () => {
    const text =
      '-A -t 10.0.0.100:443 -s wrr -p 300 -M 255.255.255.0 --pe sip -b sh-fallback,sh-port -o\n-a -t 10.0.0.100:443 -r 10.0.0.5:8443 -m -w 3\n-a -t 10.0.0.100:443 -r 10.0.0.6:443 -i -w 0 --tun-type gue --tun-port 6080 --tun-nocsum\n-A -f 80 -s lc\n-a -f 80 -r 192.168.1.101:0 -g -w 1\n';
    expect(formatIpvsTable(parseIpvsRules(text))).to.equal(text);
  });

  it('the saved table keeps other services where they are and puts a new one last', () => {
    const running = parseIpvsRules('-A -f 81 -s rr\n-A -f 80 -s rr\n-A -f 82 -s rr\n');
    expect(desiredTable(tutorial, running).map((s) => `${s.key} ${s.scheduler}`)).to.deep.equal(['fwmark:81 rr', 'fwmark:80 lc', 'fwmark:82 rr']);
    expect(desiredTable({ ...tutorial, key: 'fwmark:83' }, running).map((s) => s.key)).to.deep.equal(['fwmark:81', 'fwmark:80', 'fwmark:82', 'fwmark:83']);
    expect(desiredTable(tutorial, running, 'absent').map((s) => s.key)).to.deep.equal(['fwmark:81', 'fwmark:82']);
  });
});

describe('withAutoTrue (/etc/default/ipvsadm)', () => {
  const debian = '# ipvsadm\n\n# if you want to start ipvsadm on boot set this to true\nAUTO="false"\n\n# daemon method (none|master|backup)\nDAEMON="none"\n';
  it('changes only the AUTO line', () => expect(withAutoTrue(debian)).to.equal(debian.replace('AUTO="false"', 'AUTO="true"')));
  it('leaves a true AUTO alone in any quoting', () => {
    for (const t of ['AUTO=true\n', "AUTO='true'\n", '  AUTO = "true"\nDAEMON="none"\n']) expect(withAutoTrue(t)).to.equal(t);
  });
  it('fixes every assignment (the shell keeps the last one)', () => expect(withAutoTrue('AUTO="true"\nAUTO="false"\n')).to.equal('AUTO="true"\nAUTO="true"\n'));
  it('keeps export and comments', () => expect(withAutoTrue('#AUTO="false"\nexport AUTO=no\n')).to.equal('#AUTO="false"\nexport AUTO="true"\n'));
  it('appends when there is no AUTO line, even without a final newline', () => expect(withAutoTrue('DAEMON="none"')).to.equal('DAEMON="none"\nAUTO="true"\n'));
  it('creates a commented file', () => expect(withAutoTrue('')).to.match(/^# .*\nAUTO="true"\nDAEMON="none"\n$/));
});

describe('iptables rule matching', () => {
  const mark: RuleArgs = { table: 'mangle', chain: 'PREROUTING', destination: '192.168.1.100', jump: 'MARK', set_mark: 80, comment: 'lvsplay fwmark 80' };
  it('writes the rule as iptables-save does', () => {
    expect(ruleLine(mark)).to.equal('-A PREROUTING -d 192.168.1.100/32 -m comment --comment "lvsplay fwmark 80" -j MARK --set-xmark 0x50/0xffffffff');
  });
  it('recognises other spellings of the same rule', () => {
    for (const line of [
      '-A PREROUTING -d 192.168.1.100/32 -m comment --comment "lvsplay fwmark 80" -j MARK --set-xmark 0x50/0xffffffff',
      "-A   PREROUTING -d 192.168.1.100 -m comment --comment 'lvsplay fwmark 80' -j MARK --set-mark 80",
      '--append PREROUTING --destination 192.168.1.100 -m comment --comment lvsplay\\ fwmark\\ 80 --jump MARK --set-mark 0x50',
      '-A PREROUTING -m comment --comment "lvsplay fwmark 80" -d 192.168.1.100 -j MARK --set-xmark 80',
    ])
      expect(sameRule(line, mark), line).to.equal(true);
  });
  it('tells different rules apart', () => {
    for (const line of [
      '-A PREROUTING -d 192.168.1.101/32 -m comment --comment "lvsplay fwmark 80" -j MARK --set-xmark 0x50/0xffffffff',
      '-A PREROUTING -d 192.168.1.100/32 -m comment --comment "lvsplay fwmark 80" -j MARK --set-xmark 0x51/0xffffffff',
      '-A PREROUTING ! -d 192.168.1.100/32 -m comment --comment "lvsplay fwmark 80" -j MARK --set-xmark 0x50/0xffffffff',
      '-A PREROUTING -d 192.168.1.100/32 -m comment --comment "other" -j MARK --set-xmark 0x50/0xffffffff',
      '-A PREROUTING -d 192.168.1.100/32 -m comment --comment "lvsplay fwmark 80" -j MARK --set-xmark 0x50/0xff',
      '-A OUTPUT -d 192.168.1.100/32 -m comment --comment "lvsplay fwmark 80" -j MARK --set-xmark 0x50/0xffffffff',
    ])
      expect(sameRule(line, mark), line).to.equal(false);
  });
  it('knows the implicit -m tcp iptables-save adds', () => {
    expect(canonicalRule('-A INPUT -p tcp --dport 22 -j ACCEPT')).to.equal(canonicalRule('-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT'));
    expect(canonicalRule('-A INPUT -p tcp --dport 22 -j ACCEPT')).to.not.equal(canonicalRule('-A INPUT -p tcp --dport 23 -j ACCEPT'));
  });
});

describe('editRulesFile', () => {
  const rule = { table: 'mangle' as const, chain: 'PREROUTING', destination: '192.168.1.100', jump: 'MARK', set_mark: 80 };
  const file = '*filter\n:INPUT ACCEPT [0:0]\n:DOCKER-USER - [0:0]\n-A DOCKER-USER -j RETURN\nCOMMIT\n';
  it('is idempotent, and absent undoes present', () => {
    const once = editRulesFile(file, rule, true, 'rules.v4');
    expect(editRulesFile(once, rule, true, 'rules.v4')).to.equal(once);
    expect(once.startsWith(file)).to.equal(true);
    const removed = editRulesFile(once, rule, false, 'rules.v4');
    expect(removed).to.equal(
      `${file}*mangle\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\nCOMMIT\n`,
    );
  });
  it('declares a chain its section lacks after the other declarations', () => {
    const out = editRulesFile(file, { table: 'filter', chain: 'LVS', jump: 'ACCEPT' }, true, 'rules.v4');
    expect(out).to.equal('*filter\n:INPUT ACCEPT [0:0]\n:DOCKER-USER - [0:0]\n:LVS - [0:0]\n-A DOCKER-USER -j RETURN\n-A LVS -j ACCEPT\nCOMMIT\n');
  });
  it('keeps CRLF lines, comments and blank lines it does not own', () => {
    const crlf = '# keep me\r\n\r\n*mangle\r\n:PREROUTING ACCEPT [0:0]\r\nCOMMIT\r\n';
    const out = editRulesFile(crlf, rule, true, 'rules.v4');
    expect(out).to.equal(
      '# keep me\r\n\r\n*mangle\r\n:PREROUTING ACCEPT [0:0]\r\n-A PREROUTING -d 192.168.1.100/32 -j MARK --set-xmark 0x50/0xffffffff\r\nCOMMIT\r\n',
    );
  });
  it('refuses what is not restore format, naming file and line', () => {
    expect(() => editRulesFile('*mangle\nCOMMIT\n-A PREROUTING -j ACCEPT\n', rule, true, '/etc/iptables/rules.v4')).to.throw(
      "/etc/iptables/rules.v4:3: '-A PREROUTING -j ACCEPT' outside a table",
    );
    expect(() => editRulesFile('*mangle\n*filter\nCOMMIT\n', rule, true, 'f')).to.throw('f:2: table *filter starts before *mangle was committed');
    expect(() => editRulesFile('COMMIT\n', rule, false, 'f')).to.throw('f:1: COMMIT outside a table');
    expect(() => editRulesFile('*bogus\nCOMMIT\n', rule, false, 'f')).to.throw("f:1: unknown table '*bogus'");
  });
});

describe('route and address parsers', () => {
  it('orders default routes by metric', () => {
    expect(parseDefaultRoutes('default via 10.0.0.1 dev b metric 200\ndefault via 10.0.0.2 dev a metric 50\n').map((r) => r.device)).to.deep.equal(['a', 'b']);
  });
  it('takes the label only when it names the device', () => {
    expect(parseIpAddrLines('2: eth0    inet 10.0.0.1/24 scope global dynamic eth0\\ valid_lft 100sec preferred_lft 100sec\n')[0]!.label).to.equal('eth0');
    expect(parseIpAddrLines('2: eth0    inet 10.0.0.1/24 scope global eth0:1\\ valid_lft forever preferred_lft forever\n')[0]!.label).to.equal('eth0:1');
  });
});
