// `lvsplay lab up|down|status`: real test hosts on this machine. Nodes (and plain hosts) are
// network namespaces on the bridge lvsbr0 (10.77.0.0/22) with their own /etc, /var, /root and a
// real sshd; directors run on a real IPVS kernel in a qemu VM (src/lab/vm) on the same bridge.
// Only the lab's own addresses are ever targeted.
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { mapWithLimit } from '../util/limit.js';
import { bash, must, run } from './sh.js';
import {
  BRIDGE,
  CLIENT_ADDRESS,
  DIRECTOR_ADDRESSES,
  GATEWAY,
  NETNS_PREFIX,
  labStateDir,
  nodeAddress,
  readLabState,
  writeLabState,
  type LabHost,
  type LabState,
} from './state.js';
import {
  createNetworks,
  deleteNetns,
  ensureBridge,
  knownHostsLine,
  netnsName,
  prepareManagedHost,
  startManagedHost,
  vethName,
  waitForSshd,
  type HostSetup,
  type NetnsHostSpec,
} from './netns-host.js';
import { labAccounts } from './accounts.js';
import { writeLabInventory } from './inventory-file.js';
import { ensureLabPackages, checkLabPrerequisites, LabUnavailableError } from './prerequisites.js';
import { waitForSsh, sshRoundTrip } from './ssh-probe.js';
import { startWebServers } from './web-server.js';

export { labStateDir, readLabState } from './state.js';
export { LabUnavailableError, checkLabMachine } from './prerequisites.js';
export { startWebServers, stopWebServers, WEB_PORT } from './web-server.js';
export { probeVip, formatTraffic, type TrafficResult } from './traffic.js';
export { labReboot, type HostBoot } from './reboot.js';
export { sshLabHost } from './ssh-probe.js';
export type { LabState, LabHost } from './state.js';

export interface LabUpOptions {
  hosts?: number;
  directors?: number;
  client?: boolean;
  /** 'container': the directors boot systemd and run Docker (src/lab/systemd-vm), the inventory
   *  says lvs_ha: keepalived_container and the client host serves the lab registry. */
  ha?: 'native' | 'container';
  verbose?: boolean;
  stateDir?: string;
}

export interface HostStatus {
  name: string;
  address: string;
  role: string;
  /** A real `ssh root@address true` (BatchMode, the lab's known_hosts) succeeded. */
  answers: boolean;
  /** Its wall time. */
  sshMs?: number;
  /** Namespace hosts: whether the sshd that holds the host's namespaces is alive. */
  sshdRunning?: boolean;
}

/**
 * One lab per machine (the bridge, names and addresses are fixed). This file, in /run like the
 * namespaces themselves, names the state folder of the lab that is up, so a second checkout's
 * `lab up` or `lab down` does not silently tear down someone else's running lab.
 */
const OWNER_FILE = '/run/lvsplay-lab.owner';

function runningLabOwner(): string | undefined {
  if (!existsSync(OWNER_FILE)) return undefined;
  const dir = readFileSync(OWNER_FILE, 'utf8').trim();
  // A folder whose state.json is gone no longer owns anything: its lab is leftovers.
  return dir && readLabState(dir) ? dir : undefined;
}

function isOtherLab(stateDir: string): string | undefined {
  const owner = runningLabOwner();
  return owner !== undefined && resolve(owner) !== resolve(stateDir) ? owner : undefined;
}

function pidAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A recycled PID is not our sshd.
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('sshd');
  } catch {
    return false;
  }
}

function log(verbose: boolean | undefined, text: string): void {
  if (verbose) process.stderr.write(`lab: ${text}\n`);
}

export async function labUp(options: LabUpOptions = {}): Promise<LabState> {
  const stateDir = resolve(options.stateDir ?? labStateDir());
  const nodes = options.hosts ?? 3;
  const directors = options.directors ?? 0;
  const wantClient = options.client ?? true;
  const systemdDirectors = options.ha === 'container';
  if (systemdDirectors && (directors === 0 || !wantClient))
    throw new LabUnavailableError('lvsplay lab: --ha container needs directors and the client (it serves the registry)');
  const started = Date.now();
  checkLabPrerequisites();
  const other = isOtherLab(stateDir);
  if (other) {
    throw new LabUnavailableError(
      `lvsplay lab: the lab of ${other} is up on this machine (one lab per machine: same bridge and addresses); take it down first with: LVSPLAY_LAB_DIR=${other} lvsplay lab down`,
    );
  }
  // Before anything is created: without the VM module, say so instead of half a lab.
  const vm = directors > 0 ? await loadVmModule(systemdDirectors) : undefined;
  await ensureLabPackages(options.verbose);

  const existing = readLabState(stateDir);
  if (existing) {
    const same =
      existing.hosts.filter((h) => h.role === 'node').length === nodes &&
      existing.hosts.filter((h) => h.role === 'director').length === directors &&
      existing.hosts.some((h) => h.role === 'client') === wantClient &&
      existing.hosts.filter((h) => h.role === 'director').every((h) => (h.init === 'systemd') === systemdDirectors);
    if (same && (await labStatus({ stateDir })).every((h) => h.answers)) {
      log(options.verbose, 'already up');
      await startWebServers(undefined, stateDir);
      return existing;
    }
    await labDown({ stateDir, ...(options.verbose !== undefined ? { verbose: options.verbose } : {}) });
  }
  await cleanLeftovers();
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(OWNER_FILE, resolve(stateDir) + '\n');
  const keyPath = join(stateDir, 'id_ed25519');
  if (!existsSync(keyPath)) await must(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', 'lvsplay-lab-client', '-f', keyPath]);
  const authorizedKey = readFileSync(`${keyPath}.pub`, 'utf8');
  const sudoPassword = randomBytes(9).toString('base64url');
  writeFileSync(join(stateDir, 'become-password'), sudoPassword + '\n', { mode: 0o600 });
  chmodSync(join(stateDir, 'become-password'), 0o600);

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
  const client: LabHost | undefined = wantClient ? { name: 'client', address: CLIENT_ADDRESS, role: 'client', kind: 'netns' } : undefined;
  const netnsHosts = client ? [...nodeHosts, client] : nodeHosts;
  for (const h of netnsHosts) {
    h.netns = netnsName(h.name);
    h.veth = vethName(h.name);
  }
  const directorList = DIRECTOR_ADDRESSES.slice(0, directors).map((address, i) => ({ name: `d${i + 1}`, address }));
  // The VM boots while the namespace hosts come up; the bridge it plugs into exists already.
  const t1 = Date.now();
  const directorsStarted = vm
    ? vm.startDirectors({
        stateDir,
        bridge: BRIDGE,
        directors: directorList,
        gateway: GATEWAY,
        authorizedKey,
        ...(options.verbose !== undefined ? { verbose: options.verbose } : {}),
      })
    : Promise.resolve([]);
  if (directors > 0) directorsStarted.then(() => (state.timings.directorsMs = Date.now() - t1)).catch(() => undefined);

  const t0 = Date.now();
  const spec = (h: LabHost): NetnsHostSpec => ({ name: h.name, address: h.address, dir: join(stateDir, 'hosts', h.name) });
  const setup: HostSetup = {
    authorizedKey,
    accounts: await labAccounts(sudoPassword),
    labHostLines: [...directorList, ...netnsHosts].map((h) => `${h.address}\t${h.name}`),
  };
  await Promise.all([createNetworks(netnsHosts), mapWithLimit(nodeHosts, 8, (h) => prepareManagedHost(spec(h), setup))]);
  state.hosts.push(...netnsHosts);
  if (systemdDirectors) await (await loadSystemdModule()).startLabRegistry(stateDir);
  state.timings.namespacesMs = Date.now() - t0;
  const t2 = Date.now();
  for (const h of nodeHosts) h.sshdPid = startManagedHost(spec(h));
  await mapWithLimit(nodeHosts, 32, (h) => waitForSshd(spec(h), h.sshdPid!, 30_000));
  state.timings.sshdMs = Date.now() - t2;
  writeLabState(state);
  await startWebServers(undefined, stateDir);
  const knownHosts = nodeHosts.map((h) => knownHostsLine(spec(h)));

  for (const d of await directorsStarted) {
    state.hosts.unshift({ name: d.name, address: d.address, role: 'director', kind: 'vm', ...(systemdDirectors ? { init: 'systemd' as const } : {}) });
    // A bare "type key" line gets the address in front.
    knownHosts.push(/^ssh-|^ecdsa-/.test(d.hostKeyLine) ? `${d.address} ${d.hostKeyLine}` : d.hostKeyLine);
  }
  writeFileSync(state.knownHostsPath, knownHosts.join('\n') + '\n');
  writeLabInventory(state);
  writeLabState(state);

  // Every sshd listens; a real login (key, known_hosts, account) on one node and each director
  // proves the rest of the chain without paying an SSH handshake per host.
  const t3 = Date.now();
  const managed = state.hosts.filter((h) => h.role !== 'client');
  const probes = [...managed.filter((h) => h.role === 'director'), ...nodeHosts.slice(0, 1)];
  await Promise.all(probes.map((h) => waitForSsh(state, h, h.kind === 'vm' ? 120_000 : 15_000)));
  state.timings.sshLoginMs = Date.now() - t3;
  state.timings.totalMs = Date.now() - started;
  writeLabState(state);
  if (options.verbose) {
    const probe = managed[0] ? await sshRoundTrip(state, managed[0]) : undefined;
    log(
      true,
      `${nodes} nodes${wantClient ? ' + client' : ''}${directors ? ` + ${directors} directors` : ''} up in ${(state.timings.totalMs / 1000).toFixed(1)} s (namespaces and host folders ${state.timings.namespacesMs} ms, sshds listening ${state.timings.sshdMs} ms${state.timings.directorsMs ? `, directors ${state.timings.directorsMs} ms` : ''}, first logins ${state.timings.sshLoginMs} ms)`,
    );
    if (probe !== undefined) log(true, `ssh round trip to ${managed[0]!.name}: ${probe} ms`);
    for (const d of managed.filter((h) => h.role === 'director')) log(true, `ssh round trip to ${d.name}: ${await sshRoundTrip(state, d)} ms`);
  }
  return state;
}

async function loadVmModule(systemd = false): Promise<{
  startDirectors(o: {
    stateDir: string;
    bridge: string;
    directors: Array<{ name: string; address: string }>;
    gateway: string;
    authorizedKey: string;
    verbose?: boolean;
  }): Promise<Array<{ name: string; address: string; hostKeyLine: string }>>;
  stopDirectors(o: { stateDir: string }): Promise<void>;
}> {
  try {
    if (systemd) {
      const m = await loadSystemdModule();
      return { startDirectors: m.startSystemdDirectors, stopDirectors: m.stopSystemdDirectors };
    }
    return await import('./vm/index.js');
  } catch (err) {
    throw new LabUnavailableError(
      `lvsplay lab: directors run in the IPVS kernel VM (src/lab/vm), which is not available here (${(err as Error).message}); use --directors 0`,
    );
  }
}

/**
 * Build the directors' VM images into the cache, or find them built (the IPVS VM's; with `systemd`
 * also the systemd directors' root and the keepalived image). Returns the seconds it took.
 */
export async function prepareLabImages(opts: { systemd: boolean; verbose?: boolean }): Promise<number> {
  const t = Date.now();
  const v = opts.verbose !== undefined ? { verbose: opts.verbose } : {};
  // the systemd image builds on the IPVS VM's kernel, so it prepares that one first
  if (opts.systemd) await (await loadSystemdModule()).prepareSystemdImage(v);
  else await (await import('./vm/index.js')).prepareVmImage(v);
  return (Date.now() - t) / 1000;
}

function loadSystemdModule(): Promise<typeof import('./systemd-vm/index.js')> {
  return import('./systemd-vm/index.js');
}

/** Everything a lab of any earlier run may have left: namespaces, veths, the bridge. */
async function cleanLeftovers(): Promise<void> {
  const list = await run(['ip', 'netns', 'list']);
  const names = list.stdout
    .split('\n')
    .map((l) => l.split(' ')[0]!)
    .filter((n) => n.startsWith(NETNS_PREFIX));
  // Processes in a namespace (sshd, sessions held open by ControlPersist clients) keep it alive
  // after `ip netns del`: kill them first, and wait until they are gone.
  await deleteNetns(names);
  // Veths normally go with their namespace; delete any that did not.
  const links = (await run(['ip', '-o', 'link', 'show'])).stdout
    .split('\n')
    .map((l) => (l.split(': ')[1] ?? '').split('@')[0]!)
    .filter((l) => l.startsWith(vethName('')));
  if (links.length) await run(['ip', '-force', '-batch', '-'], { input: links.map((l) => `link del ${l}`).join('\n') + '\n' });
}

export async function labDown(options: { stateDir?: string; verbose?: boolean } = {}): Promise<void> {
  checkLabPrerequisites();
  const stateDir = resolve(options.stateDir ?? labStateDir());
  const other = isOtherLab(stateDir);
  if (other) {
    throw new LabUnavailableError(
      `lvsplay lab: the lab that is up belongs to ${other}, not ${stateDir}; take it down with: LVSPLAY_LAB_DIR=${other} lvsplay lab down`,
    );
  }
  const state = readLabState(stateDir);
  if (state?.hosts.some((h) => h.kind === 'vm') || existsSync(join(stateDir, 'vm'))) {
    try {
      const vm = await loadVmModule();
      await vm.stopDirectors({ stateDir });
    } catch (err) {
      log(options.verbose, `stopping directors: ${(err as Error).message}`);
    }
  }
  if (existsSync(join(stateDir, 'systemd-vm')) || existsSync(join(stateDir, 'registry'))) await (await loadSystemdModule()).stopSystemdDirectors({ stateDir });
  await cleanLeftovers();
  await bash(`ip link del ${BRIDGE} 2>/dev/null || true`);
  rmSync(OWNER_FILE, { force: true });
  for (const entry of ['hosts', 'state.json', 'inventory.ini', 'known_hosts', 'group_vars', 'host_vars', 'become-password', 'id_ed25519', 'id_ed25519.pub']) {
    rmSync(join(stateDir, entry), { recursive: true, force: true });
  }
  log(options.verbose, 'down');
}

export async function labStatus(options: { stateDir?: string } = {}): Promise<HostStatus[]> {
  if (process.getuid?.() !== 0) throw new LabUnavailableError("lvsplay lab status needs root (the lab key and namespaces are root's)");
  const state = readLabState(options.stateDir ?? labStateDir());
  if (!state) return [];
  return mapWithLimit(
    state.hosts.filter((h) => h.role !== 'client'),
    32,
    async (h) => {
      const ms = await sshRoundTrip(state, h, 3000);
      return {
        name: h.name,
        address: h.address,
        role: h.role,
        answers: ms !== undefined,
        ...(ms !== undefined ? { sshMs: ms } : {}),
        ...(h.kind === 'netns' ? { sshdRunning: pidAlive(h.sshdPid) } : {}),
      };
    },
  );
}

/** Run argv inside a lab host's namespaces (network, mount, UTS) without SSH, for test assertions. */
export async function execInHost(name: string, argv: string[], stateDir = labStateDir()): Promise<{ code: number; stdout: string; stderr: string }> {
  const state = readLabState(stateDir);
  const host = state?.hosts.find((h) => h.name === name);
  if (!host) throw new Error(`no lab host ${name}`);
  if (host.role === 'client') return run(['ip', 'netns', 'exec', netnsName(name), ...argv]);
  // Without its sshd a host has no mount namespace: running in the network namespace alone
  // would see the machine's /etc, which is never what a test means.
  if (!pidAlive(host.sshdPid)) throw new Error(`lab host ${name} has no running sshd (stopped?); start it with startSshd('${name}')`);
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
  if (!state || !host?.netns || host.role === 'client') throw new Error(`no namespace lab host ${name} with an sshd`);
  if (pidAlive(host.sshdPid)) return;
  const spec = { name: host.name, address: host.address, dir: join(stateDir, 'hosts', host.name) };
  host.sshdPid = startManagedHost(spec);
  writeLabState(state);
  await waitForSshd(spec, host.sshdPid, 15_000);
}

export async function setLinkDown(name: string): Promise<void> {
  await must(['ip', 'link', 'set', vethName(name), 'down']);
}

export async function setLinkUp(name: string): Promise<void> {
  await must(['ip', 'link', 'set', vethName(name), 'up']);
}
