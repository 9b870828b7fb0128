// Bringing the lab up once for the e2e suites that need it, and reading hosts' files.
import { readFileSync, existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { labUp, labDown, probeVip, readLabState, type LabState, type TrafficResult } from '../../src/lab/index.js';
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

/** A file as the host sees it, from the host's /etc overlay (undefined when the host never wrote it). */
export function hostEtcFile(state: LabState, host: string, path: string): string | undefined {
  const f = join(hostDir(state, host), 'etc.up', path.replace(/^\/etc\//, ''));
  return existsSync(f) ? readFileSync(f, 'utf8') : undefined;
}

/** Every file each host wrote (its overlays and home), to compare before and after a run. */
export function snapshotHosts(state: LabState): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const h of state.hosts.filter((x) => x.kind === 'netns' && x.role !== 'client')) {
    const d = hostDir(state, h.name);
    out[h.name] = { ...prefix('etc', snapshotTree(join(d, 'etc.up'))), ...prefix('var', snapshotTree(join(d, 'var.up'))), ...prefix('root', snapshotTree(join(d, 'root'))) };
  }
  return out;
}

function prefix(p: string, tree: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(tree).map(([k, v]) => [`${p}/${k}`, v]));
}

export { readLabState };

/** A command on a lab host over real SSH (the lab's key and known_hosts), e.g. on a VM director. */
export function sshLab(state: LabState, host: string, command: string, timeoutMs = 30_000): Promise<{ code: number; stdout: string; stderr: string }> {
  const address = state.hosts.find((h) => h.name === host)?.address;
  if (!address) throw new Error(`no lab host ${host}`);
  const argv = ['-i', state.keyPath, '-o', `UserKnownHostsFile=${state.knownHostsPath}`, '-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=20', `root@${address}`, command];
  return new Promise((resolvePromise, reject) => {
    const child = spawn('ssh', argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? -1, stdout, stderr });
    });
  });
}

/**
 * 30 new connections to the VIP, repeated until every one is answered and every node answered
 * some, or `timeoutMs` passes; returns the last result for the test to assert. Right after
 * site.yaml, keepalived may still be electing its VRRP master (both directors start as backup)
 * and running its first health checks: a few seconds in which a user would see the same.
 */
export async function trafficOnceSettled(timeoutMs = 30_000): Promise<TrafficResult> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const t = await probeVip({ connections: 30 });
    const everyNode = Object.values(t.answeredBy).every((n) => n > 0);
    if ((t.failed === 0 && everyNode) || Date.now() > deadline) return t;
    await new Promise((r) => setTimeout(r, 1000));
  }
}
