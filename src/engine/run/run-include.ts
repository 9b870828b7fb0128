// A dynamic include (include_tasks/include_role) on the hosts that reach it: per host and loop
// item its conditions are evaluated and its arguments templated, then what it names is read.
// Hosts that include the same thing with the same item run it together, in the order first
// met, as Ansible's linear strategy does. As ansible-playbook 2.14 counts: include_tasks is ok
// once per item it includes, include_role never (only what it runs), and either is skipped
// once when it includes nothing.
import type { ModuleResult } from '../../modules/types.js';
import type { IncludedContent, TaskDef } from '../playbook/model.js';
import { IncludeTargetMissing } from '../playbook/load-include.js';
import { OMIT, renderValue } from '../templating/index.js';
import type { TaskInfo } from './events.js';
import { errorResult, type TaskOutcome } from './execute-task.js';
import type { PlayRun, RunContext } from './run-context.js';
import { conditionsHold, keywordValue, resolveIgnoreErrors, resolveLoopUnlessSkipped } from './resolve-task.js';
import { scopeFor } from './task-vars.js';
import { loopItemVars } from './loop-item-vars.js';
import { parseBoolean } from '../../util/boolean.js';

/**
 * What an include that could not read its task file or role does, as in Ansible: the host
 * fails whatever ignore_errors says; a missing file counts as a failure, a missing role does
 * not, and a rescue of either counts no rescue.
 */
export interface IncludeLoadFailure {
  host: string;
  counted: boolean;
}

export interface IncludeRun {
  hosts: string[];
  content: IncludedContent;
  /** include_role with `public: true`: its variables stay visible to the play's later tasks. */
  isPublic: boolean;
}

interface Inclusion {
  key: string;
  args: Record<string, unknown>;
  itemVars: Record<string, unknown>;
}

export function resolveInclude(
  run: RunContext,
  playRun: PlayRun,
  task: TaskDef,
  hosts: string[],
  info: TaskInfo,
): { outcomes: TaskOutcome[]; runs: IncludeRun[]; loadFailures: IncludeLoadFailure[]; okCounts: Map<string, number> } {
  const include = task.include!;
  const runs = new Map<string, IncludeRun & { inclusion: Inclusion }>();
  const outcomes: TaskOutcome[] = [];
  const loadFailures: IncludeLoadFailure[] = [];
  const okCounts = new Map<string, number>();
  // run_once: only the first host includes (and so runs) anything, as in Ansible
  const runOnce = hosts.length > 1 && keywordValue('run_once', task.runOnce, scopeFor(run, playRun, hosts[0]!, task).view(), task.where, false);
  for (const host of runOnce ? hosts.slice(0, 1) : hosts) {
    const started = Date.now();
    const vars = scopeFor(run, playRun, host, task).view();
    const outcome = (status: TaskOutcome['status'], result: ModuleResult, ignored = false): TaskOutcome => ({
      host,
      status,
      result,
      registered: result,
      ignored,
      durationMs: Date.now() - started,
    });
    let inclusions: Inclusion[];
    try {
      inclusions = inclusionsOn(run, playRun, task, host, info);
    } catch (err) {
      const result = errorResult(err);
      outcomes.push(outcome('failed', result, resolveIgnoreErrors(task, vars)));
      continue;
    }
    if (inclusions.length === 0) {
      outcomes.push(outcome('skipped', { changed: false, failed: false, skipped: true, skip_reason: 'Conditional result was False' }));
      continue;
    }
    let failure: ModuleResult | undefined;
    for (const inclusion of inclusions) {
      let found = runs.get(inclusion.key);
      if (!found) {
        try {
          const content = include.load(inclusion.args, inclusion.itemVars);
          found = { hosts: [], content, isPublic: parseBoolean(inclusion.args.public) === true, inclusion };
          runs.set(inclusion.key, found);
        } catch (err) {
          if (!(err instanceof IncludeTargetMissing)) throw err;
          failure = errorResult(err);
          loadFailures.push({ host, counted: include.kind === 'tasks' });
          break;
        }
      }
      found.hosts.push(host);
    }
    const shown = { changed: false, failed: false, include: inclusions[0]!.args.file ?? inclusions[0]!.args._raw_params ?? inclusions[0]!.args.name };
    outcomes.push(failure ? outcome('failed', failure) : outcome('ok', shown));
    okCounts.set(host, include.kind === 'role' ? 0 : inclusions.length);
  }
  return { outcomes, runs: [...runs.values()].map(({ hosts: h, content, isPublic }) => ({ hosts: h, content, isPublic })), loadFailures, okCounts };
}

/** What one host includes: one inclusion per loop item whose conditions hold (one without a loop). */
function inclusionsOn(run: RunContext, playRun: PlayRun, task: TaskDef, host: string, info: TaskInfo): Inclusion[] {
  const scope = scopeFor(run, playRun, host, task);
  const items = resolveLoopUnlessSkipped(task, scope.view(), info.name);
  if (items === 'skip') return [];
  // As in Ansible, the included tasks see the loop and index variables and ansible_loop, not ansible_loop_var/ansible_index_var.
  const perItem: Array<Record<string, unknown>> =
    items === undefined
      ? [{}]
      : items.map((_, index) => {
          const { ansible_loop_var: _loopVar, ansible_index_var: _indexVar, ...given } = loopItemVars(task, items, index);
          return given;
        });
  const out: Inclusion[] = [];
  for (const itemVars of perItem) {
    const vars = Object.keys(itemVars).length > 0 ? scope.with('task', itemVars).view() : scope.view();
    if (!conditionsHold(task, vars, info.name)) continue;
    const args = templatedArgs(task, vars, info);
    out.push({ key: JSON.stringify([args, itemVars]), args, itemVars });
  }
  return out;
}

function templatedArgs(task: TaskDef, vars: Record<string, unknown>, info: TaskInfo): Record<string, unknown> {
  const rendered = renderValue(task.args, vars, { where: task.where, context: `task '${info.name}' arguments` }) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(rendered).filter(([, v]) => v !== OMIT));
}
