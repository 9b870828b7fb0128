// `lvsplay inventory --list` (ansible-inventory --list's JSON) and `--graph` (its tree).
import type { Inventory } from './inventory.js';

export function inventoryToListJson(inv: Inventory): Record<string, unknown> {
  const out: Record<string, unknown> = { _meta: { hostvars: Object.fromEntries(inv.hostNames().map((h) => [h, inv.varsFor(h)])) } };
  for (const g of inv.groupNames()) {
    const entry: Record<string, unknown> = {};
    const children = [...inv.childrenOf(g)].sort();
    if (children.length) entry.children = children;
    const direct = g === 'all' ? [] : inv.hostsOfGroup(g).filter((h) => !children.some((c) => inv.hostsOfGroup(c).includes(h)));
    if (direct.length) entry.hosts = direct;
    if (g === 'ungrouped' && !direct.length) continue;
    out[g] = entry;
  }
  return out;
}

export function inventoryGraph(inv: Inventory, group = 'all'): string {
  const lines: string[] = [];
  const walk = (g: string, prefix: string): void => {
    lines.push(`${prefix}@${g}:`);
    const childPrefix = prefix === '' ? '  |--' : prefix.replace(/\|--$/, '|  |--');
    // ansible-inventory sorts groups and hosts by name
    const children = [...inv.childrenOf(g)].sort().filter((c) => c !== 'ungrouped' || inv.hostsOfGroup(c).length > 0);
    for (const c of children) walk(c, childPrefix);
    const viaChildren = new Set(inv.childrenOf(g).flatMap((c) => inv.hostsOfGroup(c)));
    if (g !== 'all') for (const h of [...inv.hostsOfGroup(g)].sort()) if (!viaChildren.has(h)) lines.push(`${childPrefix}${h}`);
  };
  walk(group, '');
  return lines.join('\n');
}
