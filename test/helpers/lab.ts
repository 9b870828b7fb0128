// Bringing the lab up once for the e2e suites that need it, and reading hosts' files.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { labUp, labDown, probeVip, readLabState, sshLabHost, type LabState, type TrafficResult } from '../../src/lab/index.js';
import type { BalancerStatus } from '../../src/status/balancer-status.js';
import { runCli } from './cli.js';
import { snapshotTree } from './scratch.js';

export function canRunLab(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root';
  if (!existsSync('/usr/sbin/sshd')) return 'needs openssh-server (scripts/setup.sh installs it)';
  return undefined;
}

/** The lab with at least `nodes` nodes and `directors` directors (reuses a matching one). */
export async function ensureLab(nodes: number, directors = 0): Promise<LabState> {
  return labUp({ hosts: nodes, directors, client: true });
}

export async function tearDownLab(): Promise<void> {
  if (process.env.LVSPLAY_KEEP_LAB) return;
  await labDown({});
}

export function hostDir(state: LabState, host: string): string {
  return join(state.stateDir, 'hosts', host);
}

/** Where a path below a host's /etc or /root lives in its host folder (overlay upper dir, home). */
function hostFolderPath(state: LabState, host: string, path: string): string {
  const m = /^\/(etc|root)(?:\/(.*))?$/s.exec(path);
  if (!m) throw new Error(`lab host files: /etc and /root only, not ${path}`);
  return join(hostDir(state, host), m[1] === 'etc' ? 'etc.up' : 'root', m[2] ?? '');
}

/** A file below a host's /etc or /root as the host wrote it (undefined when it never did). */
export function hostFile(state: LabState, host: string, path: string): string | undefined {
  const f = hostFolderPath(state, host, path);
  return existsSync(f) ? readFileSync(f, 'utf8') : undefined;
}

/** Names the host wrote in a folder below its /etc or /root (an absent folder has none). */
export function hostList(state: LabState, host: string, path: string): string[] {
  const d = hostFolderPath(state, host, path.replace(/\/$/, ''));
  return existsSync(d) ? readdirSync(d) : [];
}

/** Every file each host wrote (its overlays and home), to compare before and after a run. */
export function snapshotHosts(state: LabState): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const h of state.hosts.filter((x) => x.kind === 'netns' && x.role !== 'client')) {
    const d = hostDir(state, h.name);
    out[h.name] = {
      ...prefix('etc', snapshotTree(join(d, 'etc.up'))),
      ...prefix('var', snapshotTree(join(d, 'var.up'))),
      ...prefix('root', snapshotTree(join(d, 'root'))),
    };
  }
  return out;
}

function prefix(p: string, tree: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(tree).map(([k, v]) => [`${p}/${k}`, v]));
}

export { readLabState };

/** A command on a lab host over real SSH (the lab's key and known_hosts), e.g. on a VM director. */
export function sshLab(state: LabState, host: string, command: string, timeoutMs = 30_000): Promise<{ code: number; stdout: string; stderr: string }> {
  const labHost = state.hosts.find((h) => h.name === host);
  if (!labHost) throw new Error(`no lab host ${host}`);
  return sshLabHost(state, labHost, command, timeoutMs);
}

/** The same, for a command that must succeed: its stdout, or an error naming host, command and output. */
export async function sshLabOk(state: LabState, host: string, command: string, timeoutMs = 120_000): Promise<string> {
  const r = await sshLab(state, host, command, timeoutMs);
  if (r.code !== 0) throw new Error(`${host}: ${command} failed (exit ${r.code}): ${r.stderr.trim() || r.stdout.trim()}`);
  return r.stdout;
}

/**
 * 30 new connections to the VIP, repeated until every one is answered and every node answered
 * some, or `timeoutMs` passes; returns the last result for the test to assert. Right after
 * site.yaml, keepalived may still be electing its VRRP master (both directors start as backup)
 * and running its first health checks: a few seconds in which a user would see the same.
 */
export async function trafficOnceSettled(timeoutMs = 60_000): Promise<TrafficResult> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const t = await probeVip({ connections: 30 });
    const everyNode = Object.values(t.answeredBy).every((n) => n > 0);
    if ((t.failed === 0 && everyNode) || Date.now() > deadline) return t;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** The balancer as `lvsplay status --once --output json` reads it from the lab's directors. */
export async function labStatus(state: LabState): Promise<BalancerStatus> {
  const res = await runCli(['status', '-i', state.inventoryPath, '--once', '--output', 'json']);
  if (res.code !== 0) throw new Error(`lvsplay status failed (exit ${res.code}): ${res.stderr}`);
  return JSON.parse(res.stdout) as BalancerStatus;
}
