// What the lab needs from this machine: root, network namespaces, and a few Debian packages.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { LvsplayError } from '../errors.js';
import { run } from './sh.js';

/** The lab cannot run here (not root, no namespaces, no overlayfs): a message, not a stack trace. */
export class LabUnavailableError extends LvsplayError {
  override name = 'LabUnavailableError';
}

const NEEDED: Array<[string, string]> = [
  ['/usr/sbin/sshd', 'openssh-server'],
  ['/usr/bin/ssh-keygen', 'openssh-client'],
  ['/usr/bin/ssh', 'openssh-client'],
  ['/usr/bin/sudo', 'sudo'],
  ['/usr/sbin/ip', 'iproute2'],
  ['/usr/sbin/iptables', 'iptables'],
  ['/usr/sbin/ifup', 'ifupdown'],
  ['/usr/sbin/ifconfig', 'net-tools'],
  ['/usr/lib/openssh/sftp-server', 'openssh-sftp-server'],
  ['/usr/bin/nsenter', 'util-linux'],
  ['/usr/sbin/sysctl', 'procps'],
  ['/usr/bin/ping', 'iputils-ping'],
  ['/usr/bin/openssl', 'openssl'],
  ['/usr/bin/curl', 'curl'],
  ['/bin/busybox', 'busybox-static'],
  // crontab(1) for the cron module on lab hosts (they share the machine's /usr); policy-rc.d below
  // keeps its daemon from starting
  ['/usr/bin/crontab', 'cron'],
];

/**
 * The lab runs only as root on Debian (or a derivative): it creates namespaces, a bridge and
 * mounts, and installs what it lacks with apt-get. Anything else gets one plain sentence.
 */
export function checkLabMachine(machine: { uid: number | undefined; debianVersionFile: string; osRelease: string } = thisMachine()): void {
  const debian = existsSync(machine.debianVersionFile);
  if (machine.uid === 0 && debian) return;
  const name = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readText(machine.osRelease))?.[1] ?? 'an unknown system';
  const here = [machine.uid !== 0 ? `not root (uid ${machine.uid ?? '?'})` : '', debian ? '' : `not Debian (${name})`].filter(Boolean).join(' and ');
  throw new LabUnavailableError(
    `lvsplay lab needs root on a Debian machine (it creates network namespaces, a bridge and mounts, and installs packages with apt-get); here it is ${here}. Every other command works without it.`,
  );
}

function thisMachine(): { uid: number | undefined; debianVersionFile: string; osRelease: string } {
  return { uid: process.getuid?.(), debianVersionFile: '/etc/debian_version', osRelease: '/etc/os-release' };
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

export function checkLabPrerequisites(): void {
  checkLabMachine();
  if (!existsSync('/proc/self/ns/net'))
    throw new LabUnavailableError('lvsplay lab: network namespaces are not available on this machine (no /proc/self/ns/net)');
  // The real test: can we make the namespaces a host needs? (Fails in unprivileged containers.)
  const probe = spawnSync('unshare', ['--net', '--mount', '--uts', '--propagation', 'private', 'true'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    const why = probe.error?.message ?? probe.stderr.trim();
    throw new LabUnavailableError(`lvsplay lab: cannot create network, mount and UTS namespaces here (${why})`);
  }
  const hasOverlay = (): boolean => /\toverlay$/m.test(readFileSync('/proc/filesystems', 'utf8'));
  if (!hasOverlay()) spawnSync('modprobe', ['overlay']);
  if (!hasOverlay()) {
    throw new LabUnavailableError('lvsplay lab: the kernel has no overlayfs (each host needs its own /etc and /var)');
  }
}

export async function ensureLabPackages(verbose?: boolean): Promise<void> {
  const missing = [...new Set(NEEDED.filter(([path]) => !existsSync(path)).map(([, pkg]) => pkg))];
  if (missing.length === 0) return;
  if (verbose) process.stderr.write(`lab: installing ${missing.join(' ')}\n`);
  const env = 'DEBIAN_FRONTEND=noninteractive';
  const pkgs = missing.join(' ');
  // policy-rc.d (exit 101) keeps the packages from starting services (sshd) on this machine; one
  // the machine already has is left alone.
  const script = [
    "own=0; if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\\nexit 101\\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; own=1; fi",
    `${env} apt-get install -y -q --no-install-recommends ${pkgs} || { apt-get update -q && ${env} apt-get install -y -q --no-install-recommends ${pkgs}; }`,
    'rc=$?; [ $own = 1 ] && rm -f /usr/sbin/policy-rc.d; exit $rc',
  ].join('\n');
  const r = await run(['bash', '-c', script], { timeoutMs: 600_000 });
  if (r.code !== 0) throw new LabUnavailableError(`lvsplay lab: installing ${missing.join(' ')} failed: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
}
