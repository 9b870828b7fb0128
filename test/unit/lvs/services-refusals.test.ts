// lvs_services that cannot work are refused by the argument spec of lvs_virtual_services (the role
// the director and ha roles depend on) before any host is contacted: exit 1 and one line naming the file, line and column of the offending entry.
import { expect } from 'chai';
import { join } from 'node:path';
import { removeDir, scratchDir } from '../../helpers/scratch.js';
import { planWith } from './plan-site.js';

const VARS = 'inv/group_vars/all.yaml';

describe('lvs_services: what the argument spec refuses, located', function () {
  this.timeout(60_000);
  let dir = '';
  beforeEach(() => (dir = scratchDir('lvsplay-services-')));
  afterEach(() => removeDir(dir));

  /** The run's one error line; the run must stop before any task. */
  const refusal = (allVars: string): string => {
    const res = planWith(dir, allVars);
    expect(res.code, res.stdout + res.stderr).to.equal(1);
    expect(res.stdout, 'no task ran').to.not.include('TASK [');
    const lines = res.stderr.trim().split('\n');
    expect(lines, res.stderr).to.have.length(1);
    return lines[0]!.replace(join(dir, VARS), VARS);
  };

  it('two services with the same fwmark', () => {
    const line = refusal('lvs_services:\n  - {vip: 10.77.0.50, fwmark: 7, ports: [80]}\n  - {vip: 10.77.0.51, fwmark: 7}\n');
    expect(line).to.match(
      /^ERROR: inv\/group_vars\/all\.yaml:3:5: role 'lvs_virtual_services' variable 'lvs_services\[1\]' repeats fwmark 7 of element 0 \(host d[12]\)/,
    );
  });

  it('one VIP, protocol and port twice (protocol left out is tcp)', () => {
    const line = refusal(
      'lvs_services:\n  - {vip: 10.77.0.50, ports: [80, 443]}\n  - {vip: 10.77.0.51, ports: [443]}\n  - {vip: 10.77.0.50, protocol: tcp, fwmark: 9, ports: [8080, 443]}\n',
    );
    expect(line).to.match(
      /^ERROR: inv\/group_vars\/all\.yaml:4:5: role 'lvs_virtual_services' variable 'lvs_services\[2\]' repeats vip 10\.77\.0\.50, protocol tcp, ports 443 of element 0/,
    );
  });

  it('the same port over UDP is another service', () => {
    const res = planWith(dir, 'lvs_services:\n  - {vip: 10.77.0.50, ports: [53]}\n  - {vip: 10.77.0.50, protocol: udp, ports: [53]}\n', ['--tags', 'never']);
    expect(res.code, res.stdout + res.stderr).to.equal(0);
  });

  it('a port out of range, at its own line', () => {
    const line = refusal('lvs_services:\n  - vip: 10.77.0.50\n    ports:\n      - 80\n      - 65536\n');
    expect(line).to.match(
      /^ERROR: inv\/group_vars\/all\.yaml:5:9: role 'lvs_virtual_services' variable 'lvs_services\[0\]\.ports\[1\]' is 65536, not from 1 to 65535/,
    );
  });

  it('an unknown health-check type', () => {
    const line = refusal('lvs_services:\n  - vip: 10.77.0.50\n    ports: [80]\n    check: {type: HTTP_GETT}\n');
    expect(line).to.match(
      /^ERROR: inv\/group_vars\/all\.yaml:4:13: role 'lvs_virtual_services' variable 'lvs_services\[0\]\.check\.type' is "HTTP_GETT", not one of "tcp", "ping", "http_get", "ssl_get", "misc"/,
    );
  });

  it('a service with neither fwmark nor ports (it would balance nothing)', () => {
    const line = refusal('lvs_services:\n  - {vip: 10.77.0.50, fwmark: 7}\n  - vip: 10.77.0.51\n    scheduler: rr\n');
    expect(line).to.match(
      /^ERROR: inv\/group_vars\/all\.yaml:3:5: role 'lvs_virtual_services' variable 'lvs_services\[1\]': one of these keys is required: 'fwmark', 'ports' \(host d[12]\)$/,
    );
  });

  it('neither lvs_vip nor lvs_services, said where the spec requires one', () => {
    const line = refusal('lvs_ha: none\n');
    expect(line).to.match(
      /^ERROR: .*roles\/lvs_virtual_services\/meta\/argument_specs\.yaml:\d+:\d+: role 'lvs_virtual_services' one of these variables is required: 'lvs_vip', 'lvs_services'/,
    );
  });
});
