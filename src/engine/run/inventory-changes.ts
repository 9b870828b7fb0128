// What add_host and group_by ask for (their result's add_host / add_group) applied to the run's
// inventory: later plays (and host patterns) see the new hosts and groups. The task is changed
// when the inventory did change, as in Ansible.
import type { ModuleResult } from '../../modules/types.js';
import type { AddHostResult } from '../../modules/builtin/inventory-changes.js';
import type { RunContext } from './run-context.js';

export function applyInventoryChange(run: RunContext, hostName: string, result: ModuleResult): void {
  const added = result.add_host as AddHostResult | undefined;
  if (added) result.changed = run.inventory.addAtRuntime(added.host_name, added.groups, added.host_vars);
  if (typeof result.add_group === 'string') {
    const parents = Array.isArray(result.parent_groups) ? result.parent_groups.map(String).filter((p) => p !== 'all') : [];
    result.changed = run.inventory.addAtRuntime(hostName, [result.add_group], {}, parents);
  }
}
