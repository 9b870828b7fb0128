// The play keyword `order:`: in which order a play's hosts are worked on (and batched by serial).
import { compareText } from '../inventory/inventory.js';
import type { HostOrder } from '../playbook/keywords.js';

export function orderHosts(hosts: string[], order: HostOrder): string[] {
  switch (order) {
    case 'inventory':
      return hosts;
    case 'reverse_inventory':
      return [...hosts].reverse();
    case 'sorted':
      return [...hosts].sort(compareText);
    case 'reverse_sorted':
      return [...hosts].sort(compareText).reverse();
    case 'shuffle': {
      const shuffled = [...hosts];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
      }
      return shuffled;
    }
  }
}
