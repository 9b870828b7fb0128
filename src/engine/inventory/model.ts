// The inventory as loaded: hosts and groups in definition order, the variables written in the
// inventory files, and the group_vars/host_vars files found beside them.
import { UserInputError, type SourceLocation } from '../../errors.js';

export interface HostEntry {
  name: string;
  /** Variables written on the host's line/entry (later sources win). */
  vars: Record<string, unknown>;
  where?: SourceLocation;
}

export interface GroupEntry {
  name: string;
  /** Hosts listed directly in the group. */
  hosts: string[];
  children: string[];
  vars: Record<string, unknown>;
  where?: SourceLocation;
}

export interface VarsFile {
  vars: Record<string, unknown>;
  file: string;
}

/** Filled by the INI and YAML parsers and the vars-file loader. */
export class InventoryData {
  readonly hosts = new Map<string, HostEntry>();
  readonly groups = new Map<string, GroupEntry>();
  /** group name -> group_vars files (inventory folders first, then the playbook's). */
  readonly groupVarsFiles = new Map<string, VarsFile[]>();
  readonly hostVarsFiles = new Map<string, VarsFile[]>();
  readonly sources: string[] = [];

  constructor() {
    this.group('all');
    this.group('ungrouped');
  }

  group(name: string, where?: SourceLocation): GroupEntry {
    let g = this.groups.get(name);
    if (!g) {
      g = { name, hosts: [], children: [], vars: {}, ...(where ? { where } : {}) };
      this.groups.set(name, g);
    }
    return g;
  }

  addHost(name: string, groupName: string, vars: Record<string, unknown>, where?: SourceLocation): void {
    let h = this.hosts.get(name);
    if (!h) {
      h = { name, vars: {}, ...(where ? { where } : {}) };
      this.hosts.set(name, h);
    }
    Object.assign(h.vars, vars);
    const g = this.group(groupName, where);
    if (!g.hosts.includes(name)) g.hosts.push(name);
  }

  addChild(parent: string, child: string, where?: SourceLocation): void {
    const p = this.group(parent, where);
    this.group(child, where);
    if (!p.children.includes(child)) p.children.push(child);
  }

  /** Wire the implicit groups and refuse cycles, once every source is read. */
  finish(): void {
    const all = this.group('all');
    const ungrouped = this.group('ungrouped');
    const isChild = new Set<string>();
    for (const g of this.groups.values()) for (const c of g.children) isChild.add(c);
    for (const g of this.groups.values()) {
      if (g.name !== 'all' && !isChild.has(g.name) && !all.children.includes(g.name)) all.children.push(g.name);
    }
    // Hosts that belong to no group other than all/ungrouped are "ungrouped".
    const grouped = new Set<string>();
    for (const g of this.groups.values()) if (g.name !== 'all' && g.name !== 'ungrouped') g.hosts.forEach((h) => grouped.add(h));
    ungrouped.hosts = [...this.hosts.keys()].filter((h) => !grouped.has(h));
    all.hosts = [];
    this.checkCycles();
  }

  private checkCycles(): void {
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (name: string, path: string[]): void => {
      if (state.get(name) === 'done') return;
      if (state.get(name) === 'visiting') {
        const g = this.groups.get(name);
        throw new UserInputError(`group '${name}' is its own child (${[...path.slice(path.indexOf(name)), name].join(' -> ')})`, g?.where, 'children groups without cycles');
      }
      state.set(name, 'visiting');
      for (const c of this.groups.get(name)?.children ?? []) visit(c, [...path, name]);
      state.set(name, 'done');
    };
    for (const name of this.groups.keys()) visit(name, []);
  }
}
