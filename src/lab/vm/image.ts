// The VM's boot files (kernel, initramfs, ext4 root image with this machine's sshd, ipvsadm,
// iptables, iproute2, keepalived, ... and their libraries), built once into the cache by
// scripts/lab/vm/build-image.sh and rebuilt when a build script changes.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { projectRoot } from '../../util/project-root.js';
import { must } from '../sh.js';
import { log } from './types.js';

export function defaultCacheDir(): string {
  return join(projectRoot(), '.cache', 'lab', 'vm');
}

function scriptsDir(): string {
  return join(projectRoot(), 'scripts', 'lab', 'vm');
}

/** What the image is built from: a change to any build script means a rebuild. */
function imageStamp(): string {
  const h = createHash('sha256');
  for (const f of ['build-image.sh', 'rootfs-init.sh', 'director-boot.sh', '../boot-debian.sh']) h.update(readFileSync(join(scriptsDir(), f)));
  return `lvsplay-vm-image ${h.digest('hex').slice(0, 16)}`;
}

function imageReady(cacheDir: string, stamp: string): boolean {
  const stampFile = join(cacheDir, 'stamp');
  return (
    existsSync(stampFile) &&
    readFileSync(stampFile, 'utf8').split('\n')[0] === stamp &&
    ['vmlinuz', 'initrd.cpio', 'root.ext4'].every((f) => existsSync(join(cacheDir, f)))
  );
}

/**
 * Build the kernel, initramfs and root image into the cache, or reuse them (idempotent; a
 * concurrent caller waits for the build under a lock instead of building twice).
 */
export async function prepareVmImage(opts: { cacheDir?: string; verbose?: boolean } = {}): Promise<void> {
  const cacheDir = resolve(opts.cacheDir ?? defaultCacheDir());
  const stamp = imageStamp();
  if (imageReady(cacheDir, stamp)) return;
  mkdirSync(cacheDir, { recursive: true });
  const t = Date.now();
  log(opts.verbose, `building the VM image into ${cacheDir}`);
  // Under flock: a second caller waits, then finds the stamp and builds nothing.
  const script = `[ "$(head -n1 "$1/stamp" 2>/dev/null)" = "$2" ] && [ -e "$1/root.ext4" ] && exit 0; exec bash "$3" "$1" "$2"`;
  await must(['flock', join(cacheDir, '.build-lock'), 'sh', '-c', script, 'build', cacheDir, stamp, join(scriptsDir(), 'build-image.sh')], {
    timeoutMs: 1_800_000,
    ...(opts.verbose ? { passStderr: true } : {}),
  });
  if (!imageReady(cacheDir, stamp)) throw new Error(`lvsplay lab: the VM image in ${cacheDir} was not built`);
  log(opts.verbose, `VM image built in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}
