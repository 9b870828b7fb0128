// The variables one loop item gives its task, as Ansible sets them: the loop variable and
// ansible_loop_var; with loop_control.index_var the item's position and ansible_index_var; with
// loop_control.extended, ansible_loop (index, first, last, length, previtem, nextitem and, unless
// extended_allitems is off, allitems). Each item's result records the same keys, and what a
// looped include_tasks/include_role includes sees them too.
import type { TaskDef } from '../playbook/model.js';

export function loopItemVars(task: Pick<TaskDef, 'loopVar' | 'loopIndexVar' | 'loopExtended'>, items: unknown[], index: number): Record<string, unknown> {
  const vars: Record<string, unknown> = { [task.loopVar]: items[index], ansible_loop_var: task.loopVar };
  if (task.loopIndexVar !== undefined) Object.assign(vars, { [task.loopIndexVar]: index, ansible_index_var: task.loopIndexVar });
  if (task.loopExtended) {
    const loop: Record<string, unknown> = {
      index: index + 1,
      index0: index,
      first: index === 0,
      last: index === items.length - 1,
      length: items.length,
      revindex: items.length - index,
      revindex0: items.length - index - 1,
    };
    if (task.loopExtended.allItems) loop.allitems = items;
    if (index + 1 < items.length) loop.nextitem = items[index + 1];
    if (index > 0) loop.previtem = items[index - 1];
    vars.ansible_loop = loop;
  }
  return vars;
}
