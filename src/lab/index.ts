// `lvsplay lab up|down|status`: real test hosts on this machine. Nodes (and plain hosts) are
// network namespaces on the bridge lvsbr0 (10.77.0.0/24) with their own /etc, /var, /root and a
// real sshd; directors run on a real IPVS kernel in a qemu VM (src/lab/vm) on the same bridge.
// Only the lab's own addresses are ever targeted.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { bash, must, run } from './sh.js';
import { BRIDGE, CLIENT_ADDRESS, DIRECTOR_ADDRESSES, NETNS_PREFIX, labStateDir, nodeAddress, readLabState, writeLabState, type LabHost, type LabState } from './state.js';
import { createNetwork, ensureBridge, knownHostsLine, netnsName, startManagedHost, vethName } from './netns-host.js';
import { writeLabInventory } from './inventory-file.js';
import { ensureLabPackages, checkLabPrerequisites } from './prerequisites.js';
import { waitForSsh, sshRoundTrip } from './ssh-probe.js';

export { labStateDir, readLabState } from './state.js';
export type { LabState, LabHost } from './state.js';

export interface LabUpOptions {
  hosts?: number;
  directors?: number;
  client?: boolean;
  verbose?: boolean;
  stateDir?: string;
}

export interface HostStatus {
  name: string;
  address: string;
  role: string;
  answers: boolean;
  sshMs?: number;
}

function log(verbose: boolean | undefined, text: string): void {
  if (verbose) process.stderr.write(`lab: ${text}\n`);
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  }));
  return out;
}

export async function labUp(options: LabUpOptions = {}): Promise<LabState> {
  const stateDir = options.stateDir ?? labStateDir();
  const nodes = options.hosts ?? 3;
  const directors = options.directors ?? 0;
  const wantClient = options.client ?? true;
  const started = Date.now();
  checkLabPrerequisites();
  await ensureLabPackages(options.verbose);

  const existing = readLabState(stateDir);
  if (existing) {
    const same = existing.hosts.filter((h) => h.role === 'node').length === nodes && existing.hosts.filter((h) => h.role === 'director').length === directors && existing.hosts.some((h) => h.role === 'client') === wantClient;
    if (same && (await labStatus({ stateDir })).every((h) => h.answers)) {
      log(options.verbose, 'already up');
      return existing;
    }
    await labDown({ stateDir, ...(options.verbose !== undefined ? { verbose: options.verbose } : {}) });
  }
  await cleanLeftovers();
  mkdirSync(stateDir, { recursive: true });
  const keyPath = join(stateDir, 'id_ed25519');
  if (!existsSync(keyPath)) await must(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', 'lvsplay-lab-client', '-f', keyPath]);
  const authorizedKey = readFileSync(`${keyPath}.pub`, 'utf8');
  const sudoPassword = randomBytes(9).toString('base64url');
  writeFileSync(join(stateDir, 'become-password'), sudoPassword + '\n', { mode: 0o600 });

  const state: LabState = {
    stateDir,
    inventoryPath: join(stateDir, 'inventory.ini'),
    keyPath,
    knownHostsPath: join(stateDir, 'known_hosts'),
    hosts: [],
    timings: {},
  };
  await ensureBridge();

  const nodeHosts: LabHost[] = Array.from({ length: nodes }, (_, i) => ({ name: `s${i + 1}`, address: nodeAddress(i), role: 'node', kind: 'netns' }));
  const t0 = Date.now();
  await mapLimit(nodeHosts, 16, async (h) => {
    await createNetwork(h.name, h.address);
    h.netns = netnsName(h.name);
    h.veth = vethName(h.name);
    h.sshdPid = await startManagedHost({ name: h.name, address: h.address, dir: join(stateDir, 'hosts', h.name) }, authorizedKey, sudoPassword);
  });
  state.hosts.push(...nodeHosts);
  if (wantClient) {
    const client: LabHost = { name: 'client', address: CLIENT_ADDRESS, role: 'client', kind: 'netns', netns: netnsName('client'), veth: vethName('client') };
    await createNetwork(client.name, client.address);
    state.hosts.push(client);
  }
  state.timings.namespacesMs = Date.now() - t0;
  const knownHosts = nodeHosts.map((h) => knownHostsLine({ name: h.name, address: h.address, dir: join(stateDir, 'hosts', h.name) }));

  if (directors > 0) {
    const t1 = Date.now();
    const vm = await loadVmModule();
    const started = await vm.startDirectors({
      stateDir,
      bridge: BRIDGE,
      directors: DIRECTOR_ADDRESSES.slice(0, directors).map((address, i) => ({ name: `d${i + 1}`, address })),
      gateway: '10.77.0.1',
      authorizedKey,
      ...(options.verbose !== undefined ? { verbose: options.verbose } : {}),
    });
    for (const d of started) {
      state.hosts.unshift({ name: d.name, address: d.address, role: 'director', kind: 'vm' });
      knownHosts.push(d.hostKeyLine);
    }
    state.timings.directorsMs = Date.now() - t1;
  }
  writeFileSync(state.knownHostsPath, knownHosts.join('\n') + '\n');
  writeLabInventory(state);
  writeLabState(state);

  const t2 = Date.now();
  const managed = state.hosts.filter((h) => h.role !== 'client');
  await mapLimit(managed, 32, (h) => waitForSsh(state, h, 30_000));
  state.timings.sshReadyMs = Date.now() - t2;
  state.timings.totalMs = Date.now() - started;
  writeLabState(state);
  if (options.verbose) {
    const probe = managed[0] ? await sshRoundTrip(state, managed[0]) : undefined;
    log(true, `${nodes} nodes${wantClient ? ' + client' : ''}${directors ? ` + ${directors} directors` : ''} up in ${(state.timings.totalMs / 1000).toFixed(1)} s (namespaces ${state.timings.namespacesMs} ms${state.timings.directorsMs ? `, directors ${state.timings.directorsMs} ms` : ''}, ssh ready ${state.timings.sshReadyMs} ms)`);
    if (probe !== undefined) log(true, `ssh round trip to ${managed[0]!.name}: ${probe} ms`);
    for (const d of managed.filter((h) => h.role === 'director')) log(true, `ssh round trip to ${d.name}: ${await sshRoundTrip(state, d)} ms`);
  }
  return state;
}

async function loadVmModule(): Promise<{
  startDirectors(o: { stateDir: string; bridge: string; directors: Array<{ name: string; address: string }>; gateway: string; authorizedKey: string; verbose?: boolean }): Promise<Array<{ name: string; address: string; hostKeyLine: string }>>;
  stopDirectors(o: { stateDir: string }): Promise<void>;
}> {
  const path = './vm/index.js';
  try {
    return await import(path);
  } catch (err) {
    throw new Error(`directors on the IPVS kernel VM are not available (${(err as Error).message}); use --directors 0`);
  }
}

/** Everything a lab of any earlier run may have left: namespaces, veths, the bridge. */
async function cleanLeftovers(): Promise<void> {
  const list = await run(['ip', 'netns', 'list']);
  const names = list.stdout.split('\n').map((l) => l.split(' ')[0]!).filter((n) => n.startsWith(NETNS_PREFIX));
  for (const ns of names) {
    // Processes in the namespace (sshd, sessions held open) keep it alive: kill them first.
    await bash(`for p in $(ip netns pids ${ns} 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done; ip netns del ${ns} 2>/dev/null || true`);
  }
  await bash(`for l in $(ip -o link show | awk -F': ' '{print $2}' | cut -d@ -f1 | grep '^lvh-' || true); do ip link del "$l" 2>/dev/null || true; done`);
}

export async function labDown(options: { stateDir?: string; verbose?: boolean } = {}): Promise<void> {
  const stateDir = options.stateDir ?? labStateDir();
  const state = readLabState(stateDir);
  if (state?.hosts.some((h) => h.kind === 'vm') || existsSync(join(stateDir, 'vm'))) {
    try {
      const vm = await loadVmModule();
      await vm.stopDirectors({ stateDir });
    } catch (err) {
      log(options.verbose, `stopping directors: ${(err as Error).message}`);
    }
  }
  await cleanLeftovers();
  await bash(`ip link del ${BRIDGE} 2>/dev/null || true`);
  for (const entry of ['hosts', 'state.json', 'inventory.ini', 'known_hosts', 'group_vars', 'become-password', 'id_ed25519', 'id_ed25519.pub']) {
    rmSync(join(stateDir, entry), { recursive: true, force: true });
  }
  log(options.verbose, 'down');
}

export async function labStatus(options: { stateDir?: string } = {}): Promise<HostStatus[]> {
  const state = readLabState(options.stateDir ?? labStateDir());
  if (!state) return [];
  return mapLimit(state.hosts.filter((h) => h.role !== 'client'), 32, async (h) => {
    const ms = await sshRoundTrip(state, h, 3000);
    return { name: h.name, address: h.address, role: h.role, answers: ms !== undefined, ...(ms !== undefined ? { sshMs: ms } : {}) };
  });
}

/** Run argv inside a lab host's namespaces (network, mount, UTS) without SSH, for test assertions. */
export async function execInHost(name: string, argv: string[], stateDir = labStateDir()): Promise<{ code: number; stdout: string; stderr: string }> {
  const state = readLabState(stateDir);
  const host = state?.hosts.find((h) => h.name === name);
  if (!host) throw new Error(`no lab host ${name}`);
  if (host.role === 'client' || !host.sshdPid) return run(['ip', 'netns', 'exec', netnsName(name), ...argv]);
  return run(['nsenter', '-t', String(host.sshdPid), '-n', '-m', '-u', '--', ...argv]);
}

/** Stop a node's sshd (its network namespace stays; its files stay in the host folder). */
export async function stopSshd(name: string, stateDir = labStateDir()): Promise<void> {
  const host = readLabState(stateDir)?.hosts.find((h) => h.name === name);
  if (!host?.sshdPid) throw new Error(`no namespace lab host ${name} with an sshd`);
  await bash(`kill ${host.sshdPid} 2>/dev/null || true; for i in $(seq 50); do kill -0 ${host.sshdPid} 2>/dev/null || exit 0; sleep 0.1; done`);
}

/** Start a node's sshd again (same files, same host key). */
export async function startSshd(name: string, stateDir = labStateDir()): Promise<void> {
  const state = readLabState(stateDir);
  const host = state?.hosts.find((h) => h.name === name);
  if (!state || !host?.netns) throw new Error(`no namespace lab host ${name}`);
  const authorizedKey = readFileSync(`${state.keyPath}.pub`, 'utf8');
  const password = readFileSync(join(stateDir, 'become-password'), 'utf8').trim();
  host.sshdPid = await startManagedHost({ name: host.name, address: host.address, dir: join(stateDir, 'hosts', host.name) }, authorizedKey, password);
  writeLabState(state);
  await waitForSsh(state, host, 15_000);
}

export async function setLinkDown(name: string): Promise<void> {
  await must(['ip', 'link', 'set', vethName(name), 'down']);
}

export async function setLinkUp(name: string): Promise<void> {
  await must(['ip', 'link', 'set', vethName(name), 'up']);
}
