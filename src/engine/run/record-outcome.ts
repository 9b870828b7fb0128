// What a task's result means for the host: counters, leaving the play on failure, register,
// the variables it sets (ansible_facts). (Notified handlers: run/handlers.ts.)
import type { TaskDef } from '../playbook/model.js';
import type { ModuleResult } from '../../modules/types.js';
import type { TaskOutcome } from './execute-task.js';
import type { HostTaskResult } from './events.js';
import { hostRuntime, type RunContext } from './run-context.js';
import { emptyStats } from './stats.js';
import type { HostRuntime } from './host-runtime.js';
import { keywordValue } from './resolve-task.js';
import { scopeFor } from './task-vars.js';

/** How an outcome counts: a failure that goes to a rescue section, and whether the recap counts it at all. */
export interface Counting {
  /** Counted as rescued, and described to the rescue in ansible_failed_task/ansible_failed_result. */
  rescued?: boolean;
  /** false: the host takes the outcome without the recap counting it (run_once, on the other hosts). */
  counted?: boolean;
}

export function recordOutcome(run: RunContext, task: TaskDef, hostName: string, outcome: TaskOutcome, counting: Counting = {}): void {
  const rescued = counting.rescued === true;
  countOutcome(run, hostName, outcome, counting);
  const host = hostRuntime(run, hostName);
  if (outcome.status === 'failed' && !outcome.ignored && rescued) {
    host.setFacts.ansible_failed_task = failedTaskDescription(task);
    host.setFacts.ansible_failed_result = outcome.registered;
  }
  if (task.register) host.setFacts[task.register] = outcome.registered;
  // debug shows variables, it sets none: `debug: var=ansible_facts` puts a key named
  // ansible_facts in its result that is not the module's facts (Ansible issue 74060)
  if (outcome.status !== 'failed' && task.module !== 'debug') {
    // Whatever the module, the ansible_facts of its result become the host's variables; in a
    // loop every item sets its facts in turn, the last item winning. With delegate_facts they
    // belong to the host the task was delegated to.
    const toDelegate = delegateFacts(run, task, hostName);
    const results = task.loop !== undefined ? ((outcome.registered.results as ModuleResult[] | undefined) ?? []) : [outcome.registered];
    results.forEach((r, i) => {
      if (!r.ansible_facts || typeof r.ansible_facts !== 'object' || r.skipped) return;
      const delegate = task.loop !== undefined ? outcome.itemDelegates?.[i] : outcome.delegatedTo;
      storeFacts(hostRuntime(run, toDelegate && delegate !== undefined ? delegate : hostName), task.module, r.ansible_facts as Record<string, unknown>);
    });
  }
}

/** Modules whose facts are variables set by the play (Ansible's non-persistent facts, above play vars). */
const VARIABLE_SETTING_MODULES = new Set(['set_fact']);

/**
 * As in Ansible: set_fact and include_vars set variables of high precedence (include_vars just
 * below set_fact, its values templated when read); every other
 * module's facts (setup, service_facts, hostname...) join the host's gathered facts, the
 * `ansible_facts` layer below play vars.
 */
function storeFacts(host: HostRuntime, module: string, facts: Record<string, unknown>): void {
  if (module === 'include_vars') Object.assign(host.includedVars, facts);
  else if (VARIABLE_SETTING_MODULES.has(module)) Object.assign(host.setFacts, facts);
  else host.addFacts(facts);
}

function delegateFacts(run: RunContext, task: TaskDef, hostName: string): boolean {
  if (task.delegateFacts === undefined || task.delegateFacts === null) return false;
  return keywordValue('delegate_facts', task.delegateFacts, scopeFor(run, undefined, hostName, task).view(), task.where, false);
}

/** The host's counters, and whether it is still in the play, after any outcome (also gathering facts). */
export function countOutcome(run: RunContext, hostName: string, outcome: HostTaskResult, counting: Counting = {}): void {
  const host = hostRuntime(run, hostName);
  const stats = counting.counted === false ? emptyStats() : run.stats.of(hostName);
  switch (outcome.status) {
    case 'unreachable':
      stats.unreachable++;
      host.unreachable = true;
      break;
    case 'failed':
      if (outcome.ignored) {
        // Ansible counts an ignored failure as ok (and changed, if it changed something) too.
        stats.ignored++;
        stats.ok++;
        if (outcome.result.changed) stats.changed++;
      } else {
        if (counting.rescued) stats.rescued++;
        else stats.failed++;
        host.failed = true;
      }
      break;
    case 'skipped':
      stats.skipped++;
      break;
    case 'changed':
      stats.changed++;
      stats.ok++;
      break;
    case 'ok':
      stats.ok++;
      break;
  }
}

/** ansible_failed_task: the failed task as written (Ansible gives its serialised form; these are the fields rescues read). */
function failedTaskDescription(task: TaskDef): Record<string, unknown> {
  return {
    name: task.name ?? '',
    action: task.moduleAs,
    args: task.args,
    tags: task.tags,
    when: task.when,
    ...(task.register !== undefined ? { register: task.register } : {}),
  };
}
