// ansible_system, kernel, architecture, hostname, nodename, fqdn, domain, machine_id (Ansible's
// 'platform' collector). The fqdn is what Python's socket.getfqdn() answers, as Ansible uses it:
// the host's name looked up, then its address looked up back, the first name with a dot winning.
// getent reads /etc/hosts before DNS; `timeout` keeps an unanswering resolver from hanging it.
import { firstLine, type FactCollector } from './collector.js';

export const platformCollector: FactCollector = {
  name: 'platform',
  sections: {
    // Linux's /proc answers what hostname and uname -s/-r/-v would, without a process each
    hostname: 'lvsplay_read /proc/sys/kernel/hostname 2>/dev/null || hostname',
    // (all three files readable first, so that a half-read never mixes with uname's lines)
    uname:
      'k=/proc/sys/kernel; if [ -r $k/ostype ] && [ -r $k/osrelease ] && [ -r $k/version ]; then ' +
      'lvsplay_read $k/ostype $k/osrelease; uname -m; lvsplay_read $k/version; else uname -s; uname -r; uname -m; uname -v; fi',
    // The name's address as getaddrinfo() gives it (getent ahosts, as Python resolves it), not
    // gethostbyname2(): `getent hosts` asks for IPv6 first, and a name /etc/hosts lists for IPv4
    // only then goes to DNS (seen: 2 s, the timeout, on every gathering of the lab's namespace
    // hosts, whose resolver is unreachable). Exit 1 is a getent without ahosts (musl's).
    fqdn:
      '{ read -r h < /proc/sys/kernel/hostname; } 2>/dev/null || h=$(hostname); r=$(timeout 2 getent ahosts "$h" 2>/dev/null); ' +
      '[ $? -eq 1 ] && r=$(timeout 2 getent hosts "$h" 2>/dev/null); a=$(printf \'%s\\n\' "$r" | awk \'{print $1; exit}\'); ' +
      '[ -n "$a" ] && timeout 2 getent hosts "$a" 2>/dev/null | head -n 1; true',
    machine_id: 'lvsplay_read /etc/machine-id 2>/dev/null; true',
    long_bit: 'getconf LONG_BIT 2>/dev/null; true',
  },
  collect(sections) {
    const nodename = firstLine(sections, 'hostname');
    const [system = '', kernel = '', arch = '', kernelVersion = ''] = (sections.get('uname') ?? []).map((l) => l.trim());
    const fqdn = fqdnOf(nodename, firstLine(sections, 'fqdn'));
    const dot = fqdn.indexOf('.');
    return {
      ansible_system: system,
      ansible_kernel: kernel,
      ansible_kernel_version: kernelVersion,
      ansible_machine: arch,
      ansible_architecture: arch,
      ansible_userspace_architecture: arch,
      ...(firstLine(sections, 'long_bit') ? { ansible_userspace_bits: firstLine(sections, 'long_bit') } : {}),
      ansible_nodename: nodename,
      ansible_hostname: nodename.split('.')[0] ?? '',
      ansible_fqdn: fqdn,
      ansible_domain: dot >= 0 ? fqdn.slice(dot + 1) : '',
      ...(firstLine(sections, 'machine_id') ? { ansible_machine_id: firstLine(sections, 'machine_id') } : {}),
    };
  },
};

/** getfqdn(): the reverse lookup's names (address, primary name, aliases); the first with a dot, else the primary one. */
function fqdnOf(nodename: string, reverse: string): string {
  const names = reverse.split(/\s+/).slice(1).filter(Boolean);
  if (names.length === 0) return nodename;
  return names.find((n) => n.includes('.')) ?? names[0]!;
}
