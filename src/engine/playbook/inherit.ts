// Keywords set on a block, an import or a role apply to everything inside it (Ansible's
// inheritance). lvsplay resolves that once at load time, so the run loop reads one flat set of
// keywords per task.
import type { CommonKeywords } from './model.js';

export type Inherited = Omit<CommonKeywords, 'name'>;

export const NOTHING_INHERITED: Inherited = { when: [], tags: [], vars: {} };

/** The keywords a child ends up with: parent's first, the child's own override or extend them. */
export function inheritKeywords(parent: Inherited, own: Inherited): Inherited {
  return {
    when: [...parent.when, ...own.when],
    tags: [...new Set([...parent.tags, ...own.tags])],
    vars: { ...parent.vars, ...own.vars },
    become: own.become ?? parent.become,
    becomeUser: own.becomeUser ?? parent.becomeUser,
    ignoreErrors: own.ignoreErrors ?? parent.ignoreErrors,
    checkMode: own.checkMode ?? parent.checkMode,
    diff: own.diff ?? parent.diff,
    noLog: own.noLog ?? parent.noLog,
    runOnce: own.runOnce ?? parent.runOnce,
    environment: own.environment ?? parent.environment,
    anyErrorsFatal: own.anyErrorsFatal ?? parent.anyErrorsFatal,
  };
}
