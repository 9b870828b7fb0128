// The inventory as loaded: hosts and groups in definition order and the variables written in
// the inventory files. Filled by the INI and YAML parsers; `finish()` then adds what Ansible's
// reconcile_inventory adds (top-level groups under `all`, `ungrouped`) and refuses cycles.
import { UserInputError, type SourceLocation } from '../../errors.js';
import { locate, recordKeyLocation } from '../yaml-source.js';

export interface HostEntry {
  name: string;
  /** Variables written on the host's line/entry (later sources win), with key locations recorded. */
  vars: Record<string, unknown>;
  where?: SourceLocation;
}

export interface GroupEntry {
  name: string;
  /** Hosts listed directly in the group, in the order they were listed. */
  hosts: string[];
  /** Child groups in the order they were named. */
  children: string[];
  /** Where each child was named: a cycle is reported at the edge that closes it. */
  childWhere: Map<string, SourceLocation>;
  vars: Record<string, unknown>;
  where?: SourceLocation;
}

export interface VarsFile {
  vars: Record<string, unknown>;
  file: string;
}

/** Copy variables, keeping where each key was written (so later errors can point at it). */
export function assignVars(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    // defineProperty: a variable called __proto__ is just a variable.
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
    const where = locate(source, key);
    if (where) recordKeyLocation(target, key, where);
  }
}

export class InventoryData {
  readonly hosts = new Map<string, HostEntry>();
  readonly groups = new Map<string, GroupEntry>();
  /** The inventory files read, in order. */
  readonly sources: string[] = [];

  constructor() {
    // Ansible creates these two first, with ungrouped as all's first child.
    this.group('all');
    this.group('ungrouped');
    this.group('all').children.push('ungrouped');
  }

  group(name: string, where?: SourceLocation): GroupEntry {
    let g = this.groups.get(name);
    if (!g) {
      g = { name, hosts: [], children: [], childWhere: new Map(), vars: {}, ...(where ? { where } : {}) };
      this.groups.set(name, g);
    } else if (!g.where && where) {
      g.where = where;
    }
    return g;
  }

  addHost(name: string, groupName: string, vars: Record<string, unknown>, where?: SourceLocation): void {
    let h = this.hosts.get(name);
    if (!h) {
      h = { name, vars: {}, ...(where ? { where } : {}) };
      this.hosts.set(name, h);
    }
    assignVars(h.vars, vars);
    const g = this.group(groupName, where);
    if (!g.hosts.includes(name)) g.hosts.push(name);
  }

  setGroupVars(name: string, vars: Record<string, unknown>): void {
    assignVars(this.group(name).vars, vars);
  }

  addChild(parent: string, child: string, where?: SourceLocation): void {
    const p = this.group(parent, where);
    this.group(child, where);
    if (!p.children.includes(child)) {
      p.children.push(child);
      if (where) p.childWhere.set(child, where);
    }
  }

  /** Wire the implicit groups and refuse cycles, once every source is read. */
  finish(): void {
    const all = this.group('all');
    const hasParent = new Set<string>();
    for (const g of this.groups.values()) for (const c of g.children) hasParent.add(c);
    for (const g of this.groups.values()) {
      if (g.name !== 'all' && !hasParent.has(g.name)) all.children.push(g.name);
    }
    // A host in no group but all/ungrouped is "ungrouped"; one listed elsewhere is not.
    const grouped = new Set<string>();
    for (const g of this.groups.values()) if (g.name !== 'all' && g.name !== 'ungrouped') g.hosts.forEach((h) => grouped.add(h));
    this.group('ungrouped').hosts = [...this.hosts.keys()].filter((h) => !grouped.has(h));
    // Hosts written directly under `all` are members through ungrouped or their groups.
    all.hosts = [];
    // After wiring `all`, so that naming `all` as someone's child is caught as the loop it is.
    this.checkCycles();
  }

  private checkCycles(): void {
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (name: string, path: string[]): void => {
      state.set(name, 'visiting');
      const g = this.groups.get(name);
      for (const c of g?.children ?? []) {
        if (state.get(c) === 'visiting') {
          const stack = [...path, name];
          const cycle = [...stack.slice(stack.indexOf(c)), c].join(' -> ');
          throw new UserInputError(`group '${c}' is its own descendant (${cycle})`, g?.childWhere.get(c) ?? g?.where, 'children groups without cycles');
        }
        if (state.get(c) !== 'done') visit(c, [...path, name]);
      }
      state.set(name, 'done');
    };
    for (const name of this.groups.keys()) if (!state.has(name)) visit(name, []);
  }
}
