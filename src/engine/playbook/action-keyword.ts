// Ansible's older way to name a task's module: `action: copy src=a dest=b` or
// `action: {module: copy, src: a, dest: b}`. It is rewritten into the usual form
// (`copy: src=a dest=b`) before the task is read, so the rest of the loader sees one shape.
import { UserInputError, type SourceLocation } from '../../errors.js';
import { copyLocation, recordKeyLocation } from '../yaml-source.js';
import { isMapping, whereOf } from './shapes.js';

export function withActionRewritten(task: Record<string, unknown>, where: SourceLocation): Record<string, unknown> {
  if (!('action' in task)) return task;
  const at = whereOf(task, 'action', where);
  const action = task.action;
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
    throw new UserInputError('action is not a module name with arguments', at, "'action: copy src=a dest=b' or 'action: {module: copy, ...}'");
  }
  if (module === '') throw new UserInputError('action names no module', at, "'action: MODULE ARGS'");
  if (module in task) throw new UserInputError(`task names module '${module}' twice (as a key and in action)`, at, 'one of the two');
  const rewritten: Record<string, unknown> = {};
  copyLocation(task, rewritten);
  for (const [key, value] of Object.entries(task)) {
    if (key === 'action') {
      rewritten[module] = args;
      recordKeyLocation(rewritten, module, at);
    } else rewritten[key] = value;
  }
  return rewritten;
}
