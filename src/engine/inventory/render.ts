// `lvsplay inventory --list` and `--graph`, shaped like ansible-core's ansible-inventory
// (json_inventory and _graph_group): groups and hosts in inventory order, a group's `hosts`
// are the hosts listed in it directly, `ungrouped` is all's first child, empty groups are left
// out of --list but still named as children, and the JSON's keys are sorted (sort_keys=True).
import { UserInputError } from '../../errors.js';
import type { Inventory } from './inventory.js';

export function inventoryToListJson(inv: Inventory): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const seen = new Set<string>();
  const formatGroup = (g: string): void => {
    const entry: Record<string, unknown> = {};
    const hosts = g === 'all' ? [] : inv.directHostsOf(g);
    const children = inv.childrenOf(g);
    if (hosts.length) entry.hosts = hosts;
    if (children.length) entry.children = children;
    if (Object.keys(entry).length) out[g] = entry;
    for (const c of children) {
      if (seen.has(c)) continue;
      seen.add(c);
      formatGroup(c);
    }
  };
  formatGroup('all');
  const hostvars: Record<string, unknown> = {};
  for (const h of inv.hostNames()) {
    const vars = inv.varsFor(h);
    if (Object.keys(vars).length) hostvars[h] = vars;
  }
  out._meta = { hostvars };
  return sortKeysDeep(out) as Record<string, unknown>;
}

/** Python's json.dumps(sort_keys=True) sorts every mapping's keys, lists keep their order. */
function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort()) {
    Object.defineProperty(out, k, { value: sortKeysDeep((value as Record<string, unknown>)[k]), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

export function inventoryGraph(inv: Inventory, group = 'all'): string {
  if (!inv.groupNames().includes(group)) {
    throw new UserInputError(`'${group}' is not a group in the inventory`, undefined, `a group name for --graph: ${inv.groupNames().join(', ')}`);
  }
  const lines: string[] = [];
  const name = (text: string, depth: number): string => (depth ? '  |'.repeat(depth) + '--' + text : text);
  const walk = (g: string, depth: number, path: string[]): void => {
    lines.push(name(`@${g}:`, depth));
    for (const c of inv.childrenOf(g)) if (!path.includes(c)) walk(c, depth + 1, [...path, c]);
    if (g !== 'all') for (const h of inv.directHostsOf(g)) lines.push(name(h, depth + 1));
  };
  walk(group, 0, [group]);
  return lines.join('\n');
}
