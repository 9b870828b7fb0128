// ansible_distribution, _version, _major_version, _release, os_family (Ansible's 'distribution'
// collector) from /etc/os-release, with the release files that carry more precision than it
// (Debian's point release in /etc/debian_version, Alpine's in /etc/alpine-release).
import { firstLine, keyValueLines, type FactCollector } from './collector.js';

/** os-release ID -> Ansible's distribution name. */
const DISTRIBUTION_NAMES: Record<string, string> = {
  debian: 'Debian',
  ubuntu: 'Ubuntu',
  raspbian: 'Debian',
  linuxmint: 'Linux Mint',
  kali: 'Kali',
  rhel: 'RedHat',
  centos: 'CentOS',
  rocky: 'Rocky',
  almalinux: 'AlmaLinux',
  ol: 'OracleLinux',
  fedora: 'Fedora',
  amzn: 'Amazon',
  alpine: 'Alpine',
  arch: 'Archlinux',
  opensuse: 'openSUSE',
  'opensuse-leap': 'openSUSE Leap',
  'opensuse-tumbleweed': 'openSUSE Tumbleweed',
  sles: 'SLES',
  gentoo: 'Gentoo',
};

/** Ansible's OS_FAMILY map: distribution -> family. */
const FAMILIES: Record<string, string[]> = {
  Debian: ['Debian', 'Ubuntu', 'Linux Mint', 'Kali', 'Raspbian', 'Devuan', 'Pop!_OS'],
  RedHat: ['RedHat', 'CentOS', 'Rocky', 'AlmaLinux', 'OracleLinux', 'Fedora', 'Amazon', 'Scientific', 'CloudLinux'],
  Suse: ['SLES', 'openSUSE', 'openSUSE Leap', 'openSUSE Tumbleweed', 'SUSE'],
  Alpine: ['Alpine'],
  Archlinux: ['Archlinux', 'Manjaro'],
  Gentoo: ['Gentoo'],
};

export const distributionCollector: FactCollector = {
  name: 'distribution',
  sections: {
    osrelease: 'cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release 2>/dev/null; true',
    debian_version: 'lvsplay_read /etc/debian_version 2>/dev/null; true',
    alpine_release: 'lvsplay_read /etc/alpine-release 2>/dev/null; true',
  },
  collect(sections) {
    const os = keyValueLines(sections.get('osrelease'));
    const id = os.get('ID') ?? '';
    if (id === '') return { ansible_distribution: 'NA', ansible_os_family: 'NA' };
    const name = DISTRIBUTION_NAMES[id] ?? capitalise(id);
    const version = preciseVersion(id, os, sections);
    const major = version.split('.')[0] ?? '';
    const family = Object.entries(FAMILIES).find(([, names]) => names.includes(name))?.[0] ?? familyFromLike(os.get('ID_LIKE')) ?? name;
    const facts: Record<string, unknown> = {
      ansible_distribution: name,
      ansible_distribution_version: version,
      ansible_distribution_major_version: major,
      ansible_distribution_release: release(os),
      ansible_os_family: family,
      ansible_distribution_file_variety: family,
    };
    const minor = version.split('.')[1];
    if (minor !== undefined) facts.ansible_distribution_minor_version = minor;
    return facts;
  },
};

function preciseVersion(id: string, os: ReadonlyMap<string, string>, sections: Parameters<FactCollector['collect']>[0]): string {
  const fromFile = id === 'debian' ? firstLine(sections, 'debian_version') : id === 'alpine' ? firstLine(sections, 'alpine_release') : '';
  // Debian testing says "trixie/sid": os-release's VERSION_ID (or none) is then what Ansible shows.
  if (/^\d+(\.\d+)*$/.test(fromFile)) return fromFile;
  return os.get('VERSION_ID') ?? '';
}

/** The codename: VERSION_CODENAME, else the word in parentheses of VERSION ("9.3 (Blue Onyx)"), else 'NA'. */
function release(os: ReadonlyMap<string, string>): string {
  const codename = os.get('VERSION_CODENAME');
  if (codename) return codename;
  const inParens = /\(([^)]+)\)/.exec(os.get('VERSION') ?? '')?.[1];
  return inParens ?? 'NA';
}

function familyFromLike(like: string | undefined): string | undefined {
  const words = (like ?? '').split(/\s+/);
  if (words.includes('debian') || words.includes('ubuntu')) return 'Debian';
  if (words.some((w) => ['rhel', 'fedora', 'centos'].includes(w))) return 'RedHat';
  if (words.some((w) => w.startsWith('suse'))) return 'Suse';
  if (words.includes('arch')) return 'Archlinux';
  return undefined;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
