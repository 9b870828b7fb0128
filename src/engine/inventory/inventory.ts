// The loaded inventory's questions: which hosts, which groups, which variables, in Ansible's
// precedence (docs/variables.md):
//   inventory-file group vars (all < parent < child) < group_vars/all < group_vars/<group>
//   (each: inventory folder, then playbook folder) < inventory-file host vars < host_vars.
import type { InventoryData, VarsFile } from './model.js';
import { matchPattern } from './patterns.js';

export interface VarsLayer {
  vars: Record<string, unknown>;
  file?: string;
}

export interface Inventory {
  readonly sources: string[];
  hostNames(): string[];
  hasHost(name: string): boolean;
  groupNames(): string[];
  varsFor(host: string): Record<string, unknown>;
  varsLayersFor(host: string): VarsLayer[];
  groupNamesOf(host: string): string[];
  groupsMap(): Record<string, string[]>;
  /** Hosts directly or through children in a group, inventory order. */
  hostsOfGroup(group: string): string[];
  childrenOf(group: string): string[];
  selectHosts(pattern: string): { hosts: string[]; warnings: string[] };
}

export class LoadedInventory implements Inventory {
  private readonly varsCache = new Map<string, Record<string, unknown>>();
  private readonly groupHostsCache = new Map<string, string[]>();
  private readonly depthCache = new Map<string, number>();
  private groupsOfHost?: Map<string, string[]>;

  constructor(
    private readonly data: InventoryData,
    /** Folders whose group_vars/host_vars apply, lowest first (inventory folders, then the playbook's). */
    private readonly varsFolders: string[],
    private readonly loadVarsFiles: (folder: string, kind: 'group_vars' | 'host_vars', name: string) => VarsFile[],
  ) {}

  get sources(): string[] {
    return this.data.sources;
  }

  hostNames(): string[] {
    return [...this.data.hosts.keys()];
  }

  hasHost(name: string): boolean {
    return this.data.hosts.has(name);
  }

  groupNames(): string[] {
    return [...this.data.groups.keys()];
  }

  childrenOf(group: string): string[] {
    return this.data.groups.get(group)?.children ?? [];
  }

  hostsOfGroup(group: string): string[] {
    const cached = this.groupHostsCache.get(group);
    if (cached) return cached;
    if (group === 'all') return this.hostNames();
    const members = new Set<string>();
    const visit = (g: string): void => {
      const entry = this.data.groups.get(g);
      if (!entry) return;
      entry.hosts.forEach((h) => members.add(h));
      entry.children.forEach(visit);
    };
    visit(group);
    const list = this.hostNames().filter((h) => members.has(h));
    this.groupHostsCache.set(group, list);
    return list;
  }

  /** Every group a host is in (ancestors included), by depth then name; `all` first. */
  private allGroupsOf(host: string): string[] {
    if (!this.groupsOfHost) {
      this.groupsOfHost = new Map();
      for (const g of this.data.groups.keys()) {
        for (const h of this.hostsOfGroup(g)) {
          const list = this.groupsOfHost.get(h) ?? [];
          list.push(g);
          this.groupsOfHost.set(h, list);
        }
      }
    }
    return [...(this.groupsOfHost.get(host) ?? ['all'])].sort((a, b) => this.depth(a) - this.depth(b) || (a === 'all' ? -1 : b === 'all' ? 1 : a.localeCompare(b)));
  }

  private depth(group: string): number {
    const cached = this.depthCache.get(group);
    if (cached !== undefined) return cached;
    let best = group === 'all' ? 0 : 1;
    for (const g of this.data.groups.values()) {
      if (g.children.includes(group) && g.name !== 'all') best = Math.max(best, this.depth(g.name) + 1);
    }
    this.depthCache.set(group, best);
    return best;
  }

  groupNamesOf(host: string): string[] {
    return this.allGroupsOf(host).filter((g) => g !== 'all' && g !== 'ungrouped').sort();
  }

  groupsMap(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const g of this.data.groups.keys()) out[g] = this.hostsOfGroup(g);
    return out;
  }

  varsLayersFor(host: string): VarsLayer[] {
    const groups = this.allGroupsOf(host);
    const layers: VarsLayer[] = [];
    for (const g of groups) layers.push({ vars: this.data.groups.get(g)?.vars ?? {} });
    for (const g of groups) {
      for (const folder of this.varsFolders) layers.push(...this.loadVarsFiles(folder, 'group_vars', g));
    }
    layers.push({ vars: this.data.hosts.get(host)?.vars ?? {} });
    for (const folder of this.varsFolders) layers.push(...this.loadVarsFiles(folder, 'host_vars', host));
    return layers;
  }

  varsFor(host: string): Record<string, unknown> {
    let merged = this.varsCache.get(host);
    if (!merged) {
      merged = {};
      for (const layer of this.varsLayersFor(host)) Object.assign(merged, layer.vars);
      this.varsCache.set(host, merged);
    }
    return merged;
  }

  selectHosts(pattern: string): { hosts: string[]; warnings: string[] } {
    return matchPattern(this.data, (g) => this.hostsOfGroup(g), pattern);
  }
}
