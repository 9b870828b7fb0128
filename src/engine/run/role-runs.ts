// Ansible's run-once-per-play rule for roles, at run time: which hosts ran a task of each role
// instance (ok, changed or failed; skipped and unreachable do not count) and which have passed
// its last task since. Such a host skips the instance's tasks when it is used again, unless it
// allows duplicates (playbook/role-instances.ts decides which uses are the same instance).
import type { RoleContext, TaskNode } from '../playbook/model.js';
import type { RoleInstance } from '../playbook/role-instances.js';
import type { TaskStatus } from './events.js';

export class RoleRuns {
  private readonly ran = new Map<RoleInstance, Set<string>>();
  private readonly done = new Map<RoleInstance, Set<string>>();

  /** A task of `role` ended with `status` on `host`. */
  taskRan(role: RoleContext | undefined, host: string, status: TaskStatus): void {
    if (!role?.instance || status === 'skipped' || status === 'unreachable') return;
    setOf(this.ran, role.instance).add(host);
  }

  /** `hosts` went past `node`: for each instance it ends, the hosts that ran one of its tasks have run it. */
  passed(node: TaskNode, hosts: string[]): void {
    for (const instance of node.endsRoles ?? []) {
      const ran = this.ran.get(instance);
      if (ran) for (const h of hosts) if (ran.has(h)) setOf(this.done, instance).add(h);
    }
  }

  /** Whether `host` leaves out a task or block of `role`: it has run that instance, which does not allow duplicates. */
  skips(role: RoleContext | undefined, host: string): boolean {
    const instance = role?.instance;
    return instance !== undefined && !instance.allowDuplicates && this.done.get(instance)?.has(host) === true;
  }
}

function setOf(map: Map<RoleInstance, Set<string>>, key: RoleInstance): Set<string> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}
