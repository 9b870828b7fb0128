// drain.yaml, undrain.yaml and rolling.yaml run for real in the day-2 sandbox (day2-sandbox.ts:
// keepalived_native, a stand-in ipvsadm that honours the drain files), with lvsplay and with
// ansible-playbook 2.14 on the same input: the same messages, the same exit code, the same files.
// A node in several services is drained and put back in all of them; the rolling playbook takes
// one node at a time, runs the user's tasks while only that node is drained, and stops the roll
// at a node that does not come back healthy, before the next node is touched.
import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasAnsiblePlaybook } from '../../helpers/ansible-playbook.js';
import { removeDir, scratchDir, writeIn } from '../../helpers/scratch.js';
import { messages, runDay2, runWithIpvsTable, type StubService, type Tool } from './day2-sandbox.js';

const SINGLE: StubService[] = [
  {
    header: 'FWM  80 lc',
    servers: [
      ['10.77.0.21', 0, 1],
      ['10.77.0.22', 0, 3],
    ],
  },
];
// s2 in an HTTPS address service of its own too (weight 2)
const TWO_SERVICES: StubService[] = [...SINGLE, { header: 'TCP  10.77.0.51:443 lc persistent 600', servers: [['10.77.0.22', 443, 2]] }];
const SERVICES_VARS = `lvs_services:
  - {vip: 10.77.0.50, fwmark: 80, ports: [80]}
  - {vip: 10.77.0.51, ports: [443], persistence: 600, real_servers: [{address: 10.77.0.22, weight: 2}]}
`;

const drained = (dir: string): string[] => readdirSync(join(dir, 'drained')).filter((f) => !f.startsWith('.'));

describe('drain, undrain and rolling maintenance in the day-2 sandbox (lvsplay and Ansible)', function () {
  this.timeout(240_000);
  let dir = '';
  beforeEach(() => (dir = scratchDir('lvsplay-day2-')));
  afterEach(() => removeDir(dir));

  for (const tool of ['lvsplay', 'ansible'] as Tool[]) {
    describe(tool, () => {
      before(function () {
        if (tool === 'ansible' && !hasAnsiblePlaybook()) this.skip();
      });

      // Ansible runs the cases where lvsplay's engine could read the playbooks differently
      // (lvs_services, delegation, serial, any_errors_fatal): about 15 s each here.
      const lvsplayOnly = (name: string, test: () => void): void => {
        if (tool === 'lvsplay') it(name, test);
      };

      lvsplayOnly('single service: drain and undrain say what day2-proof.ts reads on the lab', () => {
        const drain = runDay2(dir, tool, 'drain.yaml', SINGLE, ['-e', 'node=s2']);
        expect(drain.code, drain.stdout + drain.stderr).to.equal(0);
        expect(messages(drain.stdout)).to.deep.equal(['d1', 'd2'].map((d) => `s2 (10.77.0.22) drained on ${d}: weight 0, no active connection after N s`));
        expect(drained(dir)).to.deep.equal(['10.77.0.22']);
        const undrain = runDay2(dir, tool, 'undrain.yaml', SINGLE, ['-e', 'node=s2']);
        expect(undrain.code, undrain.stdout + undrain.stderr).to.equal(0);
        expect(messages(undrain.stdout)).to.deep.equal(['d1', 'd2'].map((d) => `s2 (10.77.0.22) is back on ${d} with weight 3`));
        expect(drained(dir)).to.deep.equal([]);
      });

      it('lvs_services: the node is drained and put back in every service it serves; another node is refused', () => {
        const vars = ['-e', `@${writeIn(dir, 'services.yaml', SERVICES_VARS)}`];
        const drain = runDay2(dir, tool, 'drain.yaml', TWO_SERVICES, [...vars, '-e', 'node=s2']);
        expect(drain.code, drain.stdout + drain.stderr).to.equal(0);
        expect(messages(drain.stdout)).to.have.length(2);
        const undrain = runDay2(dir, tool, 'undrain.yaml', TWO_SERVICES, [...vars, '-e', 'node=s2']);
        expect(messages(undrain.stdout)).to.deep.equal(
          ['d1', 'd2'].map((d) => `s2 (10.77.0.22) is back on ${d} with weights FWM 80: 3, TCP 10.77.0.51:443: 2`),
        );
        const refused = runDay2(dir, tool, 'drain.yaml', TWO_SERVICES, [...vars, '-e', 'node=nosuch']);
        expect(refused.code).to.equal(2);
        expect(messages(refused.stdout)).to.deep.equal(['d1', 'd2'].map((d) => `-e node=nosuch: not a real server of ${d} (10.77.0.21, 10.77.0.22)`));
        expect(drained(dir)).to.deep.equal([]);
      });

      lvsplayOnly('drain waits while the node keeps a weight in one service, and names it when the time is up', () => {
        const stuck: StubService[] = [SINGLE[0]!, { header: 'TCP  10.77.0.51:443 lc persistent 600', servers: [['10.77.0.22', 443, 2, 'stuck']] }];
        const vars = ['-e', `@${writeIn(dir, 'services.yaml', SERVICES_VARS)}`, '-e', 'node=s2', '-e', 'drain_timeout=2'];
        const res = runDay2(dir, tool, 'drain.yaml', stuck, vars);
        expect(res.code, res.stdout + res.stderr).to.equal(2);
        expect(messages(res.stdout)).to.deep.equal(
          ['d1', 'd2'].map((d) => `s2 (10.77.0.22) is not drained on ${d} after 2 s: FWM 80: weight 0, 0 active; TCP 10.77.0.51:443: weight 2, 0 active`),
        );
      });

      it('rolling: one node at a time, the maintenance runs while only that node is drained, both back at the end', () => {
        const log = join(dir, 'maintenance.log');
        const tasks = writeIn(
          dir,
          'maintenance.yaml',
          `- name: Maintenance\n  shell: echo "{{ inventory_hostname }} $(ls ${join(dir, 'drained')})" >> ${log}\n`,
        );
        const res = runDay2(dir, tool, 'rolling.yaml', SINGLE, ['-e', `rolling_tasks=${tasks}`]);
        expect(res.code, res.stdout + res.stderr).to.equal(0);
        expect(readFileSync(log, 'utf8')).to.equal('s1 10.77.0.21\ns2 10.77.0.22\n');
        expect(messages(res.stdout)).to.deep.equal(
          (
            [
              ['s1', '10.77.0.21', 1],
              ['s2', '10.77.0.22', 3],
            ] as const
          ).flatMap(([n, a, w]) => [
            ...['d1', 'd2'].map((d) => `${n} (${a}) drained on ${d}: weight 0, no active connection after N s`),
            ...['d1', 'd2'].map((d) => `${n} (${a}) passes its health check on ${d}`),
            ...['d1', 'd2'].map((d) => `${n} (${a}) is back on ${d} with weight ${w}`),
          ]),
        );
        expect(drained(dir)).to.deep.equal([]);
      });

      it('rolling: a node that does not come back healthy stops the roll, named, before the next node', () => {
        const tasks = writeIn(
          dir,
          'maintenance.yaml',
          `- name: The node stays down\n  file:\n    path: "${join(dir, 'down')}/{{ ansible_host }}"\n    state: touch\n`,
        );
        const res = runDay2(dir, tool, 'rolling.yaml', SINGLE, ['-e', `rolling_tasks=${tasks}`, '-e', 'rolling_health_timeout=2']);
        expect(res.code, res.stdout + res.stderr).to.equal(2);
        expect(messages(res.stdout).at(-1)).to.equal(
          's1 (10.77.0.21) did not come back healthy on d1 within 2 s (FWM 80: absent): the roll stops here, s1 stays drained',
        );
        // s1 stays drained; s2 was never touched
        expect(drained(dir)).to.deep.equal(['10.77.0.21']);
        expect(existsSync(join(dir, 'down', '10.77.0.22'))).to.equal(false);
        expect(res.stdout).to.not.match(/s2 \(10\.77\.0\.22\)/);
      });
    });
  }

  describe('without keepalived (the ipvs module edits the table)', () => {
    const TABLE = [
      '-A -f 80 -s lc',
      '-a -f 80 -r 10.77.0.21:0 -g -w 1',
      '-a -f 80 -r 10.77.0.22:0 -g -w 3',
      '-A -t 10.77.0.51:443 -s lc -p 600',
      '-a -t 10.77.0.51:443 -r 10.77.0.22:443 -g -w 2',
    ];
    const table = (w80: number, w443: number): string =>
      [...TABLE.slice(0, 2), `-a -f 80 -r 10.77.0.22:0 -g -w ${w80}`, TABLE[3], `-a -t 10.77.0.51:443 -r 10.77.0.22:443 -g -w ${w443}`, ''].join('\n');

    it('drain sets weight 0 in each service the node serves (table and rules file), undrain puts the inventory weights back', () => {
      const vars = ['-e', `@${writeIn(dir, 'services.yaml', SERVICES_VARS)}`, '-e', 'node=s2'];
      const drain = runWithIpvsTable(dir, 'drain.yaml', TABLE, vars);
      expect(drain.code, drain.stdout + drain.stderr).to.equal(0);
      expect(messages(drain.stdout)).to.deep.equal(['d1', 'd2'].map((d) => `s2 (10.77.0.22) drained on ${d}: weight 0, no active connection after N s`));
      expect(readFileSync(join(dir, 'table.save'), 'utf8')).to.equal(table(0, 0));
      expect(readFileSync(join(dir, 'etc', 'ipvsadm.rules'), 'utf8')).to.include('-a -t 10.77.0.51:443 -r 10.77.0.22:443 -g -w 0');
      const undrain = runWithIpvsTable(dir, 'undrain.yaml', TABLE, vars);
      expect(undrain.code, undrain.stdout + undrain.stderr).to.equal(0);
      expect(readFileSync(join(dir, 'table.save'), 'utf8')).to.equal(table(3, 2));
      expect(readFileSync(join(dir, 'etc', 'ipvsadm.rules'), 'utf8')).to.include('-a -f 80 -r 10.77.0.22:0 -g -w 3');
    });

    it('rolling: the health check is a connection to the check port from each director; a node that never answers stops the roll, named', () => {
      // nothing answers 10.77.0.21:80 in the sandbox's own network namespace
      const res = runWithIpvsTable(dir, 'rolling.yaml', TABLE, ['-e', 'rolling_health_timeout=2']);
      expect(res.code, res.stdout + res.stderr).to.equal(2);
      expect(messages(res.stdout).at(-1)).to.equal(
        's1 (10.77.0.21) did not come back healthy on d1 within 2 s (port 80 closed): the roll stops here, s1 stays drained',
      );
      expect(readFileSync(join(dir, 'table.save'), 'utf8')).to.include('-a -f 80 -r 10.77.0.21:0 -g -w 0\n-a -f 80 -r 10.77.0.22:0 -g -w 3');
    });
  });
});
