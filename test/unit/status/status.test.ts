// lvsplay status without hosts: ipvsadm's listings recorded on the lab's directors (real IPVS
// kernel) go through the real fact parsers into the status model and the text frame, each
// compared with its fixture (test/fixtures/status/<case>/: the four outputs as recorded, the
// inventory's expectation, status.json and frame.txt); the inventory is read as the roles read it.
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Chalk } from 'chalk';
import { fixturePath } from '../../helpers/paths.js';
import { removeDir, scratchDir, writeIn } from '../../helpers/scratch.js';
import { runCli } from '../../helpers/cli.js';
import { ipvsListingFact, parseIpvsListing, type IpvsListingKind } from '../../../src/facts/ipvs-listing.js';
import { ipAddressesFact } from '../../../src/facts/ip-addresses.js';
import { balancerStatus, type DirectorExpectation } from '../../../src/status/balancer-status.js';
import { directorExpectations } from '../../../src/status/expectations.js';
import { loadInventory } from '../../../src/engine/inventory/index.js';
import { renderFrame, shortNumber } from '../../../src/cli/commands/status/frame.js';

interface StatusCase {
  description: string;
  time: string;
  directors: Array<{ expected: DirectorExpectation; keepalived: boolean }>;
}

const root = fixturePath('status');
const read = (...p: string[]): string => readFileSync(join(root, ...p), 'utf8');
const ok = (stdout: string): { stdout: string; stderr: string; exitCode: number; durationMs: number } => ({ stdout, stderr: '', exitCode: 0, durationMs: 1 });

function statusOf(name: string): ReturnType<typeof balancerStatus> {
  const c = JSON.parse(read(name, 'case.json')) as StatusCase;
  const listing = (d: string, kind: IpvsListingKind): ReturnType<typeof parseIpvsListing> => ipvsListingFact.parse(ok(read(name, `${d}.${kind}.txt`)), kind);
  return balancerStatus(
    c.directors.map(({ expected, keepalived }) => ({
      expected,
      reading: {
        connections: listing(expected.name, 'connections'),
        stats: listing(expected.name, 'stats'),
        rate: listing(expected.name, 'rate'),
        addresses: ipAddressesFact.parse(ok(read(name, `${expected.name}.addresses.txt`)), undefined),
        keepalived,
      },
    })),
    new Date(c.time),
  );
}

describe('lvsplay status (recorded ipvsadm output)', () => {
  for (const name of readdirSync(root).sort()) {
    const description = (JSON.parse(read(name, 'case.json')) as StatusCase).description;
    it(`${name}: ${description}: status.json`, () => {
      expect(statusOf(name)).to.deep.equal(JSON.parse(read(name, 'status.json')));
    });
    it(`${name}: frame.txt`, () => {
      expect(renderFrame(statusOf(name), new Chalk({ level: 0 }), 'inventory.ini') + '\n').to.equal(read(name, 'frame.txt'));
    });
  }

  it("what the lab showed: every node's share of the 66 connections sent (60 counted by lab traffic, 6 while settling), a drained and a down node", () => {
    const traffic = statusOf('ha-pair-traffic');
    expect(traffic.vips).to.deep.equal([{ vip: '10.77.0.50', heldBy: ['d1'] }]);
    const fwm = traffic.directors[0]!.services.find((s) => s.key === 'fwmark:80')!;
    expect(fwm.realServers.map((r) => [r.node, r.state, r.weight, r.total!.conns])).to.deep.equal([
      ['s1', 'up', 1, 22],
      ['s2', 'up', 1, 22],
      ['s3', 'up', 1, 22],
    ]);
    expect(fwm.total!.outPackets, 'direct routing: the director sends no replies').to.equal(0);
    const maintenance = statusOf('drained-and-down').directors.map((d) => d.services[0]!.realServers.map((r) => `${r.node} ${r.state}`));
    expect(maintenance).to.deep.equal([
      ['s1 up', 's2 drained', 's3 down'],
      ['s1 up', 's2 drained', 's3 down'],
    ]);
  });

  it('refuses rounded (non --exact) figures and unknown lines, naming the line', () => {
    const rounded =
      'IP Virtual Server version 1.2.1 (size=4096)\nProt LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes\n  -> RemoteAddress:Port\nFWM  80                                 12     1440K       0    10368        0\n';
    expect(() => parseIpvsListing(rounded, 'stats')).to.throw(/line 4: expected five exact numbers/);
    const ipv6 =
      'IP Virtual Server version 1.2.1 (size=4096)\nProt LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\nTCP  [2001:db8::1]:80 wlc\n';
    expect(() => parseIpvsListing(ipv6, 'connections')).to.throw(/line 4: not a service or real server line/);
    expect(() => parseIpvsListing('Prot LocalAddress:Port Scheduler Flags\nFWM  80 lc\n', 'rate')).to.throw(/expected the rate listing's header/);
  });

  it('short numbers for rates', () => {
    expect([0, 999, 1000, 1234, 56789, 1_234_567].map(shortNumber)).to.deep.equal(['0', '999', '1.0k', '1.2k', '57k', '1.2M']);
  });
});

describe('lvsplay status: the inventory as the roles read it', () => {
  let dir: string;
  beforeEach(() => (dir = scratchDir()));
  afterEach(() => removeDir(dir));

  it('directors from the directors group; nodes from lvs_nodes_group with ansible_host and lvs_weight, or lvs_real_servers', () => {
    const inv = writeIn(
      dir,
      'hosts.ini',
      '[directors]\nd1 ansible_host=10.77.0.11\nd2 ansible_host=10.77.0.12 lvs_real_servers=\'[{"address": "10.77.0.22", "weight": 2}]\'\n[nodes]\ns1 ansible_host=10.77.0.21 lvs_weight=3\ns2 ansible_host=10.77.0.22\n[all:vars]\nlvs_vip=10.77.0.50\nlvs_fwmark=7\n',
    );
    expect(directorExpectations(loadInventory([inv]), inv)).to.deep.equal([
      {
        name: 'd1',
        address: '10.77.0.11',
        vip: '10.77.0.50',
        serviceKey: 'fwmark:7',
        nodes: [
          { node: 's1', address: '10.77.0.21', weight: 3 },
          { node: 's2', address: '10.77.0.22', weight: 1 },
        ],
      },
      { name: 'd2', address: '10.77.0.12', vip: '10.77.0.50', serviceKey: 'fwmark:7', nodes: [{ node: 's2', address: '10.77.0.22', weight: 2 }] },
    ]);
  });

  it('bad input is one line, exit 1, no host contacted: an unknown inventory, an inventory without directors, a bad option', async () => {
    const missing = await runCli(['status', '-i', join(dir, 'no-such-inventory'), '--once']);
    expect([missing.code, missing.stdout, missing.stderr]).to.deep.equal([
      1,
      '',
      `ERROR: inventory not found: ${join(dir, 'no-such-inventory')} (expected an existing inventory file or folder, or a host list like web1,web2,)\n`,
    ]);
    const inv = writeIn(dir, 'hosts.ini', '[nodes]\ns1 ansible_host=10.77.0.21\n');
    const none = await runCli(['status', '-i', inv, '--once']);
    expect([none.code, none.stdout, none.stderr]).to.deep.equal([
      1,
      '',
      `ERROR: no director in ${inv}: its 'directors' group has no host (expected a [directors] group with the director hosts)\n`,
    ]);
    const output = await runCli(['status', '-i', inv, '--output', 'yaml']);
    expect([output.code, output.stderr]).to.deep.equal([1, "ERROR: lvsplay status: unknown --output 'yaml' (expected 'json')\n"]);
  });
});
