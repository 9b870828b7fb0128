// IPVS directors on a real IPVS kernel: Debian's kernel booted under qemu (software emulation
// is enough), plugged into the lab bridge through one tap device. One VM holds every director,
// each a network namespace inside it (own address, own /etc, /var, /root, /run, hostname, sshd),
// joined to the VM's eth0 by a bridge, so the directors sit on the lab's L2 segment next to the
// namespace hosts. The boot files are built once into the cache (image.ts); the root image is
// used with snapshot=on, never modified. What the directors write goes to their own disk
// (config-disk.ts), which a reboot keeps. The running VM's state folder, process and tap:
// process.ts; qemu's command line: qemu-command.ts; booting and waiting for the sshds: power.ts.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { must } from '../sh.js';
import { sshPortAnswer } from '../ssh-probe.js';
import { checkSpecs, writeConfigDisk } from './config-disk.js';
import { defaultCacheDir, prepareVmImage } from './image.js';
import { directorsRunning, isQemu, killQemu, linkExists, readState, stopDirectors, tapName, vmDir, writeState } from './process.js';
import { powerOn } from './power.js';
import { qemuArgv } from './qemu-command.js';
import { log, type StartDirectorsOptions, type StartedDirector, type VmState } from './types.js';

export { defaultCacheDir, prepareVmImage } from './image.js';
export { directorsRunning, stopDirectors, tapName } from './process.js';
export type { DirectorSpec, StartDirectorsOptions, StartedDirector } from './types.js';

/**
 * Boot the VM with every director in it; resolves once each director's sshd answers on its
 * address (from this machine, over the bridge). Host keys are fresh for every start.
 */
export async function startDirectors(opts: StartDirectorsOptions): Promise<StartedDirector[]> {
  checkSpecs(opts);
  const t0 = Date.now();
  const timings: Record<string, number> = {};
  const dir = vmDir(opts.stateDir);
  if (await directorsRunning(opts)) throw new Error(`lvsplay lab: the directors' VM of ${opts.stateDir} is already running (stop it first)`);
  await stopDirectors(opts); // leftovers of a crashed run: tap, state
  mkdirSync(dir, { recursive: true });
  if (!(await linkExists(opts.bridge))) throw new Error(`lvsplay lab: bridge ${opts.bridge} does not exist`);

  // Another lab's hosts must not hold these addresses (two hosts with one address on one bridge).
  const answers = await Promise.all(opts.directors.map((d) => sshPortAnswer(d.address, 300)));
  const taken = opts.directors.filter((_, i) => answers[i] !== 'silent');
  if (taken.length)
    throw new Error(`lvsplay lab: ${taken.map((d) => `${d.address} (${d.name})`).join(', ')} already answer on ${opts.bridge}: is another lab up?`);

  const cacheDir = resolve(opts.cacheDir ?? defaultCacheDir());
  await prepareVmImage({ cacheDir, ...(opts.verbose !== undefined ? { verbose: opts.verbose } : {}) });
  timings.imageMs = Date.now() - t0;

  const keys = await writeConfigDisk(dir, opts);
  const tap = tapName(opts.stateDir);
  await must(['ip', 'tuntap', 'add', 'dev', tap, 'mode', 'tap']);
  await must(['ip', 'link', 'set', 'dev', tap, 'master', opts.bridge, 'up']);
  const argv = qemuArgv(cacheDir, dir, tap);
  const hostKeyLines = Object.fromEntries(keys);
  const state: VmState = { pid: 0, argv, hostKeyLines, tap, bridge: opts.bridge, directors: opts.directors, startedAt: new Date().toISOString(), timings };
  try {
    await powerOn(state, dir, opts.verbose);
  } catch (err) {
    await stopDirectors(opts);
    throw err;
  }
  timings.totalMs = Date.now() - t0;
  writeState(dir, state);
  return opts.directors.map((d) => ({ name: d.name, address: d.address, hostKeyLine: keys.get(d.name)! }));
}

/**
 * Reboot the directors: the VM is powered off and on again with the same disks. What each director
 * wrote to /etc, /var and /root is on its disk; everything else (addresses, IPVS table, iptables
 * rules, running services, sysctls) is gone until the director's own boot restores it. `flush` runs
 * before the power-off (a director's `sync`, as `reboot` would), so files written just before are
 * on the disk, not lost in the VM's page cache.
 */
export async function rebootDirectors(opts: { stateDir: string; flush: () => Promise<void>; verbose?: boolean }): Promise<void> {
  const dir = vmDir(opts.stateDir);
  const state = readState(opts.stateDir);
  if (!state?.argv || !isQemu(state.pid)) throw new Error(`lvsplay lab: the directors' VM of ${opts.stateDir} is not running`);
  await opts.flush();
  await killQemu(state.pid);
  log(opts.verbose, 'powered off; powering on');
  await powerOn(state, dir, opts.verbose);
}
