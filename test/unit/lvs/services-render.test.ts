// lvs_services: several virtual services, planned with --check --diff over the local connection
// (plan-site.ts): TCP 80 and UDP 53 on one VIP, TCP 443 with persistence on a second VIP.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runCli } from '../../helpers/cli.js';
import { repoPath } from '../../helpers/paths.js';
import { removeDir, scratchDir, writeIn } from '../../helpers/scratch.js';
import { planWith, SERVICES } from './plan-site.js';

/** The variables a role sets (defaults, vars) or declares (meta/argument_specs.yaml). */
function roleVariables(role: string): string[] {
  const read = (...path: string[]): Record<string, unknown> => {
    const file = repoPath('roles', role, ...path);
    return existsSync(file) ? ((parse(readFileSync(file, 'utf8')) as Record<string, unknown> | null) ?? {}) : {};
  };
  const specs = read('meta', 'argument_specs.yaml') as { argument_specs?: { main?: { options?: Record<string, unknown> } } };
  return [...Object.keys(read('defaults', 'main.yaml')), ...Object.keys(read('vars', 'main.yaml')), ...Object.keys(specs.argument_specs?.main?.options ?? {})];
}

describe('lvs_services: several virtual services (planned with --check)', function () {
  this.timeout(120_000);
  let dir = '';
  beforeEach(() => (dir = scratchDir('lvsplay-services-')));
  afterEach(() => removeDir(dir));

  it('the director and ha roles take the services from one role, and neither sets its variables again', () => {
    // Both depend on lvs_virtual_services (meta/main.yaml). A variable of it set again in one
    // role's defaults, vars or spec would let the two roles see, or check, different services.
    const shared = roleVariables('lvs_virtual_services');
    expect(shared).to.include.members(['lvs_services', 'lvs_vip', 'lvs_fwmark', '_lvs_services', '_lvs_vips', '_lvs_mark_rules']);
    for (const role of ['director', 'ha']) {
      const meta = parse(readFileSync(repoPath('roles', role, 'meta', 'main.yaml'), 'utf8')) as { dependencies?: unknown[] };
      expect(meta.dependencies, role).to.deep.equal(['lvs_virtual_services']);
      expect(
        roleVariables(role).filter((name) => shared.includes(name)),
        role,
      ).to.deep.equal([]);
    }
  });

  for (const [name, vars] of Object.entries({ lvs_services: SERVICES, 'single-service variables': 'lvs_vip: 10.77.0.50\nlvs_ports: [80, "53/udp"]\n' })) {
    it(`the director role alone and the ha role alone derive the same services (${name})`, async () => {
      const derived = async (role: string): Promise<string[]> => {
        const play = `- hosts: directors
  gather_facts: false
  roles:
    - {role: ${role}, tags: [never]}
  tasks:
    - debug: msg="{{ _lvs_services | to_json }}"
    - debug: msg="{{ _lvs_mark_rules | to_json }} {{ _lvs_vips | to_json }}"
`;
        writeIn(dir, `${role}.yaml`, play);
        writeIn(dir, 'inv/group_vars/all.yaml', vars);
        const hosts = writeIn(
          dir,
          'inv/hosts',
          '[directors]\nd1 ansible_connection=local\n[nodes]\ns1 ansible_host=10.77.0.21\ns2 ansible_host=10.77.0.22 lvs_weight=3\n',
        );
        const res = await runCli(['run', join(dir, `${role}.yaml`), '-i', hosts], { cwd: dir });
        expect(res.code, res.stdout + res.stderr).to.equal(0);
        return [...res.stdout.matchAll(/^ok: \[d1\] => (.*)$/gm)].map((m) => m[1]!);
      };
      const director = await derived('director');
      expect(director).to.have.length(2);
      expect(director[0]).to.match(/^\[\{"vip": "10\.77\.0\.50"/);
      expect(await derived('ha')).to.deep.equal(director);
    });
  }

  it('marks, IPVS services, VIPs on the director and on every node (lvs_ha none)', () => {
    const res = planWith(dir, SERVICES);
    expect(res.code, res.stdout.slice(-3000) + res.stderr).to.equal(0);
    const out = res.stdout;
    // one mark rule, for the fwmark service only
    expect(out).to.include(
      "[d1] iptables -t mangle -A PREROUTING -d 10.77.0.50/32 -p tcp -m multiport --dports 80 -m comment --comment 'lvsplay fwmark 80 tcp' -j MARK --set-xmark 0x50/0xffffffff (would run)",
    );
    expect(out.match(/\[d1\] iptables -t mangle -A/g)).to.have.length(1);
    // three IPVS services: by mark, and two by address (one with persistence and its own real server)
    expect(out).to.include('[d1] add IPVS service -f 80 (lc) (would run)');
    expect(out).to.include('[d1] add IPVS service -u 10.77.0.50:53 (rr) (would run)');
    expect(out).to.include('[d1] add IPVS service -t 10.77.0.51:443 (lc) (would run)');
    expect(out).to.match(/\+-A -t 10\.77\.0\.51:443 -s lc -p 600\n/);
    expect(out).to.match(/\+-a -t 10\.77\.0\.51:443 -r 10\.77\.0\.21:443 -g -w 2\n/);
    expect(out).to.match(/\+-a -u 10\.77\.0\.50:53 -r 10\.77\.0\.22:53 -g -w 3\n/);
    expect(out).to.not.match(/-a -t 10\.77\.0\.51:443 -r 10\.77\.0\.22/);
    // the director holds both VIPs, the first with the label it always had
    expect(out).to.include('[d1] add 10.77.0.50/32 to eth0 (label eth0:lvs) (would run)');
    expect(out).to.include('[d1] add 10.77.0.51/32 to eth0 (label eth0:lvs1) (would run)');
    expect(out).to.include('+auto eth0:lvs1\n+iface eth0:lvs1 inet static\n+    address 10.77.0.51\n');
    // every node holds each VIP once, on its own label, and brings both up at boot
    for (const n of ['s1', 's2']) {
      expect(out).to.include(`[${n}] add 10.77.0.50/32 to lo (label lo:0) (would run)`);
      expect(out).to.include(`[${n}] add 10.77.0.51/32 to lo (label lo:1) (would run)`);
    }
    expect(out).to.include('+auto lo:1\n+iface lo:1 inet static\n+    address 10.77.0.51\n+    netmask 255.255.255.255\n');
    expect(out.match(/\[s1\] add .* to lo/g)).to.have.length(2);
  });

  it("keepalived: one virtual_server per service, every VIP in VRRP, each service's health check", () => {
    const res = planWith(dir, `${SERVICES}lvs_ha: keepalived_native\n`);
    expect(res.code, res.stdout.slice(-3000) + res.stderr).to.equal(0);
    const conf = res.stdout.split('+++ after: /etc/keepalived/keepalived.conf\n@@\n')[1]!.split('\n  [d2]')[0]!;
    expect(conf).to.include('+        10.77.0.50/32 dev eth0 label eth0:lvs\n+        10.77.0.51/32 dev eth0 label eth0:lvs1\n');
    expect(conf.match(/^\+virtual_server /gm)).to.have.length(3);
    expect(conf).to.include('+virtual_server fwmark 80 {');
    expect(conf).to.include('+virtual_server 10.77.0.50 53 {\n+    protocol UDP\n+    delay_loop 6\n+    lb_algo rr\n');
    expect(conf).to.include('+virtual_server 10.77.0.51 443 {\n+    protocol TCP\n');
    expect(conf).to.include('+    persistence_timeout 600\n');
    // fwmark: TCP connect to its first port; udp 53: the user's script; 443: SSL_GET
    expect(conf).to.include('+            connect_ip 10.77.0.21\n+            connect_port 80\n');
    expect(conf).to.include('+            misc_path "/usr/local/bin/check-dns 10.77.0.22"\n');
    expect(conf).to.include(
      '+    real_server 10.77.0.21 443 {\n+        weight 2\n+        SSL_GET {\n+            url {\n+                path /health\n+                status_code 204\n',
    );
    // every real server of every virtual_server carries the drain weight check: drain.yaml's one
    // file per address then drains the node in all its services
    const realServers = conf.match(/^\+ {4}real_server (\S+)/gm)!.map((l) => l.split(' ').pop());
    const weightChecks = [...conf.matchAll(/^\+ {12}misc_path "\/etc\/keepalived\/lvsplay-weight (\S+) \d+"$/gm)].map((m) => m[1]);
    expect(realServers).to.have.length(5);
    expect(weightChecks).to.deep.equal(realServers);
    // keepalived itself accepts it (the role runs the same check before it installs the file)
    const file = writeIn(
      dir,
      'keepalived.conf',
      conf
        .split('\n')
        .filter((l) => l.startsWith('+'))
        .map((l) => l.slice(1))
        .join('\n') + '\n',
    );
    const check = spawnSync('keepalived', ['-t', '-f', file], { encoding: 'utf8' });
    expect(check.status, check.stderr).to.equal(0);
    expect(check.stderr).to.not.match(/Unknown|ignoring|defaulting/);
    // no IPVS rules from the director role: keepalived owns the table
    expect(res.stdout).to.not.include('add IPVS service');
  });
});
