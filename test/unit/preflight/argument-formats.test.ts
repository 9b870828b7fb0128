// argument_specs formats: strings that land in keepalived.conf or a unit are held to their shape.
import { expect } from 'chai';
import { checkValue } from '../../../src/engine/preflight/role-arguments.js';

describe('argument_specs formats', () => {
  const cases: Array<[string, string, boolean]> = [
    ['vrrp_password', '', true],
    ['vrrp_password', 's3cr3t-x', true],
    ['vrrp_password', 'toolong123', false],
    ['vrrp_password', 'a\nnotify', false],
    ['vrrp_password', 'a b', false],
    ['vrrp_password', 'a#b', false],
    ['image', 'osixia/keepalived:2.0.20', true],
    ['image', 'registry.example.org/team/keepalived@sha256:' + 'a'.repeat(64), true],
    ['image', 'x; touch /root/canary', false],
    ['image', 'x\nExecStartPost=/bin/touch /root/canary', false],
    ['container_name', 'docker-swarm-keepalived', true],
    ['container_name', '$(id)', false],
    ['group_name', 'directors', true],
    ['group_name', 'nodes`id`', false],
    ['interface_name', 'eth0', true],
    ['port_spec', '80', true],
    ['port_spec', '53/udp', true],
    ['port_spec', '0', false],
    ['port_spec', '80;id', false],
    ['ipv4', '10.77.0.50', true],
    ['ipv4', '10.77.0.50; id', false],
  ];
  it('a list with a format holds each element to it (lvs_ports: [80, "443/tcp"])', () => {
    expect(checkValue([80, '443/tcp'], { type: 'list', elements: 'raw', format: 'port_spec' }, 'lvs_ports')).to.equal(undefined);
    expect(checkValue([80, '$(id)'], { type: 'list', elements: 'raw', format: 'port_spec' }, 'lvs_ports')).to.match(
      /lvs_ports\[1\]' is "\$\(id\)", not a port/,
    );
  });

  for (const [format, value, ok] of cases) {
    it(`${format}: ${JSON.stringify(value).slice(0, 40)} is ${ok ? 'accepted' : 'refused'}`, () => {
      const problem = checkValue(value, { type: 'str', format } as never, 'v');
      if (ok) expect(problem).to.equal(undefined);
      else expect(problem).to.be.a('string');
    });
  }
});
