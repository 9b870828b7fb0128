// What a task's result means for the host: counters, leaving the play on failure, register,
// the variables it sets (ansible_facts), and notified handlers.
import type { TaskDef } from '../playbook/model.js';
import type { ModuleResult } from '../../modules/types.js';
import type { TaskOutcome } from './execute-task.js';
import type { HostTaskResult } from './events.js';
import { hostRuntime, type RunContext } from './run-context.js';

export function recordOutcome(run: RunContext, task: TaskDef, hostName: string, outcome: TaskOutcome): void {
  countOutcome(run, hostName, outcome);
  const host = hostRuntime(run, hostName);
  if (task.register) host.setFacts[task.register] = outcome.registered;
  if (outcome.status !== 'failed') {
    // Whatever the module, the ansible_facts of its result become the host's variables (set_fact
    // returns nothing else); in a loop every item sets its facts in turn, the last item winning.
    const results = task.loop !== undefined ? ((outcome.registered.results as ModuleResult[] | undefined) ?? []) : [outcome.registered];
    for (const r of results) {
      if (r.ansible_facts && typeof r.ansible_facts === 'object' && !r.skipped) Object.assign(host.setFacts, r.ansible_facts);
    }
  }
  if (outcome.status === 'changed') for (const name of task.notify) host.notified.add(name);
}

/** The host's counters, and whether it is still in the play, after any outcome (also gathering facts). */
export function countOutcome(run: RunContext, hostName: string, outcome: HostTaskResult): void {
  const host = hostRuntime(run, hostName);
  const stats = run.stats.of(hostName);
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
