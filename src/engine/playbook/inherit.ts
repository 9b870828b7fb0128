// Keywords set on a block, an import or a role apply to everything inside it (Ansible's
// inheritance). lvsplay resolves that once at load time, so the run loop reads one flat set of
// keywords per task.
import type { CommonKeywords } from './model.js';

/** What a block, import or role passes down to what it contains. */
export type Inherited = Omit<CommonKeywords, 'name' | 'vars'>;
/** The keywords written on one task, block, import or role entry. */
export type OwnKeywords = Omit<CommonKeywords, 'name' | 'blockVars' | 'includeTags' | 'includeParams'>;

export const NOTHING_INHERITED: Inherited = { when: [], tags: [], blockVars: [], includeTags: [], includeParams: [] };

/**
 * The keywords a child ends up with: parent's first, the child's own override or extend them.
 * Own `vars` are not merged: they join the list of block layers the children see.
 */
export function inheritKeywords(parent: Inherited, own: OwnKeywords): Inherited {
  return {
    when: [...parent.when, ...own.when],
    tags: [...new Set([...parent.tags, ...own.tags])],
    includeTags: parent.includeTags,
    includeParams: parent.includeParams,
    blockVars: Object.keys(own.vars).length > 0 ? [...parent.blockVars, own.vars] : parent.blockVars,
    become: own.become ?? parent.become,
    becomeUser: own.becomeUser ?? parent.becomeUser,
    ignoreErrors: own.ignoreErrors ?? parent.ignoreErrors,
    checkMode: own.checkMode ?? parent.checkMode,
    diff: own.diff ?? parent.diff,
    noLog: own.noLog ?? parent.noLog,
    runOnce: own.runOnce ?? parent.runOnce,
    delegateTo: own.delegateTo ?? parent.delegateTo,
    delegateFacts: own.delegateFacts ?? parent.delegateFacts,
    environment: stackEnvironments(parent.environment, own.environment),
    anyErrorsFatal: own.anyErrorsFatal ?? parent.anyErrorsFatal,
    throttle: own.throttle ?? parent.throttle,
    notify: own.notify?.length ? own.notify : parent.notify,
  };
}

/**
 * Environments stack rather than replace (Ansible's extend): the enclosing block's or role's
 * variables, then the child's own over them. Each layer stays as written (a mapping, or a
 * template of one) and the run merges them in order (run/resolve-environment.ts).
 */
export function stackEnvironments(outer: unknown, inner: unknown): unknown {
  if (inner === undefined || inner === null) return outer;
  if (outer === undefined || outer === null) return inner;
  const layers = (e: unknown): unknown[] => (Array.isArray(e) ? e : [e]);
  return [...layers(outer), ...layers(inner)];
}
