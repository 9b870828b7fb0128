// Which tasks --tags, --skip-tags and --start-at-task let through (Ansible's rules: 'always'
// runs unless skipped by name, 'never' runs only when asked for by name, 'tagged'/'untagged'
// select by having tags at all).
import type { TaskDef } from '../playbook/model.js';
import type { RunContext } from './run-context.js';

export function selectedByTags(taskTags: string[], tags: string[], skipTags: string[]): boolean {
  const has = (t: string): boolean => taskTags.includes(t);
  if (skipTags.some((t) => has(t) || (t === 'tagged' && taskTags.length > 0) || (t === 'untagged' && taskTags.length === 0))) return false;
  if (has('never') && !tags.some((t) => t !== 'all' && has(t))) return false;
  if (tags.length === 0 || tags.includes('all')) return true;
  if (has('always')) return true;
  if (tags.includes('tagged') && taskTags.length > 0) return true;
  if (tags.includes('untagged') && taskTags.length === 0) return true;
  return tags.some(has);
}

/**
 * A task runs when its tags are selected and, inside include_tasks/include_role, when each
 * include's own tags are: an include is a task of its own in Ansible, run (or not) by its tags,
 * and its tags are not passed on to what it includes (`apply` does that).
 */
export function taskSelected(task: TaskDef, tags: string[], skipTags: string[]): boolean {
  return selectedByTags(task.tags, tags, skipTags) && task.includeTags.every((gate) => selectedByTags(gate, tags, skipTags));
}

/** --start-at-task: skip until a task whose name matches (glob * allowed), then run everything. */
export function passedStartAt(run: RunContext, task: TaskDef, displayName: string): boolean {
  if (!run.waitingForStartTask) return true;
  const pattern = run.options.startAtTask ?? '';
  const re = new RegExp(
    '^' +
      pattern
        .split('*')
        .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*') +
      '$',
  );
  if (re.test(displayName) || (task.name !== undefined && re.test(task.name))) {
    run.waitingForStartTask = false;
    return true;
  }
  return false;
}
