// qemu's command line for the directors' VM: the cached kernel and images, the directors' disk,
// one tap on the lab bridge, the serial console to a file, daemonized with a PID file.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DISK } from './process.js';

/** The VM's memory and CPUs: enough for two directors with keepalived. */
const MEMORY_MB = 1024;
const CPUS = 2;

/** qboot (a minimal firmware) and the uncompressed kernel's PVH entry: seconds less than SeaBIOS
 *  plus bzImage's decompression under emulation. Falls back to the bzImage. */
const QBOOT = '/usr/share/qemu/qboot.rom';
export function fastBoot(cacheDir: string): string[] {
  const vmlinux = join(cacheDir, 'vmlinux');
  if (existsSync(vmlinux) && existsSync(QBOOT)) return ['-bios', QBOOT, '-kernel', vmlinux];
  return ['-kernel', join(cacheDir, 'vmlinuz')];
}

/**
 * The VM runs at a higher scheduling priority (nice -10, inherited by every qemu thread): under
 * software emulation a director needs many times the CPU of a native host for each SSH handshake,
 * and on a 2-core machine busy with other work (a build, a second test run) its sshd missed the
 * connect timeouts (seen: a director unreachable in verify.yaml at load average 17). An idle guest
 * halts its vCPUs, so the priority costs the rest of the machine nothing while the lab is quiet.
 */
const PRIORITY = ['nice', '-n', '-10'];

/** The command line; `dir` is the VM's state folder (<stateDir>/vm). */
export function qemuArgv(cacheDir: string, dir: string, tap: string): string[] {
  const consoleLog = join(dir, 'console.log');
  const pidFile = join(dir, 'qemu.pid');
  const mac = `52:54:00:4c:${createHash('sha256')
    .update(tap)
    .digest('hex')
    .slice(0, 4)
    .replace(/(..)(..)/, '$1:$2')}`;
  return [
    ...qemuMachine({ name: 'lvsplay-directors', process: 'lvsplay-vm', memoryMb: MEMORY_MB, cpus: CPUS }),
    '-no-reboot',
    ...fastBoot(cacheDir),
    '-initrd',
    join(cacheDir, 'initrd.cpio'),
    '-append',
    'console=ttyS0 quiet panic=-1 mitigations=off',
    '-drive',
    `file=${join(cacheDir, 'root.ext4')},if=virtio,format=raw,snapshot=on`,
    '-drive',
    `file=${join(dir, DISK)},if=virtio,format=raw`,
    ...qemuDevices({ tap, mac, consoleLog, pidFile }),
  ];
}

/** The machine (at the lab's priority): q35, every CPU feature the emulator has, no display. */
export function qemuMachine(m: { name: string; process: string; memoryMb: number; cpus: number }): string[] {
  return [
    ...PRIORITY,
    'qemu-system-x86_64',
    '-name',
    `${m.name},process=${m.process}`,
    '-machine',
    'q35',
    '-cpu',
    'max',
    '-m',
    String(m.memoryMb),
    '-smp',
    String(m.cpus),
    '-display',
    'none',
  ];
}

/**
 * One NIC on a tap, a random number source, the serial console to a file, a PID file. Daemonized,
 * or with `foreground` left in the foreground for a supervisor that powers it on again, and then
 * the console file is appended to rather than truncated, so it keeps every boot.
 */
export function qemuDevices(d: { tap: string; mac: string; consoleLog: string; pidFile: string; foreground?: boolean }): string[] {
  return [
    '-netdev',
    `tap,id=n0,ifname=${d.tap},script=no,downscript=no`,
    '-device',
    `virtio-net-pci,netdev=n0,mac=${d.mac}`,
    '-device',
    'virtio-rng-pci',
    ...(d.foreground ? ['-chardev', `file,id=console,path=${d.consoleLog},append=on`, '-serial', 'chardev:console'] : ['-serial', `file:${d.consoleLog}`]),
    '-monitor',
    'none',
    ...(d.foreground ? [] : ['-daemonize']),
    '-pidfile',
    d.pidFile,
  ];
}
