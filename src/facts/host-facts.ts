// The facts `gather_facts` collects, in one round trip: identity, OS, kernel, addresses and the
// default route (lvs_interface defaults to its device). Names follow Ansible's ansible_* facts.
import { FactParseError } from '../errors.js';
import type { FactDefinition } from './types.js';

export interface HostFacts {
  ansible_hostname: string;
  ansible_fqdn: string;
  ansible_nodename: string;
  ansible_kernel: string;
  ansible_architecture: string;
  ansible_system: string;
  ansible_os_family: string;
  ansible_distribution: string;
  ansible_distribution_version: string;
  ansible_distribution_release: string;
  ansible_service_mgr: string;
  ansible_user_id: string;
  ansible_interfaces: string[];
  ansible_all_ipv4_addresses: string[];
  ansible_default_ipv4: { interface?: string; address?: string; gateway?: string };
  /** Per interface: { device, ipv4: {address, prefix} } like Ansible's ansible_<iface>. */
  [key: `ansible_${string}`]: unknown;
}

const SECTION = '@@lvsplay:';

export const hostFactsFact: FactDefinition<HostFacts, void> = {
  name: 'host_facts',
  needsBecome: false,
  command() {
    const parts = [
      ['hostname', 'hostname 2>/dev/null || cat /proc/sys/kernel/hostname'],
      // not `hostname -f`: it asks DNS, which can hang for seconds on an isolated host
      ['fqdn', 'cat /proc/sys/kernel/hostname'],
      ['uname', 'uname -s -r -m'],
      ['osrelease', 'cat /etc/os-release 2>/dev/null'],
      ['user', 'id -un'],
      ['systemd', '[ -d /run/systemd/system ] && echo systemd || echo other'],
      ['addrs', 'ip -o -4 addr show 2>/dev/null'],
      ['links', 'ip -o link show 2>/dev/null'],
      ['route', 'ip -o -4 route show default 2>/dev/null'],
    ];
    return parts.map(([name, cmd]) => `echo '${SECTION}${name}'; ${cmd}`).join('; ') + '; true';
  },
  parse(result) {
    const sections = new Map<string, string[]>();
    let current: string[] | undefined;
    for (const line of result.stdout.split('\n')) {
      if (line.startsWith(SECTION)) {
        current = [];
        sections.set(line.slice(SECTION.length), current);
      } else if (current && line !== '') current.push(line);
    }
    if (!sections.has('hostname') || !sections.has('uname')) throw new FactParseError('host_facts', 'missing sections in output', result.stdout);
    const first = (name: string): string => sections.get(name)?.[0]?.trim() ?? '';
    const [system = '', kernel = '', arch = ''] = first('uname').split(/\s+/);
    const os = new Map<string, string>();
    for (const line of sections.get('osrelease') ?? []) {
      const m = /^([A-Z_]+)=(.*)$/.exec(line);
      if (m) os.set(m[1]!, m[2]!.replace(/^"(.*)"$/, '$1'));
    }
    const facts: HostFacts = {
      ansible_hostname: first('hostname').split('.')[0] ?? '',
      ansible_nodename: first('hostname'),
      ansible_fqdn: first('fqdn'),
      ansible_kernel: kernel,
      ansible_architecture: arch,
      ansible_system: system,
      ansible_os_family: os.get('ID_LIKE')?.includes('debian') || os.get('ID') === 'debian' ? 'Debian' : (os.get('ID') ?? 'unknown'),
      ansible_distribution: capitalise(os.get('ID') ?? 'unknown'),
      ansible_distribution_version: os.get('VERSION_ID') ?? '',
      ansible_distribution_release: os.get('VERSION_CODENAME') ?? '',
      ansible_service_mgr: first('systemd') === 'systemd' ? 'systemd' : 'sysvinit',
      ansible_user_id: first('user'),
      ansible_interfaces: [],
      ansible_all_ipv4_addresses: [],
      ansible_default_ipv4: {},
    };
    for (const line of sections.get('links') ?? []) {
      const m = /^\d+:\s+([^:@\s]+)/.exec(line);
      if (m) facts.ansible_interfaces.push(m[1]!);
    }
    const addressesByDevice = new Map<string, Array<{ address: string; prefix: string }>>();
    for (const line of sections.get('addrs') ?? []) {
      const m = /^\d+:\s+(\S+)\s+inet\s+([\d.]+)\/(\d+)/.exec(line);
      if (!m) continue;
      const [, dev, address, prefix] = m as unknown as [string, string, string, string];
      if (!address.startsWith('127.')) facts.ansible_all_ipv4_addresses.push(address);
      const list = addressesByDevice.get(dev) ?? [];
      list.push({ address, prefix });
      addressesByDevice.set(dev, list);
    }
    for (const [dev, list] of addressesByDevice) {
      facts[`ansible_${dev.replace(/[^A-Za-z0-9_]/g, '_')}`] = { device: dev, ipv4: list[0], ipv4_secondaries: list.slice(1) };
    }
    const route = first('route');
    const dev = /\bdev\s+(\S+)/.exec(route)?.[1];
    const via = /\bvia\s+(\S+)/.exec(route)?.[1];
    if (dev) {
      facts.ansible_default_ipv4 = {
        interface: dev,
        ...(via ? { gateway: via } : {}),
        ...(addressesByDevice.get(dev)?.[0] ? { address: addressesByDevice.get(dev)![0]!.address } : {}),
      };
    }
    return facts;
  },
};

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
