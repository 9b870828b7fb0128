// The loaded inventory's questions: which hosts, which groups, which variables. Variables are
// layered in Ansible's order (VariableManager.get_vars with the default VARIABLE_PRECEDENCE):
//   inventory-file group vars (all, then the host's groups by depth, priority, name)
//   < group_vars/all (each inventory folder, in -i order) < group_vars/all (playbook folder)
//   < group_vars/<group> (inventory folders; groups in the same order) < group_vars/<group> (playbook folder)
//   < inventory-file host vars < host_vars/<host> (inventory folders) < host_vars/<host> (playbook folder)
// Merging is shallow (hash_behaviour=replace): a later layer replaces a whole value.
import type { InventoryData, VarsFile } from './model.js';
import { IMPLICIT_LOCALHOST_NAMES, matchPattern } from './patterns.js';

export interface VarsLayer {
  vars: Record<string, unknown>;
  /** The group_vars/host_vars file, or the inventory file for inventory-file vars when known. */
  file?: string;
  /** What the layer is, for explanations: `group 'web' (inventory)`, `group_vars/web.yml`, ... */
  label: string;
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
  /** Hosts in a group directly or through children, inventory order. */
  hostsOfGroup(group: string): string[];
  /** Hosts listed in the group itself (ansible-inventory's `hosts` of a group). */
  directHostsOf(group: string): string[];
  childrenOf(group: string): string[];
  selectHosts(pattern: string): { hosts: string[]; warnings: string[] };
  /**
   * add_host and group_by during a run: the host (created if new, with its vars merged in) is
   * put in each group (created if new, under its parents or else under `all`). Returns whether
   * anything changed.
   */
  addAtRuntime(host: string, groups: string[], vars: Record<string, unknown>, parents?: string[]): boolean;
}

export type VarsFilesLoader = (folder: string, kind: 'group_vars' | 'host_vars', name: string) => VarsFile[];

export class LoadedInventory implements Inventory {
  private readonly varsCache = new Map<string, Record<string, unknown>>();
  private readonly groupHostsCache = new Map<string, string[]>();
  private readonly depthCache = new Map<string, number>();
  private groupsOfHost?: Map<string, string[]>;

  constructor(
    private readonly data: InventoryData,
    /** Folders beside the inventory sources, in -i order. */
    private readonly inventoryFolders: string[],
    /** The playbook's folder, whose group_vars/host_vars win over the inventory's. */
    private readonly playbookFolder: string | undefined,
    private readonly loadVarsFiles: VarsFilesLoader,
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
    return [...(this.data.groups.get(group)?.children ?? [])];
  }

  directHostsOf(group: string): string[] {
    return [...(this.data.groups.get(group)?.hosts ?? [])];
  }

  hostsOfGroup(group: string): string[] {
    const cached = this.groupHostsCache.get(group);
    if (cached) return [...cached];
    if (group === 'all') return this.hostNames();
    const members = new Set<string>();
    const seen = new Set<string>();
    const visit = (g: string): void => {
      const entry = this.data.groups.get(g);
      if (!entry || seen.has(g)) return;
      seen.add(g);
      entry.hosts.forEach((h) => members.add(h));
      entry.children.forEach(visit);
    };
    visit(group);
    const list = this.hostNames().filter((h) => members.has(h));
    this.groupHostsCache.set(group, list);
    return [...list];
  }

  /** Every group a host is in, ancestors included, except `all`; in Ansible's sort_groups order. */
  private sortedGroupsOf(host: string): string[] {
    if (!this.groupsOfHost) {
      this.groupsOfHost = new Map();
      for (const g of this.data.groups.keys()) {
        if (g === 'all') continue;
        for (const h of this.hostsOfGroup(g)) {
          const list = this.groupsOfHost.get(h) ?? [];
          list.push(g);
          this.groupsOfHost.set(h, list);
        }
      }
    }
    const groups = [...(this.groupsOfHost.get(host) ?? [])];
    return groups.sort((a, b) => this.depth(a) - this.depth(b) || this.priority(a) - this.priority(b) || compareText(a, b));
  }

  /** Longest path from `all` (Ansible's Group.depth). Cycles were refused at load. */
  private depth(group: string): number {
    const cached = this.depthCache.get(group);
    if (cached !== undefined) return cached;
    let best = 0;
    for (const g of this.data.groups.values()) {
      if (g.children.includes(group)) best = Math.max(best, this.depth(g.name) + 1);
    }
    this.depthCache.set(group, best);
    return best;
  }

  /** ansible_group_priority, set in the inventory file; higher is merged later. */
  private priority(group: string): number {
    const p = this.data.groups.get(group)?.vars.ansible_group_priority;
    const n = typeof p === 'number' ? p : typeof p === 'string' ? Number(p) : NaN;
    return Number.isFinite(n) ? n : 1;
  }

  groupNamesOf(host: string): string[] {
    // Ansible's group_names: every group but `all` (so an ungrouped host has ['ungrouped']).
    return this.sortedGroupsOf(host).sort(compareText);
  }

  groupsMap(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const g of this.data.groups.keys()) out[g] = this.hostsOfGroup(g);
    return out;
  }

  addAtRuntime(host: string, groups: string[], vars: Record<string, unknown>, parents: string[] = []): boolean {
    const before = JSON.stringify([this.data.hosts.get(host)?.vars ?? null, groups.map((g) => this.data.groups.get(g)?.hosts.includes(host) ?? false)]);
    const isNew = !this.data.hosts.has(host);
    this.data.addHost(host, 'ungrouped', vars);
    for (const group of groups) {
      const isNewGroup = !this.data.groups.has(group);
      this.data.addHost(host, group, {});
      for (const parent of parents) this.data.addChild(parent, group);
      if (isNewGroup && parents.length === 0) this.data.addChild('all', group);
      for (const parent of parents) if (!this.groupHasParent(parent)) this.data.addChild('all', parent);
    }
    // ungrouped holds the hosts in no other group (as finish() leaves it)
    const ungrouped = this.data.group('ungrouped');
    const inOther = [...this.data.groups.values()].some((g) => g.name !== 'all' && g.name !== 'ungrouped' && g.hosts.includes(host));
    ungrouped.hosts = ungrouped.hosts.filter((h) => h !== host);
    if (!inOther) ungrouped.hosts.push(host);
    this.varsCache.clear();
    this.groupHostsCache.clear();
    this.depthCache.clear();
    this.groupsOfHost = undefined;
    return (
      isNew || before !== JSON.stringify([this.data.hosts.get(host)?.vars ?? null, groups.map((g) => this.data.groups.get(g)?.hosts.includes(host) ?? false)])
    );
  }

  private groupHasParent(group: string): boolean {
    return [...this.data.groups.values()].some((g) => g.children.includes(group));
  }

  varsLayersFor(host: string): VarsLayer[] {
    const groups = this.sortedGroupsOf(host);
    const all = this.data.groups.get('all')!;
    const layers: VarsLayer[] = [{ vars: all.vars, label: "group 'all' (inventory file)", ...fileOf(all.where) }];
    for (const g of groups) {
      const entry = this.data.groups.get(g)!;
      layers.push({ vars: entry.vars, label: `group '${g}' (inventory file)`, ...fileOf(entry.where) });
    }
    const files = (folders: string[], kind: 'group_vars' | 'host_vars', names: string[]): VarsLayer[] =>
      folders.flatMap((folder) =>
        names.flatMap((name) => this.loadVarsFiles(folder, kind, name).map((f) => ({ vars: f.vars, file: f.file, label: `${kind}/${name}` }))),
      );
    const playbook = this.playbookFolder ? [this.playbookFolder] : [];
    layers.push(...files(this.inventoryFolders, 'group_vars', ['all']));
    layers.push(...files(playbook, 'group_vars', ['all']));
    layers.push(...files(this.inventoryFolders, 'group_vars', groups));
    layers.push(...files(playbook, 'group_vars', groups));
    const entry = this.data.hosts.get(host);
    if (!entry && IMPLICIT_LOCALHOST_NAMES.has(host)) layers.push({ vars: { ansible_connection: 'local' }, label: 'implicit localhost' });
    else layers.push({ vars: entry?.vars ?? {}, label: `host '${host}' (inventory file)`, ...fileOf(entry?.where) });
    layers.push(...files(this.inventoryFolders, 'host_vars', [host]));
    layers.push(...files(playbook, 'host_vars', [host]));
    return layers;
  }

  varsFor(host: string): Record<string, unknown> {
    let merged = this.varsCache.get(host);
    if (!merged) {
      merged = {};
      for (const layer of this.varsLayersFor(host)) {
        for (const [k, v] of Object.entries(layer.vars)) Object.defineProperty(merged, k, { value: v, enumerable: true, writable: true, configurable: true });
      }
      this.varsCache.set(host, merged);
    }
    return { ...merged };
  }

  selectHosts(pattern: string): { hosts: string[]; warnings: string[] } {
    return matchPattern(
      { hostNames: () => this.hostNames(), groupNames: () => this.groupNames(), hostsOfGroup: (g) => this.hostsOfGroup(g), hasHost: (h) => this.hasHost(h) },
      pattern,
    );
  }
}

function fileOf(where: { file: string } | undefined): { file?: string } {
  return where ? { file: where.file } : {};
}

/** Python's string order (code points), which Ansible's sorted() uses. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
