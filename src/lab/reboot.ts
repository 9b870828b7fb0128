// `lvsplay lab reboot`: restart every managed lab host as a power cycle would, then let each run
// only what Debian runs at boot (scripts/lab/boot-debian.sh). Whatever the roles persisted comes
// back; whatever they only set at runtime is gone. That is what verify.yaml must see after a real
// reboot, and what this makes testable.
//   directors: the VM is powered off and on; their /etc, /var and /root are on the VM's disk.
//   nodes:     every process in the node's namespace is killed and the namespace deleted (its
//              addresses, lo:0 and net.* sysctls go with it); a new namespace gets the same
//              address, the same host folder (its /etc, /var, /root) and a new sshd.
// The client namespace is not a managed host and stays as it is.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mapWithLimit } from '../util/limit.js';
import { projectRoot } from '../util/project-root.js';
import { createNetworks, deleteNetworks, startManagedHost, waitForSshd, type NetnsHostSpec } from './netns-host.js';
import { run } from './sh.js';
import { sshLabHost } from './ssh-probe.js';
import { labStateDir, readLabState, writeLabState, type LabHost, type LabState } from './state.js';
import { startWebServers } from './web-server.js';
import { probeVip } from './traffic.js';

export interface HostBoot {
  host: string;
  /** boot-debian.sh's output: one line per step (and what the step printed). */
  log: string;
}

function bootScript(): string {
  return join(projectRoot(), 'scripts', 'lab', 'boot-debian.sh');
}

/**
 * A node's boot steps, inside its namespaces. Its /proc/sys is made read-only except net.*, which
 * belongs to the node's own network namespace: `sysctl --system` reads the node's /etc/sysctl.d
 * but must not set the machine's kernel.* or vm.* settings.
 */
async function bootNode(state: LabState, host: LabHost): Promise<HostBoot> {
  const guard =
    'mount --bind /proc/sys /proc/sys && mount -o remount,bind,ro /proc/sys && mount --bind /proc/sys/net /proc/sys/net && mount -o remount,bind,rw /proc/sys/net';
  // The script goes in on stdin: inside the node, this checkout's path may be hidden (a private
  // /tmp or /var over it).
  const r = await run(
    [
      'nsenter',
      '-t',
      String(host.sshdPid),
      '-n',
      '-m',
      '-u',
      '--',
      'unshare',
      '--mount',
      '--propagation',
      'private',
      '--',
      'sh',
      '-c',
      `${guard} && exec sh -s -- --no-services`,
    ],
    {
      input: readFileSync(bootScript(), 'utf8'),
      timeoutMs: 120_000,
    },
  );
  if (r.code !== 0) throw new Error(`lab reboot: the boot steps of ${host.name} failed (exit ${r.code}): ${r.stderr.trim() || r.stdout.trim()}`);
  return { host: host.name, log: r.stdout + r.stderr };
}

async function rebootNodes(state: LabState, nodes: LabHost[]): Promise<HostBoot[]> {
  await deleteNetworks(nodes.map((h) => h.name));
  await createNetworks(nodes);
  const spec = (h: LabHost): NetnsHostSpec => ({ name: h.name, address: h.address, dir: join(state.stateDir, 'hosts', h.name) });
  for (const h of nodes) h.sshdPid = startManagedHost(spec(h));
  writeLabState(state);
  await mapWithLimit(nodes, 32, (h) => waitForSshd(spec(h), h.sshdPid!, 30_000));
  const boots = await mapWithLimit(nodes, 8, (h) => bootNode(state, h));
  // The service the nodes run (a swarm's published port) starts at boot too.
  await startWebServers(
    nodes.map((h) => h.name),
    state.stateDir,
  );
  return boots;
}

async function rebootDirectors(state: LabState, directors: LabHost[], verbose?: boolean): Promise<HostBoot[]> {
  const vm = await import('./vm/index.js');
  await vm.rebootDirectors({
    stateDir: state.stateDir,
    // One director's `sync` flushes the VM's whole page cache, so every director's files are on
    // its disk before the power goes off (as `reboot` would have done).
    flush: async () => {
      const r = await sshLabHost(state, directors[0]!, 'sync', 120_000);
      if (r.code !== 0) throw new Error(`lab reboot: sync on ${directors[0]!.name} failed: ${r.stderr.trim()}`);
    },
    ...(verbose !== undefined ? { verbose } : {}),
  });
  return Promise.all(
    directors.map(async (d) => {
      const r = await sshLabHost(state, d, 'cat /run/lvsplay-boot-debian.log', 120_000);
      return { host: d.name, log: r.code === 0 ? r.stdout : `(no boot log: ${r.stderr.trim()})` };
    }),
  );
}

/**
 * Directors that boot systemd reboot for real: `systemctl reboot` inside (qemu resets the same VM
 * with the same disks), then the lab waits for the next boot to be ready. The log is what systemd
 * says of the boot (systemd-analyze, the failed units).
 */
async function rebootSystemdDirectors(state: LabState, directors: LabHost[]): Promise<HostBoot[]> {
  const sd = await import('./systemd-vm/index.js');
  return Promise.all(
    directors.map(async (d) => {
      const before = sd.bootsSoFar(state.stateDir, d.name);
      // The connection drops as the director goes down: ssh's exit code says nothing here.
      await sshLabHost(state, d, 'systemctl reboot', 60_000);
      const seconds = await sd.waitRebooted(state.stateDir, d.name, before);
      const r = await sshLabHost(state, d, 'systemd-analyze 2>&1; systemctl --failed --no-legend --plain', 120_000);
      return { host: d.name, log: `ready ${seconds} s after power-on\n${r.stdout}${r.stderr}` };
    }),
  );
}

export interface RebootResult {
  hosts: HostBoot[];
  /** Milliseconds from the end of the boots until the VIP answered the client; undefined when it
   *  did not within the wait (nothing converged yet, or the boot lost something). */
  vipAnswersAfterMs?: number;
}

/** How long a reboot waits for the VIP: keepalived needs a few VRRP adverts to become master, and
 *  under a loaded emulator the directors' boot steps and adverts come late. */
const VIP_WAIT_MS = 60_000;

async function waitForVip(state: LabState): Promise<number | undefined> {
  const t = Date.now();
  while (Date.now() - t < VIP_WAIT_MS) {
    const r = await probeVip({ connections: 1, timeoutSeconds: 1, stateDir: state.stateDir });
    if (r.failed === 0) return Date.now() - t;
    await new Promise((res) => setTimeout(res, 250));
  }
  return undefined;
}

/**
 * Reboot every managed host of the lab (directors and nodes at once); returns their boot logs and,
 * when the lab has directors and a client, how long the VIP took to answer again (a reboot is over
 * for users when the service is back, not when sshd is).
 */
export async function labReboot(options: { stateDir?: string; verbose?: boolean } = {}): Promise<RebootResult> {
  const state = readLabState(options.stateDir ?? labStateDir());
  if (!state) throw new Error('lvsplay lab reboot: the lab is not up');
  const nodes = state.hosts.filter((h) => h.role === 'node' && h.kind === 'netns');
  const directors = state.hosts.filter((h) => h.role === 'director' && h.kind === 'vm');
  const systemd = directors.filter((h) => h.init === 'systemd');
  const busybox = directors.filter((h) => h.init !== 'systemd');
  const [d, s, n] = await Promise.all([
    busybox.length ? rebootDirectors(state, busybox, options.verbose) : Promise.resolve([]),
    systemd.length ? rebootSystemdDirectors(state, systemd) : Promise.resolve([]),
    rebootNodes(state, nodes),
  ]);
  const result: RebootResult = { hosts: [...d, ...s, ...n] };
  if (directors.length && state.hosts.some((h) => h.role === 'client')) {
    const ms = await waitForVip(state);
    if (ms !== undefined) result.vipAnswersAfterMs = ms;
  }
  return result;
}
