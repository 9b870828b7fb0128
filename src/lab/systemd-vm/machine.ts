// One systemd director: its own qemu VM (Debian's kernel, the IPVS VM's initramfs, systemd as PID 1
// from a qcow2 overlay of the cached root image, so what it writes survives its reboots and the
// image is never modified), its own small config disk (lab-config.sh reads name, address, host
// key, authorized_keys from it at every boot) and its own tap on the lab bridge. A `systemctl
// reboot` inside is a real reboot: the guest shuts down, and the VM is powered on again (below).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { must, run } from '../sh.js';
import { GATEWAY, PREFIX, labMac } from '../state.js';
import { isLiveProcess, isQemu, killQemu, linkExists, readPidFile } from '../vm/process.js';
import { fastBoot, qemuDevices, qemuMachine } from '../vm/qemu-command.js';
import { waitForHostKey } from '../vm/power.js';
import type { SystemdImage } from './image.js';

/** Per VM: systemd, journald, sshd, containerd, dockerd and the keepalived container fit with room. */
export const MEMORY_MB = 768;
/**
 * One emulated CPU per director. The two directors run side by side on the machine's two cores;
 * with two vCPUs each, four emulation threads took turns on them, and the same work cost more
 * CPU time. Measured A/B, the same hour: lab up 57-65 s and
 * 106-125 CPU seconds against 61-71 s and 116-138; a first site.yaml 64 s and 123-125 CPU seconds
 * against 79-85 s and 156-165. (The IPVS VM keeps two: it holds both directors, and with one
 * its first site.yaml took 58 s against 26.)
 */
const CPUS = 1;
const BOOT_TIMEOUT_MS = 600_000;
const READY = /LVSPLAY-READY (\S+) ([\d.]+)/g;

export interface MachineSpec {
  name: string;
  address: string;
}

export interface MachineState extends MachineSpec {
  /** The shell loop that runs qemu and powers it on again after a reboot (qemu's own PID is in qemu.pid). */
  supervisorPid: number;
  tap: string;
  hostKeyLine: string;
  /** Seconds from power-on to READY, as the VM's own uptime says, per boot. */
  bootSeconds: number[];
}

export function machineDir(stateDir: string, name: string): string {
  return join(stateDir, 'systemd-vm', name);
}

export function readMachine(stateDir: string, name: string): MachineState | undefined {
  const f = join(machineDir(stateDir, name), 'state.json');
  return existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as MachineState) : undefined;
}

function writeMachine(stateDir: string, m: MachineState): void {
  writeFileSync(join(machineDir(stateDir, m.name), 'state.json'), JSON.stringify(m, null, 2) + '\n');
}

/** At most 15 characters, one per director of a lab. */
function tapOf(stateDir: string, name: string): string {
  return `lvssd${createHash('sha256').update(`${stateDir}\0${name}`).digest('hex').slice(0, 8)}`;
}

/** The config disk: config.sh, hosts, the host key and root's authorized_keys. Returns the known_hosts line. */
async function writeConfigDisk(dir: string, m: MachineSpec, labHosts: string, authorizedKey: string): Promise<string> {
  const cfg = join(dir, 'config');
  rmSync(cfg, { recursive: true, force: true });
  mkdirSync(cfg, { recursive: true });
  chmodSync(cfg, 0o755);
  await must(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', `root@${m.name}`, '-f', join(cfg, 'ssh_host_ed25519_key')]);
  const pub = readFileSync(join(cfg, 'ssh_host_ed25519_key.pub'), 'utf8').trim().split(/\s+/);
  writeFileSync(join(cfg, 'config.sh'), `NAME=${m.name}\nADDRESS=${m.address}\nPREFIX=${PREFIX}\nGATEWAY=${GATEWAY}\n`);
  writeFileSync(join(cfg, 'hosts'), `127.0.0.1\tlocalhost\n127.0.1.1\t${m.name}\n${labHosts}`);
  writeFileSync(join(cfg, 'authorized_keys'), authorizedKey.trim() + '\n', { mode: 0o600 });
  await must(['mkfs.ext4', '-q', '-F', '-L', 'lvsconfig', '-E', 'root_owner=0:0', '-d', cfg, join(dir, 'config.ext4'), '8M']);
  return `${m.address} ${pub[0]} ${pub[1]}`;
}

function qemuArgv(image: SystemdImage, dir: string, m: MachineSpec, tap: string): string[] {
  const machineId = createHash('sha256').update(m.address).digest('hex').slice(0, 32);
  return [
    ...qemuMachine({ name: `lvsplay-${m.name}`, process: `lvsplay-${m.name}`, memoryMb: MEMORY_MB, cpus: CPUS }),
    ...fastBoot(image.kernelDir),
    '-initrd',
    join(image.kernelDir, 'initrd.cpio'),
    '-append',
    `console=ttyS0 quiet panic=-1 mitigations=off systemd.show_status=0 systemd.machine_id=${machineId}`,
    '-drive',
    `file=${join(dir, 'root.qcow2')},if=virtio,format=qcow2`,
    '-drive',
    `file=${join(dir, 'config.ext4')},if=virtio,format=raw,readonly=on`,
    '-no-reboot',
    ...qemuDevices({ tap, mac: labMac(m.address, 0), consoleLog: join(dir, 'console.log'), pidFile: join(dir, 'qemu.pid'), foreground: true }),
  ];
}

/**
 * Runs qemu (with -no-reboot, so a guest reboot ends it) and powers the VM on again when the kernel
 * said it was restarting; any other end (powered off, killed, failed to start) ends the loop.
 * Why not qemu's own warm reset: under software emulation the boot after it ran many times slower
 * (seen: the initramfs unpacked in 25 s instead of 1.7 s, ready after 66-125 s instead of 30 s),
 * while a fresh qemu boots as fast as the first time. For the guest it is the same reboot.
 */
const SUPERVISOR = `while :; do
  "$@"
  tail -c 400 "$CONSOLE" | grep -q 'reboot: Restarting system' || exit 0
  echo 'lvsplay-lab: powered on again after the reboot' >> "$CONSOLE"
done`;
const SUPERVISOR_NAME = 'lvsplay-vm-power';

function qemuPidOf(dir: string): number | undefined {
  return readPidFile(join(dir, 'qemu.pid'));
}

function isSupervisor(pid: number): boolean {
  return isLiveProcess(pid, SUPERVISOR_NAME);
}

/** The VM is on, or between the two halves of a reboot. */
function poweredOn(dir: string, m: MachineState): boolean {
  return isSupervisor(m.supervisorPid) || isQemu(qemuPidOf(dir));
}

/** Start the supervisor, detached from this process (the lab outlives `lab up`); resolves with its PID once qemu runs. */
async function powerOn(dir: string, name: string, argv: string[]): Promise<number> {
  const out = openSync(join(dir, 'supervisor.log'), 'a');
  const child = spawn('sh', ['-c', SUPERVISOR, SUPERVISOR_NAME, ...argv], {
    detached: true,
    stdio: ['ignore', out, out],
    env: { ...process.env, CONSOLE: join(dir, 'console.log') },
  });
  closeSync(out);
  child.unref();
  const supervisorPid = child.pid ?? 0;
  for (let i = 0; i < 200 && !isQemu(qemuPidOf(dir)); i++) {
    if (!isSupervisor(supervisorPid)) break;
    await sleep(50);
  }
  if (!isQemu(qemuPidOf(dir))) {
    const log = existsSync(join(dir, 'supervisor.log')) ? readFileSync(join(dir, 'supervisor.log'), 'utf8').trim() : '';
    throw new Error(`lvsplay lab: qemu of ${name} did not start: ${log || 'no output'}`);
  }
  return supervisorPid;
}

function readyLines(dir: string): Array<{ name: string; uptime: number }> {
  const f = join(dir, 'console.log');
  const text = existsSync(f) ? readFileSync(f, 'utf8') : '';
  return [...text.matchAll(READY)].map((x) => ({ name: x[1]!, uptime: Number(x[2]) }));
}

/** Wait until the console shows boot number `boot` (1 = the first) ready and sshd shows the host key. */
export async function waitBooted(stateDir: string, m: MachineState, boot: number): Promise<void> {
  const dir = machineDir(stateDir, m.name);
  const deadline = Date.now() + BOOT_TIMEOUT_MS;
  for (;;) {
    const lines = readyLines(dir);
    if (lines.length >= boot) {
      m.bootSeconds[boot - 1] = lines[boot - 1]!.uptime;
      break;
    }
    const on = poweredOn(dir, m);
    if (!on || Date.now() > deadline) {
      const tail = existsSync(join(dir, 'console.log')) ? readFileSync(join(dir, 'console.log'), 'utf8').trim().split('\n').slice(-8).join(' | ') : '';
      throw new Error(
        `lvsplay lab: director ${m.name} did not boot (${on ? `not ready within ${BOOT_TIMEOUT_MS / 1000} s` : 'qemu exited'}); console: ${tail}`,
      );
    }
    await sleep(200);
  }
  await waitForHostKey(m.name, m.address, m.hostKeyLine);
  writeMachine(stateDir, m);
}

/** Create the director's disks and tap, power it on and wait until it has booted. */
export async function startMachine(
  stateDir: string,
  image: SystemdImage,
  m: MachineSpec,
  opts: { bridge: string; labHosts: string; authorizedKey: string },
): Promise<MachineState> {
  const dir = machineDir(stateDir, m.name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await must(['qemu-img', 'create', '-q', '-f', 'qcow2', '-F', 'raw', '-b', join(image.dir, 'root.ext4'), join(dir, 'root.qcow2')]);
  const hostKeyLine = await writeConfigDisk(dir, m, opts.labHosts, opts.authorizedKey);
  const tap = tapOf(stateDir, m.name);
  if (await linkExists(tap)) await run(['ip', 'link', 'del', 'dev', tap]);
  await must(['ip', 'tuntap', 'add', 'dev', tap, 'mode', 'tap']);
  await must(['ip', 'link', 'set', 'dev', tap, 'master', opts.bridge, 'up']);
  const supervisorPid = await powerOn(dir, m.name, qemuArgv(image, dir, m, tap));
  const state: MachineState = { ...m, supervisorPid, tap, hostKeyLine, bootSeconds: [] };
  writeMachine(stateDir, state);
  await waitBooted(stateDir, state, 1);
  return state;
}

/** Power the director off (qemu killed) and remove its tap and disks. */
export async function stopMachine(stateDir: string, name: string): Promise<void> {
  const dir = machineDir(stateDir, name);
  const m = readMachine(stateDir, name);
  // the supervisor first, or it would power the VM on again
  if (m && isSupervisor(m.supervisorPid)) process.kill(m.supervisorPid, 'SIGKILL');
  const pid = qemuPidOf(dir);
  if (pid && isQemu(pid)) await killQemu(pid);
  const tap = m?.tap ?? tapOf(stateDir, name);
  if (await linkExists(tap)) await run(['ip', 'link', 'del', 'dev', tap]);
  // console.log stays for a post-mortem
  for (const f of ['state.json', 'qemu.pid', 'supervisor.log', 'root.qcow2', 'config.ext4', 'config']) rmSync(join(dir, f), { recursive: true, force: true });
}

/** Boots seen so far on the console (a reboot waits for one more). */
export function bootsSoFar(stateDir: string, name: string): number {
  return readyLines(machineDir(stateDir, name)).length;
}
