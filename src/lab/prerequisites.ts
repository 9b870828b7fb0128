// What the lab needs from this machine: root, network namespaces, and a few Debian packages.
import { existsSync } from 'node:fs';
import { run } from './sh.js';

const NEEDED: Array<[string, string]> = [
  ['/usr/sbin/sshd', 'openssh-server'],
  ['/usr/bin/ssh-keygen', 'openssh-client'],
  ['/usr/bin/ssh', 'openssh-client'],
  ['/usr/bin/sudo', 'sudo'],
  ['/usr/sbin/ip', 'iproute2'],
  ['/usr/sbin/iptables', 'iptables'],
  ['/usr/sbin/ifup', 'ifupdown'],
  ['/usr/bin/nsenter', 'util-linux'],
  ['/usr/sbin/sysctl', 'procps'],
  ['/usr/bin/ping', 'iputils-ping'],
];

export function checkLabPrerequisites(): void {
  if (process.getuid?.() !== 0) throw new Error('the lab needs root (it creates network namespaces, a bridge and mounts)');
  if (!existsSync('/proc/self/ns/net')) throw new Error('network namespaces are not available on this machine');
}

export async function ensureLabPackages(verbose?: boolean): Promise<void> {
  const missing = [...new Set(NEEDED.filter(([path]) => !existsSync(path)).map(([, pkg]) => pkg))];
  if (missing.length === 0) return;
  if (verbose) process.stderr.write(`lab: installing ${missing.join(' ')}\n`);
  const env = 'DEBIAN_FRONTEND=noninteractive';
  // policy-rc.d keeps the packages from starting services (sshd) on this machine.
  const script = `printf '#!/bin/sh\\nexit 101\\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; ${env} apt-get install -y -q ${missing.join(' ')} || { apt-get update -q && ${env} apt-get install -y -q ${missing.join(' ')}; }; rc=$?; rm -f /usr/sbin/policy-rc.d; exit $rc`;
  const r = await run(['bash', '-c', script], { timeoutMs: 600_000 });
  if (r.code !== 0) throw new Error(`installing ${missing.join(' ')} failed: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
}
