// The systemd directors' images, built once into .cache/lab/systemd-vm by
// scripts/lab/systemd-vm/build-image.sh: root.ext4 (Debian with systemd, Docker, sshd, ipvsadm;
// each director boots a qcow2 overlay of it) and registry/ (the lab registry's storage, holding
// the keepalived image). Rebuilt when a build script, the kernel or the registry address changes.
// The kernel and initramfs are the IPVS VM's (src/lab/vm/image.ts).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { projectRoot } from '../../util/project-root.js';
import { must } from '../sh.js';
import { defaultCacheDir as vmCacheDir, prepareVmImage } from '../vm/image.js';
import { log } from '../vm/types.js';
import { REGISTRY_ENDPOINT } from './registry.js';

export interface SystemdImage {
  /** vmlinux/vmlinuz and initrd.cpio (the IPVS VM's). */
  kernelDir: string;
  /** root.ext4, registry/, stamp */
  dir: string;
}

export function systemdCacheDir(): string {
  return join(projectRoot(), '.cache', 'lab', 'systemd-vm');
}

function scriptsDir(): string {
  return join(projectRoot(), 'scripts', 'lab', 'systemd-vm');
}

function kernelDeb(): string {
  const dir = join(vmCacheDir(), 'kernel');
  const deb = existsSync(dir) ? readdirSync(dir).find((f) => f.startsWith('linux-image-') && f.endsWith('.deb')) : undefined;
  if (!deb) throw new Error(`lvsplay lab: no kernel package in ${dir} (the IPVS VM's image build downloads it)`);
  return join(dir, deb);
}

/** The image's inputs: the build scripts, the kernel package, the registry it names. */
function imageStamp(deb: string): string {
  const h = createHash('sha256');
  for (const f of ['build-image.sh', 'lab-config.sh', 'keepalived-entrypoint.sh']) h.update(readFileSync(join(scriptsDir(), f)));
  h.update(basename(deb)).update(REGISTRY_ENDPOINT);
  return `lvsplay-systemd-vm-image ${h.digest('hex').slice(0, 16)}`;
}

function imageReady(dir: string, stamp: string): boolean {
  const stampFile = join(dir, 'stamp');
  return (
    existsSync(stampFile) && readFileSync(stampFile, 'utf8').split('\n')[0] === stamp && existsSync(join(dir, 'root.ext4')) && existsSync(join(dir, 'registry'))
  );
}

/**
 * Build the images into the cache, or reuse them (idempotent; a concurrent caller waits for the
 * build under a lock instead of building twice). Returns where they are, with build seconds when built.
 */
export async function prepareSystemdImage(opts: { verbose?: boolean } = {}): Promise<SystemdImage & { builtMs?: number }> {
  await prepareVmImage(opts.verbose !== undefined ? { verbose: opts.verbose } : {});
  const dir = systemdCacheDir();
  const deb = kernelDeb();
  const stamp = imageStamp(deb);
  const image = { kernelDir: vmCacheDir(), dir };
  if (imageReady(dir, stamp)) return image;
  mkdirSync(dir, { recursive: true });
  const t = Date.now();
  log(opts.verbose, `building the systemd directors' image into ${dir}`);
  const script = `[ "$(head -n1 "$1/stamp" 2>/dev/null)" = "$2" ] && [ -e "$1/root.ext4" ] && exit 0; exec bash "$3" "$1" "$4" "$5" "$2"`;
  await must(['flock', join(dir, '.build-lock'), 'sh', '-c', script, 'build', dir, stamp, join(scriptsDir(), 'build-image.sh'), deb, REGISTRY_ENDPOINT], {
    timeoutMs: 1_800_000,
    ...(opts.verbose ? { passStderr: true } : {}),
  });
  if (!imageReady(dir, stamp)) throw new Error(`lvsplay lab: the systemd directors' image in ${dir} was not built`);
  const builtMs = Date.now() - t;
  log(opts.verbose, `systemd directors' image built in ${(builtMs / 1000).toFixed(1)} s`);
  return { ...image, builtMs };
}
