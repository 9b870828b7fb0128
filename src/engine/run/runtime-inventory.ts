// The run's inventory as plays change it: add_host and group_by results, meta: refresh_inventory.
// What add_host and group_by ask for (their result's add_host / add_group) applied to the run's
// inventory: later plays (and host patterns) see the new hosts and groups. The task is changed
// when the inventory did change, as in Ansible.
import type { ModuleResult } from '../../modules/types.js';
import type { AddHostResult } from '../../modules/builtin/inventory-changes.js';
import type { InventoryAddition, RunContext } from './run-context.js';

export function applyInventoryChange(run: RunContext, hostName: string, result: ModuleResult): void {
  const added = result.add_host as AddHostResult | undefined;
  if (added) result.changed = addToInventory(run, { newHost: true, args: [added.host_name, added.groups, added.host_vars] });
  if (typeof result.add_group === 'string') {
    const parents = Array.isArray(result.parent_groups) ? result.parent_groups.map(String).filter((p) => p !== 'all') : [];
    result.changed = addToInventory(run, { newHost: false, args: [hostName, [result.add_group], {}, parents] });
  }
}

function addToInventory(run: RunContext, addition: InventoryAddition): boolean {
  run.inventoryAdditions.push(addition);
  return run.inventory.addAtRuntime(...addition.args);
}

/**
 * meta: refresh_inventory: the sources read again, then what add_host and group_by did so far,
 * as Ansible keeps it (group_by only for hosts the sources still have).
 */
export function refreshInventory(run: RunContext): void {
  if (!run.reloadInventory) return;
  const inventory = run.reloadInventory();
  for (const { newHost, args } of run.inventoryAdditions) if (newHost || inventory.hasHost(args[0])) inventory.addAtRuntime(...args);
  run.inventory = inventory;
}
