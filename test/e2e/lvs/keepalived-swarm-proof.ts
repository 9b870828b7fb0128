// Issue 14 item 3: the tutorial's second setup (playbooks/keepalived-swarm.yaml) on real hosts.
// The two systemd VMs of `lab up --ha container` stand in for swarm nodes: each runs the keepalived
// container with the other as its unicast peer, and the VIP lives on the LAN interface (eth0) of
// one of them, never on lo, with no director and no IPVS in between. Called last in
// ha-container.test.ts, on its lab: the playbook replaces the directors' unit of the same name.
import { expect } from 'chai';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, runJson, totalChanged } from '../../helpers/cli.js';
import { sshLabOk } from '../../helpers/lab.js';
import { repoPath } from '../../helpers/paths.js';
import { until } from '../../helpers/until.js';
import { run } from '../../../src/lab/sh.js';
import { strictSshOptions } from '../../../src/lab/ssh-probe.js';
import type { LabState } from '../../../src/lab/index.js';
import { UNIT_NAME, waitContainerRunning } from './keepalived-container.js';

/** A VIP and VRRP router id of its own, so nothing left of the director setup can answer for it. */
const SWARM_VIP = '10.77.0.60';
const ROUTER_ID = 60;
const NODES = ['d1', 'd2'];

const sh = sshLabOk;

/** The nodes whose eth0 holds the VIP, and those whose lo does (there must be none). */
async function vipPlaces(lab: LabState): Promise<{ eth0: string[]; lo: string[] }> {
  const out = await Promise.all(NODES.map((n) => sh(lab, n, 'ip -o -4 addr show dev eth0; echo --lo--; ip -o -4 addr show dev lo')));
  const held = out.map((text) => {
    const [eth0 = '', lo = ''] = text.split('--lo--');
    return { eth0: eth0.includes(`inet ${SWARM_VIP}/`), lo: lo.includes(`inet ${SWARM_VIP}/`) };
  });
  return { eth0: NODES.filter((_, i) => held[i]?.eth0), lo: NODES.filter((_, i) => held[i]?.lo) };
}

function oneHolder(lab: LabState, timeoutMs = 120_000): Promise<string> {
  return until(`exactly one node to hold ${SWARM_VIP}`, timeoutMs, async () => {
    const p = await vipPlaces(lab);
    return p.eth0.length === 1 ? p.eth0[0] : undefined;
  });
}

/**
 * A new SSH connection to the VIP, from this machine over the lab bridge: the name of the node
 * that answered. The known_hosts file lists both nodes' host keys under the VIP's address, so
 * only one of the two nodes can answer (strict checking), and a stale answer cannot pass.
 */
async function answerAtVip(lab: LabState, knownHosts: string): Promise<string> {
  const r = await run(['ssh', ...strictSshOptions(lab.keyPath, knownHosts, 20), `root@${SWARM_VIP}`, 'cat /etc/hostname'], { timeoutMs: 60_000 });
  if (r.code !== 0) throw new Error(`ssh to the VIP ${SWARM_VIP} failed (exit ${r.code}): ${r.stderr.trim()}`);
  return r.stdout.trim();
}

export function describeKeepalivedSwarm(getLab: () => LabState): void {
  describe('playbooks/keepalived-swarm.yaml on real hosts: keepalived containers on the nodes, the VIP on one LAN interface', () => {
    let lab: LabState;
    let inventory = '';
    let knownHosts = '';
    before(function () {
      lab = getLab();
      if (!lab) this.skip();
      const dir = mkdtempSync(join(tmpdir(), 'lvsplay-swarm-'));
      const addresses = NODES.map((n) => lab.hosts.find((h) => h.name === n)!.address);
      inventory = join(dir, 'inventory.ini');
      writeFileSync(
        inventory,
        [
          '[nodes]',
          ...NODES.map((n, i) => `${n} ansible_host=${addresses[i]}`),
          '[all:vars]',
          'ansible_user=root',
          `ansible_ssh_private_key_file=${lab.keyPath}`,
          `lvsplay_known_hosts=${lab.knownHostsPath}`,
          'ansible_ssh_timeout=60',
          `lvs_vip=${SWARM_VIP}`,
          `lvs_vrrp_router_id=${ROUTER_ID}`,
          '',
        ].join('\n'),
      );
      const lines = readFileSync(lab.knownHostsPath, 'utf8').split('\n');
      const vipLines = addresses.flatMap((a) => lines.filter((l) => l.startsWith(`${a} `)).map((l) => `${SWARM_VIP} ${l.slice(a.length + 1)}`));
      expect(vipLines.length, `host keys of ${addresses.join(', ')} in ${lab.knownHostsPath}`).to.be.at.least(2);
      knownHosts = join(dir, 'known_hosts');
      writeFileSync(knownHosts, vipLines.join('\n') + '\n');
    });

    it('converges: the unit on every node with the nodes as unicast peers, active; the VIP on one eth0 and on no lo', async () => {
      const res = await runJson(['run', repoPath('playbooks', 'keepalived-swarm.yaml'), '-i', inventory], { timeoutMs: 900_000 });
      expect(res.code, res.stderr + JSON.stringify(res.report.stats)).to.equal(0);
      for (const n of NODES) {
        const unit = await sh(lab, n, `cat /etc/systemd/system/${UNIT_NAME}`);
        expect(unit).to.include(`"KEEPALIVED_UNICAST_PEERS=#PYTHON2BASH:['10.77.0.11','10.77.0.12']"`);
        expect(unit).to.include(`KEEPALIVED_VIRTUAL_IPS=${SWARM_VIP}`);
        expect(unit).to.include(`KEEPALIVED_ROUTER_ID=${ROUTER_ID}`);
        expect((await sh(lab, n, `systemctl is-active ${UNIT_NAME}`)).trim()).to.equal('active');
        await waitContainerRunning(lab, n, '');
      }
      await oneHolder(lab);
      expect((await vipPlaces(lab)).lo, 'no node holds the VIP on lo').to.deep.equal([]);
    });

    it('a rerun changes nothing', async () => {
      const again = await runJson(['run', repoPath('playbooks', 'keepalived-swarm.yaml'), '-i', inventory], { timeoutMs: 900_000 });
      expect(again.code).to.equal(0);
      expect(totalChanged(again.report), JSON.stringify(again.report.stats)).to.equal(0);
    });

    it("the holder's unit stopped: the VIP moves to the other node, which answers new connections; the unit comes back", async () => {
      const holder = await oneHolder(lab);
      const other = NODES.find((n) => n !== holder)!;
      expect(await answerAtVip(lab, knownHosts)).to.equal(holder);
      const t = Date.now();
      await sh(lab, holder, `systemctl stop ${UNIT_NAME}`);
      expect(await oneHolder(lab, 60_000)).to.equal(other);
      const answeredBy = await until('a new connection to the VIP answered by the other node', 60_000, async () => {
        const who = await answerAtVip(lab, knownHosts).catch(() => undefined);
        return who === other ? who : undefined;
      });
      process.stdout.write(`      ${holder}'s unit stopped: ${SWARM_VIP} answered by ${answeredBy} after ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
      expect((await vipPlaces(lab)).lo).to.deep.equal([]);
      await sh(lab, holder, `systemctl start ${UNIT_NAME}`);
      // nopreempt: the VIP stays on the node it moved to
      await waitContainerRunning(lab, holder, 'again');
      await new Promise((r) => setTimeout(r, 5000));
      expect(await oneHolder(lab, 60_000)).to.equal(other);
      const check = await runCli(['run', repoPath('playbooks', 'keepalived-swarm.yaml'), '-i', inventory, '--check'], { timeoutMs: 600_000 });
      expect(check.code, check.stdout.slice(-2000)).to.equal(0);
    });
  });
}
