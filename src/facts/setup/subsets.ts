// gather_subset as Ansible reads it: names of collectors or of their groups (min, hardware,
// network, virtual, all), `!name` to leave one out. The 'min' collectors come with any choice
// unless `!min` says otherwise; only exclusions mean "all but these"; `!all` means "only what
// is named (and min)".
import type { FactCollector } from './collector.js';
import { distributionCollector } from './distribution.js';
import { dmiCollector, memoryCollector, mountsCollector, processorsCollector, uptimeCollector } from './hardware.js';
import { interfacesCollector } from './network.js';
import { platformCollector } from './platform.js';
import { apparmorCollector, cmdlineCollector, dnsCollector, fipsCollector, selinuxCollector, sshPubKeysCollector } from './security.js';
import { dateTimeCollector, envCollector, pkgMgrCollector, pythonCollector, serviceMgrCollector, userCollector } from './system.js';
import { virtualCollector } from './virtual.js';

/** Every collector, in the order they run (pkg_mgr reads the os_family distribution found). */
export const COLLECTORS: readonly FactCollector[] = [
  platformCollector,
  distributionCollector,
  serviceMgrCollector,
  pkgMgrCollector,
  pythonCollector,
  userCollector,
  envCollector,
  dateTimeCollector,
  dnsCollector,
  selinuxCollector,
  apparmorCollector,
  fipsCollector,
  cmdlineCollector,
  sshPubKeysCollector,
  memoryCollector,
  processorsCollector,
  uptimeCollector,
  mountsCollector,
  dmiCollector,
  interfacesCollector,
  virtualCollector,
];

const GROUPS: Record<string, string[]> = {
  min: [
    'platform',
    'distribution',
    'service_mgr',
    'pkg_mgr',
    'python',
    'user',
    'env',
    'date_time',
    'dns',
    'selinux',
    'apparmor',
    'fips',
    'cmdline',
    'ssh_pub_keys',
  ],
  hardware: ['memory', 'processors', 'uptime', 'mounts', 'dmi'],
  network: ['interfaces'],
  virtual: ['virtual'],
};
GROUPS.all = COLLECTORS.map((c) => c.name);

/** Ansible's other collectors: accepted, and gathered as far as lvsplay gathers them. */
const ALIASES: Record<string, string[]> = { facter: [], ohai: [], local: [], lsb: ['distribution'], caps: [], devices: [] };

/** Every word gather_subset accepts (without `!`). */
export const SUBSET_NAMES = [...Object.keys(GROUPS), ...COLLECTORS.map((c) => c.name), ...Object.keys(ALIASES)];

/** The collectors a gather_subset selects, in running order; a message naming the bad word if one is unknown. */
export function collectorsFor(subset: readonly string[]): FactCollector[] | string {
  const add = new Set<string>();
  const exclude = new Set<string>();
  let positives = 0;
  let allExcluded = false;
  let minExcluded = false;
  for (const raw of subset) {
    const word = raw.trim();
    const negated = word.startsWith('!');
    const name = negated ? word.slice(1) : word;
    const members = GROUPS[name] ?? ALIASES[name] ?? (COLLECTORS.some((c) => c.name === name) ? [name] : undefined);
    if (members === undefined) return `Bad subset '${name}' given to gather_subset; allowed: ${SUBSET_NAMES.join(', ')}`;
    if (!negated) {
      positives++;
      members.forEach((n) => add.add(n));
    } else if (name === 'all')
      allExcluded = true; // nothing by default, but what is named
    else if (name === 'min') minExcluded = true;
    else members.forEach((n) => exclude.add(n));
  }
  if (positives === 0 && !allExcluded) GROUPS.all!.forEach((n) => add.add(n));
  if (!minExcluded) GROUPS.min!.forEach((n) => add.add(n));
  return COLLECTORS.filter((c) => add.has(c.name) && !exclude.has(c.name));
}

/** gather_subset as written: a list, or words separated by commas. */
export function gatherSubsetWords(value: unknown): string[] {
  const words = Array.isArray(value) ? value.map(String) : String(value).split(',');
  return words.map((w) => w.trim()).filter(Boolean);
}

/** The host_facts arguments for a gather_subset (undefined: Ansible's default, everything). */
export function hostFactsArgsFor(subset: readonly string[]): { subset: string[] } | undefined {
  return subset.length === 0 || (subset.length === 1 && subset[0] === 'all') ? undefined : { subset: [...subset] };
}
