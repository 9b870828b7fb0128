// Ansible's older ways to name a task's module: `action: copy src=a dest=b` or
// `action: {module: copy, src: a, dest: b}`, and `local_action:` in the same two forms, which
// also runs the task on the controller (delegate_to: localhost, winning over a delegate_to the
// task writes, as in ansible-core 2.14). Either is rewritten into the usual form
// (`copy: src=a dest=b`) before the task is read, so the rest of the loader sees one shape.
import { UserInputError, type SourceLocation } from '../../errors.js';
import { copyLocation, recordKeyLocation } from '../yaml-source.js';
import { isMapping, whereOf } from './shapes.js';

export function withActionRewritten(task: Record<string, unknown>, where: SourceLocation): Record<string, unknown> {
  const hasAction = 'action' in task;
  const hasLocal = 'local_action' in task;
  if (!hasAction && !hasLocal) return task;
  if (hasAction && hasLocal) throw new UserInputError('action and local_action are mutually exclusive', whereOf(task, 'local_action', where), 'one of the two');
  const keyword = hasLocal ? 'local_action' : 'action';
  const at = whereOf(task, keyword, where);
  const action = task[keyword];
  let module: string;
  let args: unknown;
  if (typeof action === 'string') {
    const text = action.trim();
    const space = text.search(/\s/);
    module = space < 0 ? text : text.slice(0, space);
    args = space < 0 ? undefined : text.slice(space + 1).trim();
  } else if (isMapping(action) && typeof action.module === 'string') {
    const { module: name, ...rest } = action;
    module = name;
    args = rest;
    copyLocation(action, rest);
  } else {
    throw new UserInputError(`${keyword} is not a module name with arguments`, at, `'${keyword}: copy src=a dest=b' or '${keyword}: {module: copy, ...}'`);
  }
  if (module === '') throw new UserInputError(`${keyword} names no module`, at, `'${keyword}: MODULE ARGS'`);
  if (module in task) throw new UserInputError(`task names module '${module}' twice (as a key and in ${keyword})`, at, 'one of the two');
  const rewritten: Record<string, unknown> = {};
  copyLocation(task, rewritten);
  for (const [key, value] of Object.entries(task)) {
    if (key === keyword) {
      rewritten[module] = args;
      recordKeyLocation(rewritten, module, at);
    } else if (!(hasLocal && key === 'delegate_to')) rewritten[key] = value;
  }
  if (hasLocal) {
    rewritten.delegate_to = 'localhost';
    recordKeyLocation(rewritten, 'delegate_to', at);
  }
  return rewritten;
}
