// The keywords lvsplay accepts on plays, blocks and tasks. Anything else on a task is its module;
// anything else on a play or block is an error with its position.
import { LOOKUP_NAMES } from '../templating/lookups.js';

export const PLAY_KEYWORDS = new Set([
  'name',
  'hosts',
  'vars',
  'vars_files',
  'become',
  'become_user',
  'become_method',
  'gather_facts',
  'gather_subset',
  'gather_timeout',
  'serial',
  'max_fail_percentage',
  'any_errors_fatal',
  'pre_tasks',
  'roles',
  'tasks',
  'post_tasks',
  'handlers',
  'tags',
  'check_mode',
  'remote_user',
  'connection',
  'environment',
  'strategy',
  'ignore_errors',
  'ignore_unreachable',
  'no_log',
  'order',
  'diff',
  'vars_prompt',
  'force_handlers',
  'throttle',
  'debugger',
]);

/** Keywords valid on both tasks and blocks. */
export const COMMON_KEYWORDS = new Set([
  'name',
  'when',
  'tags',
  'become',
  'become_user',
  'become_method',
  'vars',
  'ignore_errors',
  'check_mode',
  'diff',
  'no_log',
  'run_once',
  'environment',
  'any_errors_fatal',
  'ignore_unreachable',
  'remote_user',
  'delegate_to',
  'delegate_facts',
  'module_defaults',
  'collections',
  'debugger',
  'throttle',
  'timeout',
]);

export const TASK_ONLY_KEYWORDS = new Set([
  'register',
  'loop',
  'loop_control',
  'notify',
  'changed_when',
  'failed_when',
  'until',
  'retries',
  'delay',
  'args',
  'listen',
  'local_action',
  'action',
  'async',
  'poll',
]);

export const BLOCK_ONLY_KEYWORDS = new Set(['block', 'rescue', 'always', 'notify']);

/** The meta actions the run loop carries out. */
export const META_ACTIONS = [
  'flush_handlers',
  'noop',
  'end_play',
  'end_host',
  'end_batch',
  'clear_facts',
  'clear_host_errors',
  'refresh_inventory',
  'reset_connection',
];

/** Play `order:` values: how the play's hosts are ordered. */
export const HOST_ORDERS = ['inventory', 'reverse_inventory', 'sorted', 'reverse_sorted', 'shuffle'] as const;
export type HostOrder = (typeof HOST_ORDERS)[number];

/** `with_items`, `with_dict`, ... : legacy loops, each the lookup plugin of its name (templating/lookups.ts). */
export const WITH_LOOKUPS = new Set(LOOKUP_NAMES.map((name) => `with_${name}`));

/** Keywords accepted but not implemented: a clear error instead of silently ignoring them. */
export const UNSUPPORTED_KEYWORDS = new Set(['strategy', 'module_defaults', 'collections']);

export function isTaskKeyword(key: string): boolean {
  return COMMON_KEYWORDS.has(key) || TASK_ONLY_KEYWORDS.has(key) || WITH_LOOKUPS.has(key);
}

/** Closest known word, for "did you mean" hints. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
