// The systemd directors' images, built once into .cache/lab/systemd-vm: root.ext4 (Debian with
// systemd, Docker, sshd, ipvsadm; each director boots a qcow2 overlay of it) by
// scripts/lab/systemd-vm/build-image.sh, rebuilt when its scripts, the kernel or the registry
// address change; registry/ (the lab registry's storage, holding the keepalived image) by
// build-keepalived-image.sh, rebuilt when its scripts change. The kernel and initramfs are the
// IPVS VM's (src/lab/vm/image.ts).
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

/** What each part is built from: a change to any of it means a rebuild of that part. */
function stampOf(kind: string, files: string[], extra: string[] = []): string {
  const h = createHash('sha256');
  for (const f of files) h.update(readFileSync(join(scriptsDir(), f)));
  for (const e of extra) h.update(e);
  return `lvsplay-systemd-vm-${kind} ${h.digest('hex').slice(0, 16)}`;
}

const PARTS = [
  {
    kind: 'image',
    stampFile: 'stamp',
    output: 'root.ext4',
    script: 'build-image.sh',
    inputs: ['build-image.sh', 'lab-config.sh'],
    args: (deb: string): string[] => [deb, REGISTRY_ENDPOINT],
    extra: (deb: string): string[] => [basename(deb), REGISTRY_ENDPOINT],
  },
  {
    kind: 'keepalived',
    stampFile: 'keepalived.stamp',
    output: 'registry',
    script: 'build-keepalived-image.sh',
    inputs: ['build-keepalived-image.sh', 'keepalived-entrypoint.sh'],
    args: (): string[] => [],
    extra: (): string[] => [],
  },
];

function partReady(dir: string, stampFile: string, output: string, stamp: string): boolean {
  const f = join(dir, stampFile);
  return existsSync(f) && readFileSync(f, 'utf8').split('\n')[0] === stamp && existsSync(join(dir, output));
}

/**
 * Build the images into the cache, or reuse them (idempotent; a concurrent caller waits for the
 * build under a lock instead of building twice). Returns where they are, with build seconds when built.
 */
export async function prepareSystemdImage(opts: { verbose?: boolean } = {}): Promise<SystemdImage & { builtMs?: number }> {
  await prepareVmImage(opts.verbose !== undefined ? { verbose: opts.verbose } : {});
  const dir = systemdCacheDir();
  const deb = kernelDeb();
  const image = { kernelDir: vmCacheDir(), dir };
  let builtMs: number | undefined;
  for (const part of PARTS) {
    const stamp = stampOf(part.kind, part.inputs, part.extra(deb));
    if (partReady(dir, part.stampFile, part.output, stamp)) continue;
    mkdirSync(dir, { recursive: true });
    const t = Date.now();
    log(opts.verbose, `building the systemd directors' ${part.kind} into ${dir}`);
    // Under flock: a second caller waits, then finds the stamp and builds nothing. The stamp goes
    // last among the script's arguments.
    const script = `d=$1 f=$2 o=$3 s=$4; shift 4; [ "$(head -n1 "$d/$f" 2>/dev/null)" = "$s" ] && [ -e "$d/$o" ] && exit 0; exec bash "$@" "$s"`;
    await must(
      [
        'flock',
        join(dir, '.build-lock'),
        'sh',
        '-c',
        script,
        'build',
        dir,
        part.stampFile,
        part.output,
        stamp,
        join(scriptsDir(), part.script),
        dir,
        ...part.args(deb),
      ],
      {
        timeoutMs: 1_800_000,
        ...(opts.verbose ? { passStderr: true } : {}),
      },
    );
    if (!partReady(dir, part.stampFile, part.output, stamp)) throw new Error(`lvsplay lab: the systemd directors' ${part.kind} in ${dir} was not built`);
    builtMs = (builtMs ?? 0) + Date.now() - t;
    log(opts.verbose, `systemd directors' ${part.kind} built in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  return { ...image, ...(builtMs !== undefined ? { builtMs } : {}) };
}
