// What a task's result means for the host: counters, leaving the play on failure, register,
// the variables it sets (ansible_facts), and notified handlers.
import type { TaskDef } from '../playbook/model.js';
import type { ModuleResult } from '../../modules/types.js';
import type { TaskOutcome } from './execute-task.js';
import type { HostTaskResult } from './events.js';
import { hostRuntime, type RunContext } from './run-context.js';
import { emptyStats } from './stats.js';
import type { HostRuntime } from './host-runtime.js';
import { keywordValue } from './resolve-task.js';
import { scopeFor } from './task-vars.js';

/** `counted`: false for the other hosts of a run_once task (Ansible counts only the host that ran it). */
export function recordOutcome(run: RunContext, task: TaskDef, hostName: string, outcome: TaskOutcome, counted = true): void {
  countOutcome(run, hostName, outcome, counted);
  const host = hostRuntime(run, hostName);
  if (task.register) host.setFacts[task.register] = outcome.registered;
  if (outcome.status !== 'failed') {
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
  if (outcome.status === 'changed') for (const name of task.notify) host.notified.add(name);
}

/** Modules whose facts are variables set by the play (Ansible's non-persistent facts, above play vars). */
const VARIABLE_SETTING_MODULES = new Set(['set_fact', 'include_vars']);

/**
 * As in Ansible: set_fact (and include_vars) set variables of high precedence; every other
 * module's facts (setup, service_facts, hostname...) join the host's gathered facts, the
 * `ansible_facts` layer below play vars.
 */
function storeFacts(host: HostRuntime, module: string, facts: Record<string, unknown>): void {
  if (VARIABLE_SETTING_MODULES.has(module)) Object.assign(host.setFacts, facts);
  else host.addFacts(facts);
}

function delegateFacts(run: RunContext, task: TaskDef, hostName: string): boolean {
  if (task.delegateFacts === undefined || task.delegateFacts === null) return false;
  return keywordValue('delegate_facts', task.delegateFacts, scopeFor(run, undefined, hostName, task).view(), task.where, false);
}

/** The host's counters, and whether it is still in the play, after any outcome (also gathering facts). */
export function countOutcome(run: RunContext, hostName: string, outcome: HostTaskResult, counted = true): void {
  const host = hostRuntime(run, hostName);
  const stats = counted ? run.stats.of(hostName) : emptyStats();
  switch (outcome.status) {
    case 'unreachable':
      stats.unreachable++;
      host.unreachable = true;
      break;
    case 'failed':
      if (outcome.ignored) {
        stats.ignored++;
      } else {
        stats.failed++;
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
