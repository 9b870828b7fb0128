// Issue 16 item 4, the rolling maintenance on the real IPVS kernel (HA pair, keepalived_native,
// 3 nodes), run by day2-proof.ts on proofs.test.ts's HA lab once drain and undrain have passed
// (one lab and one first converge for all): playbooks/rolling.yaml drains every node in turn,
// its maintenance tasks hand over to this proof, which restarts the node's web server (down long
// enough for keepalived's health check to take it out), then the roll waits for the health
// check, undrains, and goes on. All the while the lab's client opens new connections and holds long
// ones (each held a few seconds, then its request finished): 0 failed new connections, 0 reset
// or failed long-lived ones, per node counts printed. Traffic goes only from the lab's client
// namespace to the lab's VIP.
import { expect } from 'chai';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoPath } from '../../helpers/paths.js';
import { until } from '../../helpers/until.js';
import { runCli, spawnCli } from '../../helpers/cli.js';
import { hostDir, labStatus } from '../../helpers/lab.js';
import { holdConnection } from '../../helpers/held-connection.js';
import { removeDir, scratchDir, writeIn } from '../../helpers/scratch.js';
import { formatTraffic, probeVip, startWebServers, stopWebServers, type LabState } from '../../../src/lab/index.js';
import type { BalancerStatus } from '../../../src/status/balancer-status.js';

const VIP = '10.77.0.50';
const CLIENT_NETNS = 'lvsplay-client';
const NODES = ['s1', 's2', 's3'];
// the lab's keepalived checks every 3 s (lvs_health_delay_loop): down for 9 s, three checks
// find the port closed and its TCP check takes the node out of the table
const WEB_DOWN_MS = 9_000;
// a held connection lives this long, so one on a node being drained finishes within the drain
const HOLD_MS = 6_000;
const HELD_AT_ONCE = 3;

// The maintenance, seen from the node: a marker in its host folder (the test sees it as
// hostDir/...), then wait until the test has restarted the web server.
const MAINTENANCE = `- name: Tell the test that this node is drained and in maintenance
  copy:
    dest: /run/lvsplay-host/maintenance-started
    content: "{{ inventory_hostname }}\\n"
- name: Wait until the test has restarted the web server
  wait_for:
    path: /run/lvsplay-host/web-restarted
    timeout: 180
- name: Clear the markers
  file:
    path: "/run/lvsplay-host/{{ item }}"
    state: absent
  loop: [maintenance-started, web-restarted]
`;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Each director's view of a node in fwmark 80: "state weight active", or "absent". */
function nodeOn(status: BalancerStatus, node: string): Record<string, string> {
  return Object.fromEntries(
    status.directors.map((d) => {
      const r = d.services.find((s) => s.key === 'fwmark:80')?.realServers.find((x) => x.node === node);
      return [d.name, r ? `${r.state} ${r.weight} ${r.activeConns}` : 'absent'];
    }),
  );
}

interface Traffic {
  newAnswered: Record<string, number>;
  newFailed: number;
  /** Each failed new connection: when (s since the roll started), in which phase of the roll, and how it failed. */
  newFailures: string[];
  heldFinished: Record<string, number>;
  /** Long-lived connections that did not finish with a node's answer (reset, error, refused). */
  heldBroken: string[];
}

/**
 * Until stop(): new connections in batches, and HELD_AT_ONCE long-lived ones renewed as they
 * finish. A failure is recorded with `when()`: the time and phase of the roll it happened in.
 */
function keepTraffic(stop: () => boolean, when: () => string): { done: Promise<Traffic> } {
  const t: Traffic = {
    newAnswered: Object.fromEntries(NODES.map((n) => [n, 0])),
    newFailed: 0,
    newFailures: [],
    heldFinished: Object.fromEntries(NODES.map((n) => [n, 0])),
    heldBroken: [],
  };
  const newConnections = (async () => {
    while (!stop()) {
      const r = await probeVip({ connections: 10 });
      for (const [n, c] of Object.entries(r.answeredBy)) t.newAnswered[n] = (t.newAnswered[n] ?? 0) + c;
      t.newFailed += r.failed;
      if (r.failed) t.newFailures.push(`${when()}: ${formatTraffic(r)}`);
    }
  })();
  const holder = async (): Promise<void> => {
    while (!stop()) {
      try {
        const held = await holdConnection(CLIENT_NETNS, VIP);
        try {
          await sleep(HOLD_MS);
          const answer = await held.finish(20_000);
          if (answer in t.heldFinished) t.heldFinished[answer]! += 1;
          else t.heldBroken.push(`${when()}: ${answer}`);
        } finally {
          held.close();
        }
      } catch (err) {
        t.heldBroken.push(`${when()}: ${String(err)}`);
      }
    }
  };
  const holders = Array.from({ length: HELD_AT_ONCE }, () => holder());
  return { done: Promise.all([newConnections, ...holders]).then(() => t) };
}

/** The roll over s1..s3 under traffic, on a lab where site.yaml has converged and every node is undrained. */
export async function rollingProof(lab: LabState): Promise<void> {
  const dir = scratchDir('lvsplay-rolling-');
  try {
    await rollUnderTraffic(lab, dir);
  } finally {
    removeDir(dir);
  }
}

async function rollUnderTraffic(lab: LabState, dir: string): Promise<void> {
  const tasks = writeIn(dir, 'maintenance.yaml', MAINTENANCE);
  let rolling = true;
  const started = Date.now();
  let phase = `${NODES[0]} draining`;
  const traffic = keepTraffic(
    () => !rolling,
    () => `${((Date.now() - started) / 1000).toFixed(1)} s, ${phase}`,
  );
  const roll = spawnCli(['run', repoPath('playbooks', 'rolling.yaml'), '-i', lab.inventoryPath, '-e', `rolling_tasks=${tasks}`, '-e', 'drain_timeout=120']);
  let ended: { code: number; stdout: string } | undefined;
  void roll.done.then((r) => (ended = r));
  const restarted: string[] = [];
  const seenDuringMaintenance: Record<string, Record<string, string>> = {};
  try {
    // the maintenance of each node, in the order the roll reaches them
    for (const node of NODES) {
      const marker = join(hostDir(lab, node), 'maintenance-started');
      await until(
        `${node}'s maintenance to start`,
        300_000,
        async () => {
          if (ended) throw new Error(`the roll ended (exit ${ended.code}) before ${node}'s maintenance: ${ended.stdout.slice(-3000)}`);
          return existsSync(marker) ? true : undefined;
        },
        500,
      );
      // drained on both directors: weight 0 and no active connection (the drain waited for it)
      phase = `${node} in maintenance`;
      seenDuringMaintenance[node] = nodeOn(await labStatus(lab), node);
      phase = `${node}'s web server down`;
      await stopWebServers([node]);
      await sleep(WEB_DOWN_MS);
      await startWebServers([node]);
      restarted.push(`${node} ${((Date.now() - started) / 1000).toFixed(0)} s`);
      const next = NODES[NODES.indexOf(node) + 1];
      phase = `${node} coming back${next ? `, then ${next} draining` : ''}`;
      writeFileSync(join(hostDir(lab, node), 'web-restarted'), 'restarted by test/e2e/lvs/rolling-proof.ts\n');
    }
    const done = await roll.done;
    const took = (Date.now() - started) / 1000;
    phase = 'after the roll';
    // a last batch after the roll: all answered
    const after = await probeVip({ connections: 30 });
    rolling = false;
    const t = await traffic.done;
    const final = await labStatus(lab);
    console.log(
      `      roll exit ${done.code} in ${took.toFixed(0)} s (web servers restarted: ${restarted.join(', ')}); new connections: ${NODES.map((n) => `${n} ${t.newAnswered[n]}`).join(', ')}, ${t.newFailed} failed; long-lived: ${NODES.map((n) => `${n} ${t.heldFinished[n]}`).join(', ')}, ${t.heldBroken.length} broken; after: ${formatTraffic(after)}`,
    );
    for (const line of [
      ...t.newFailures.map((f) => `failed new: ${f}`),
      ...t.heldBroken.map((b) => `broken long-lived: ${b}`),
      ...NODES.map((n) => `${n} during its maintenance ${JSON.stringify(seenDuringMaintenance[n])}, after the roll ${JSON.stringify(nodeOn(final, n))}`),
    ])
      console.log(`        ${line}`);
    expect(done.code, done.stdout.slice(-3000)).to.equal(0);
    expect(t.newFailures, 'failed new connections').to.deep.equal([]);
    expect(t.heldBroken, 'long-lived connections not finished by a node').to.deep.equal([]);
    for (const n of NODES) expect(seenDuringMaintenance[n], `${n} during its maintenance`).to.deep.equal({ d1: 'drained 0 0', d2: 'drained 0 0' });
    // the roll's own account, node by node in order
    const said = [...done.stdout.matchAll(/=> (s\d) \(\S+\) (drained on d\d|passes its health check on d\d|is back on d\d with weight 1)/g)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    expect(said).to.deep.equal(
      NODES.flatMap((n) => [
        ...['d1', 'd2'].map((d) => `${n} drained on ${d}`),
        ...['d1', 'd2'].map((d) => `${n} passes its health check on ${d}`),
        ...['d1', 'd2'].map((d) => `${n} is back on ${d} with weight 1`),
      ]),
    );
    // every node back in: weight 1 on both directors (below). Which nodes the last batch reaches
    // is wlc's choice: it counts inactive connections (IPVS keeps a closed one two minutes), and
    // the node rolled first has served the most by then (seen: s1 0 of 30).
    expect(after.failed, formatTraffic(after)).to.equal(0);
    // up at weight 1 on both directors (active connections are whatever the client holds now)
    for (const n of NODES)
      expect(
        Object.values(nodeOn(final, n)).map((v) => v.split(' ').slice(0, 2).join(' ')),
        n,
      ).to.deep.equal(['up 1', 'up 1']);
    const verify = await runCli(['run', repoPath('playbooks', 'verify.yaml'), '-i', lab.inventoryPath]);
    expect(verify.code, verify.stdout.slice(-3000)).to.equal(0);
  } finally {
    rolling = false;
    roll.child.kill('SIGTERM');
    await traffic.done.catch(() => undefined);
    await startWebServers(NODES);
    for (const n of NODES) for (const f of ['maintenance-started', 'web-restarted']) rmSync(join(hostDir(lab, n), f), { force: true });
  }
}
