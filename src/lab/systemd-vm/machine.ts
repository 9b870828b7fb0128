// One systemd director: its own qemu VM (Debian's kernel, the IPVS VM's initramfs, systemd as PID 1
// from a qcow2 overlay of the cached root image, so what it writes survives its reboots and the
// image is never modified), its own small config disk (lab-config.sh reads name, address, host
// key, authorized_keys from it at every boot) and its own tap on the lab bridge. Without qemu's
// -no-reboot a `systemctl reboot` inside is a real reboot of the same VM.
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { must, run } from '../sh.js';
import { GATEWAY, PREFIX, labMac } from '../state.js';
import { isQemu, killQemu, linkExists } from '../vm/process.js';
import { fastBoot, qemuDevices, qemuMachine } from '../vm/qemu-command.js';
import { waitForHostKey } from '../vm/power.js';
import type { SystemdImage } from './image.js';

/** Per VM: systemd, journald, sshd, containerd, dockerd and the keepalived container fit with room. */
export const MEMORY_MB = 768;
const CPUS = 2;
const BOOT_TIMEOUT_MS = 600_000;
const READY = /LVSPLAY-READY (\S+) ([\d.]+)/g;

export interface MachineSpec {
  name: string;
  address: string;
}

export interface MachineState extends MachineSpec {
  pid: number;
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
    ...qemuDevices({ tap, mac: labMac(m.address, 0), consoleLog: join(dir, 'console.log'), pidFile: join(dir, 'qemu.pid') }),
  ];
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
    if (!isQemu(m.pid) || Date.now() > deadline) {
      const tail = existsSync(join(dir, 'console.log')) ? readFileSync(join(dir, 'console.log'), 'utf8').trim().split('\n').slice(-8).join(' | ') : '';
      throw new Error(
        `lvsplay lab: director ${m.name} did not boot (${isQemu(m.pid) ? `not ready within ${BOOT_TIMEOUT_MS / 1000} s` : 'qemu exited'}); console: ${tail}`,
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
  const q = await run(qemuArgv(image, dir, m, tap), { timeoutMs: 60_000 });
  const pidFile = join(dir, 'qemu.pid');
  const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : 0;
  if (q.code !== 0 || !isQemu(pid)) throw new Error(`lvsplay lab: qemu of ${m.name} did not start (exit ${q.code}): ${q.stderr.trim()}`);
  const state: MachineState = { ...m, pid, tap, hostKeyLine, bootSeconds: [] };
  writeMachine(stateDir, state);
  await waitBooted(stateDir, state, 1);
  return state;
}

/** Power the director off (qemu killed) and remove its tap and disks. */
export async function stopMachine(stateDir: string, name: string): Promise<void> {
  const dir = machineDir(stateDir, name);
  const m = readMachine(stateDir, name);
  const pidFile = join(dir, 'qemu.pid');
  const pid = m?.pid ?? (existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : 0);
  if (isQemu(pid)) await killQemu(pid);
  const tap = m?.tap ?? tapOf(stateDir, name);
  if (await linkExists(tap)) await run(['ip', 'link', 'del', 'dev', tap]);
  // console.log stays for a post-mortem
  for (const f of ['state.json', 'qemu.pid', 'root.qcow2', 'config.ext4', 'config']) rmSync(join(dir, f), { recursive: true, force: true });
}

/** Boots seen so far on the console (a reboot waits for one more). */
export function bootsSoFar(stateDir: string, name: string): number {
  return readyLines(machineDir(stateDir, name)).length;
}
