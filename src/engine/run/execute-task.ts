// Runs one task on one host: for each loop item, its keywords resolved (resolve-task.ts), its
// arguments templated and checked, then plan, apply, changed_when/failed_when, until/retries.
// Its consequences for the host (register, set_fact, notify, counters) are applied by
// record-outcome.ts.
import { formatLocation, HostUnreachableError, LvsplayError, ModuleFailure, UserInputError, CommandTimeoutError } from '../../errors.js';
import type { Connection, ExecResult } from '../../connection/types.js';
import {
  RESULT_DISPLAY,
  planChanges,
  type AfterApplyContext,
  type ModuleContext,
  type ModuleResult,
  type Plan,
  type ResultDisplay,
  type Step,
} from '../../modules/types.js';
import type { TaskDef } from '../playbook/model.js';
import { evaluateCondition, evaluateExpression, OMIT, renderTemplateText, renderValue } from '../templating/index.js';
import { applySteps, describeStepFailure } from './apply-plan.js';
import { loopItemVars } from './loop-item-vars.js';
import { asyncStatus, jobResult, launchJob, readJob, type AsyncJob } from './async-jobs.js';
import type { HostTaskResult, TaskInfo, TaskStatus } from './events.js';
import { hostRuntime, type PlayRun, type RunContext } from './run-context.js';
import type { HostRuntime } from './host-runtime.js';
import { scopeFor } from './task-vars.js';
import { findTaskFile } from './find-file.js';
import { applyInventoryChange } from './runtime-inventory.js';
import { loadYamlFile } from '../yaml-source.js';
import { conditionsHold, resolveIgnoreErrors, resolveLoopUnlessSkipped, resolveNoLog, resolveTask, type ResolvedTask } from './resolve-task.js';
import { mentionsRevealed } from '../../vault/revealed.js';
import { MALFORMED_ARGS } from '../playbook/module-args.js';

export interface TaskOutcome extends HostTaskResult {
  /** The full result, as `register` stores it (never censored). */
  registered: ModuleResult;
  /** In a loop, the host each item was delegated to (delegate_facts sends each item's facts there). */
  itemDelegates?: Array<string | undefined>;
}

const NO_LOG_MESSAGE = "the output has been hidden due to the fact that 'no_log: true' was specified for this result";
const VAULT_MESSAGE = 'the output has been hidden because it shows a value from an Ansible Vault (treated as no_log)';

export async function executeTaskOnHost(run: RunContext, playRun: PlayRun, task: TaskDef, hostName: string, info: TaskInfo): Promise<TaskOutcome> {
  const started = Date.now();
  const scope = scopeFor(run, playRun, hostName, task);
  const vars = scope.view();
  // A no_log that cannot be resolved hides the result all the same: it was meant to.
  let noLog = true;
  const shown = (result: ModuleResult): Pick<HostTaskResult, 'result' | 'display'> => {
    // a value from a vault in the result (or what is displayed of it) hides it as no_log does
    const fromVault = !noLog && (mentionsRevealed(result) || mentionsRevealed(result[RESULT_DISPLAY]));
    const display = displayOf(result, noLog || fromVault);
    const visible = noLog ? censor(result, NO_LOG_MESSAGE) : fromVault ? censor(result, VAULT_MESSAGE) : result;
    return { result: visible, ...(display ? { display } : {}) };
  };
  const finish = (status: TaskStatus, result: ModuleResult, extra: { ignored?: boolean; delegatedTo?: string | undefined } = {}): TaskOutcome => ({
    host: hostName,
    status,
    ...shown(result),
    registered: result,
    ignored: extra.ignored ?? false,
    ...(extra.delegatedTo !== undefined ? { delegatedTo: extra.delegatedTo } : {}),
    durationMs: Date.now() - started,
  });
  const ignored = (result: ModuleResult, itemVars: Record<string, unknown>): boolean => countsAsFailed(result) && resolveIgnoreErrors(task, itemVars);

  try {
    noLog = resolveNoLog(task, vars);
    const items = resolveLoopUnlessSkipped(task, vars, info.name);
    if (items === undefined || items === 'skip') {
      if (items === 'skip' || !conditionsHold(task, vars, info.name)) return finish('skipped', skippedByConditions(task));
      const { result, delegatedTo } = await runResolved(run, playRun, task, hostName, scope, info);
      return finish(statusOf(result), result, { ignored: ignored(result, vars), delegatedTo });
    }
    const results: ModuleResult[] = [];
    const itemDelegates: Array<string | undefined> = [];
    // As in Ansible, the facts an item sets (set_fact in a loop) are seen by the next items, above the task's vars.
    const loopFacts: Record<string, unknown> = {};
    const pauseSeconds = loopPause(task, vars);
    for (const [index, item] of items.entries()) {
      // loop_control.pause: a wait between items, none before the first
      if (index > 0 && pauseSeconds > 0 && !run.interrupted) await sleep(pauseSeconds * 1000);
      const perItem = loopItemVars(task, items, index);
      const itemScope = (Object.keys(loopFacts).length > 0 ? scope.with('set_fact', { ...loopFacts }) : scope).with('loop', perItem);
      const itemVars = itemScope.view();
      let result: ModuleResult;
      let delegatedTo: string | undefined;
      if (!conditionsHold(task, itemVars, info.name)) {
        result = { changed: false, failed: false, skipped: true, skip_reason: 'Conditional result was False' };
      } else {
        ({ result, delegatedTo } = await runResolved(run, playRun, task, hostName, itemScope, info));
      }
      Object.assign(result, perItem);
      results.push(result);
      itemDelegates.push(delegatedTo);
      if (!result.failed && !result.skipped && result.ansible_facts !== null && typeof result.ansible_facts === 'object')
        Object.assign(loopFacts, result.ansible_facts);
      const label = itemLabel(
        task.loopLabel !== undefined ? renderValue(task.loopLabel, itemVars, { where: task.where, context: `task '${info.name}' loop label` }) : item,
      );
      run.events.itemResult?.(info, {
        host: hostName,
        status: statusOf(result),
        ...shown(result),
        ignored: false,
        ...(delegatedTo !== undefined ? { delegatedTo } : {}),
        item: label,
        durationMs: Date.now() - started,
      });
      // Unreachable ends the loop: nothing more can run on that host.
      if (result.unreachable) break;
    }
    const combined: ModuleResult = {
      changed: results.some((r) => r.changed),
      failed: results.some(countsAsFailed),
      skipped: results.length > 0 && results.every((r) => r.skipped),
      msg: results.some(countsAsFailed) ? 'One or more items failed' : 'All items completed',
      results,
    };
    if (results.some((r) => r.unreachable)) combined.unreachable = true;
    const diffs = results.flatMap((r) => r[RESULT_DISPLAY]?.diff ?? []);
    if (results.some((r) => r[RESULT_DISPLAY]?.verboseAlways)) combined[RESULT_DISPLAY] = { verboseAlways: true };
    if (diffs.length) {
      combined.diff = diffs;
      combined[RESULT_DISPLAY] = { ...combined[RESULT_DISPLAY], diff: diffs };
    }
    if (results.length === 0) combined.skipped = true;
    const delegates = new Set(itemDelegates.filter((d) => d !== undefined));
    const outcome = finish(statusOf(combined), combined, {
      ignored: ignored(combined, vars),
      delegatedTo: delegates.size === 1 ? [...delegates][0] : undefined,
    });
    return itemDelegates.some((d) => d !== undefined) ? { ...outcome, itemDelegates } : outcome;
  } catch (err) {
    const result = errorResult(err);
    if (result.unreachable) return finish('unreachable', result);
    // As in Ansible, a task's own error (an undefined variable in its arguments or in assert's
    // `that`) is its failure, and ignore_errors applies; never to an internal error.
    let ignore = false;
    try {
      ignore = err instanceof LvsplayError && ignored(result, vars);
    } catch {
      // an ignore_errors that cannot itself be resolved ignores nothing
    }
    return finish('failed', result, { ignored: ignore });
  }
}

function skippedByConditions(task: TaskDef): ModuleResult {
  return { changed: false, failed: false, skipped: true, skip_reason: 'Conditional result was False', false_condition: describeConditions(task.when) };
}

/** One run of the task for one item: its keywords resolved, then the module (with retries). */
async function runResolved(
  run: RunContext,
  playRun: PlayRun,
  task: TaskDef,
  hostName: string,
  scope: ReturnType<typeof scopeFor>,
  info: TaskInfo,
): Promise<{ result: ModuleResult; delegatedTo?: string | undefined }> {
  let resolved: ResolvedTask;
  try {
    resolved = resolveTask(run, playRun, task, hostName, scope.view());
  } catch (err) {
    // As in Ansible, a keyword of the wrong type after templating fails the task on that host.
    return { result: errorResult(err) };
  }
  return { result: await runWithRetries(run, task, hostName, scope, resolved, info), delegatedTo: resolved.delegateTo };
}

/**
 * Whether a result fails its task. As in Ansible, a failed_when that held false decides it even
 * over `failed: true` (retries of an until that never held leave that: the task counts ok).
 */
function countsAsFailed(result: ModuleResult): boolean {
  return result.failed && result.failed_when_result !== false;
}

function statusOf(result: ModuleResult): TaskStatus {
  if (result.unreachable) return 'unreachable';
  if (countsAsFailed(result)) return 'failed';
  if (result.skipped) return 'skipped';
  return result.changed ? 'changed' : 'ok';
}

/** How a loop item is shown: text as it is, anything else as JSON. */
function itemLabel(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

function describeConditions(when: unknown[]): string {
  return when.map((w) => String(w)).join(' and ');
}

/** until/retries/delay around one module run. */
async function runWithRetries(
  run: RunContext,
  task: TaskDef,
  hostName: string,
  scope: ReturnType<typeof scopeFor>,
  resolved: ResolvedTask,
  info: TaskInfo,
): Promise<ModuleResult> {
  const vars = scope.view();
  if (task.until === undefined) return judge(task, scope, await runModule(run, task, hostName, vars, resolved, info));
  const { retries, delay } = resolved;
  let result: ModuleResult = { changed: false, failed: true };
  for (let attempt = 1; attempt <= Math.max(1, retries + 1); attempt++) {
    // attempts is there for changed_when/failed_when already, as in Ansible
    result = judge(task, scope, { ...(await runModule(run, task, hostName, vars, resolved, info)), attempts: attempt });
    if (result.unreachable) return result;
    const untilVars = task.register ? scope.with('set_fact', { ...hostRuntime(run, hostName).setFacts, [task.register]: result }).view() : vars;
    if (evaluateCondition(task.until, untilVars, { where: task.where, context: `task '${info.name}' 'until'` })) return result;
    if (run.interrupted) break;
    if (attempt <= retries) await sleep(delay * 1000);
  }
  return { ...result, failed: true, msg: `${result.msg ? result.msg + '; ' : ''}retries exhausted (${retries}) without 'until' becoming true` };
}

/** loop_control.pause in seconds (a number, or a template of one), 0 when unset. */
function loopPause(task: TaskDef, vars: Record<string, unknown>): number {
  if (task.loopPause === undefined) return 0;
  const rendered = renderValue(task.loopPause, vars, { where: task.where, context: 'loop_control pause' });
  const seconds = Number(rendered);
  if (!Number.isFinite(seconds) || seconds < 0)
    throw new UserInputError(`loop_control pause is ${JSON.stringify(rendered)}`, task.where, 'a number of seconds');
  return seconds;
}

/** changed_when / failed_when, with the task's own result visible under its register name. */
function judge(task: TaskDef, scope: ReturnType<typeof scopeFor>, result: ModuleResult): ModuleResult {
  if (result.skipped || result.unreachable) return result;
  if (task.changedWhen === undefined && task.failedWhen === undefined) return result;
  const vars = scope.with('set_fact', task.register ? { [task.register]: result, result } : { result }).view();
  const at = { where: task.where };
  // As in Ansible: a changed_when or failed_when that cannot be evaluated fails the task, its
  // result kept, the error under changed_when_result / failed_when_result.
  const unjudgeable = (err: unknown, conditions: unknown): string => {
    if (!(err instanceof LvsplayError)) throw err;
    result.failed = true;
    return `The conditional check '${describeConditions([conditions].flat())}' failed. The error was: ${err.message}`;
  };
  if (task.changedWhen !== undefined) {
    try {
      result.changed = evaluateCondition(task.changedWhen, vars, { ...at, context: "'changed_when'" });
    } catch (err) {
      result.changed_when_result = unjudgeable(err, task.changedWhen);
      return result;
    }
  }
  if (task.failedWhen !== undefined) {
    try {
      result.failed = evaluateCondition(task.failedWhen, vars, { ...at, context: "'failed_when'" });
      result.failed_when_result = result.failed;
    } catch (err) {
      result.failed_when_result = unjudgeable(err, task.failedWhen);
    }
  }
  return result;
}

async function runModule(
  run: RunContext,
  task: TaskDef,
  hostName: string,
  vars: Record<string, unknown>,
  resolved: ResolvedTask,
  info: TaskInfo,
): Promise<ModuleResult> {
  const module = run.registry.find(task.module);
  if (!module) throw new ModuleFailure(`module '${task.moduleAs}' is not available`);
  const at = { where: task.where, context: `task '${info.name}'` };
  const templated = templateArgs(task, vars, at);
  if (MALFORMED_ARGS in templated) return { changed: false, failed: true, msg: `invalid or malformed argument: '${String(templated[MALFORMED_ARGS])}'` };
  const { args, problems: argErrors } = run.registry.check(module, templated);
  if (argErrors.length > 0) {
    return { changed: false, failed: true, msg: `${formatLocation(task.where)}: ${module.name}: ${argErrors.map((e) => e.message).join('; ')}` };
  }
  const { checkMode: check, diff: showDiff, become, environment: env, noLog } = resolved;
  if (check && module.checkMode === 'none') {
    return {
      changed: false,
      failed: false,
      skipped: true,
      skip_reason: `${module.name} does not support check mode`,
      msg: `skipped: ${module.name} cannot run in check mode without running for real`,
    };
  }
  // Delegated, the module reads and changes the other host: its fact cache is the one to use and to drop.
  const host = hostRuntime(run, resolved.delegateTo ?? hostName);
  const connection = module.runsOn === 'controller' ? undefined : await run.connections.get(resolved.connection);
  const ctx: ModuleContext = {
    ...moduleContext(task, hostName, host, vars, connection, become, run.playbookDir),
    asyncJob: (jid, mode) => asyncStatus(run.asyncJobs, jid, mode),
  };
  // no_log hides the commands too (they carry the values), not only the result; so does a
  // value from a vault in the command or its output
  const reportCommand = (step: Step, output: ExecResult | undefined): void => {
    if (noLog || mentionsRevealed(step) || mentionsRevealed(output))
      run.events.command?.(
        hostName,
        noLog
          ? { describe: 'a command of a no_log task', command: '(hidden by no_log)' }
          : { describe: 'a command with a value from a vault', command: '(hidden)' },
        output ? { ...output, stdout: '', stderr: '' } : undefined,
      );
    else run.events.command?.(hostName, step, output);
  };

  let plan: Plan;
  try {
    plan = await module.plan(args, ctx);
  } catch (err) {
    if (err instanceof ModuleFailure) return { changed: false, failed: true, msg: err.message, ...err.details };
    throw err;
  }
  if (check && plan.checkModeUnsupported !== undefined) {
    return { changed: false, failed: false, skipped: true, msg: plan.checkModeUnsupported };
  }
  if (check && plan.checkModeSkip !== undefined && plan.steps.length > 0) {
    for (const step of plan.steps) reportCommand(step, undefined);
    return { ...(plan.data ?? {}), changed: false, failed: false, skipped: true, msg: plan.checkModeSkip };
  }
  const result: ModuleResult = { changed: planChanges(plan), failed: plan.failed === true, ...(plan.data ?? {}) };
  if (plan.msg !== undefined) result.msg = plan.msg;
  if (plan.display) result[RESULT_DISPLAY] = plan.display;
  if (showDiff && plan.diff?.length) {
    result[RESULT_DISPLAY] = { ...result[RESULT_DISPLAY], diff: plan.diff };
    // register sees a module's own diff (file's before/after mapping, as in Ansible) or the content diffs
    result.diff ??= plan.diff;
  }
  applyInventoryChange(run, hostName, result);
  if (!check && resolved.async > 0 && connection && plan.steps.length === 0)
    return runInBackground(
      run,
      { connection, module, args, plan, planned: result, asyncSeconds: resolved.async, ...(become ? { become } : {}) },
      resolved,
      env,
      () => undefined,
    );
  if (check || plan.steps.length === 0) {
    for (const step of plan.steps) reportCommand(step, undefined);
    if (module.summarize && !check) Object.assign(result, module.summarize(args, plan, []));
    return result;
  }
  if (!connection) throw new ModuleFailure(`${module.name} planned commands but runs on the controller`);
  if (resolved.async > 0)
    return runInBackground(
      run,
      { connection, module, args, plan, planned: result, asyncSeconds: resolved.async, ...(become ? { become } : {}) },
      resolved,
      env,
      () => host.forgetFacts(),
    );
  const applied = await applySteps(connection, plan.steps, { ...(become ? { become } : {}), ...(env ? { env } : {}) }, reportCommand);
  host.forgetFacts();
  if (module.summarize) Object.assign(result, module.summarize(args, plan, applied.outputs));
  if (applied.failure) {
    result.failed = true;
    result.rc ??= applied.failure.output.exitCode;
    result.msg = describeStepFailure(applied.failure.step, applied.failure.output);
    result.stderr ??= applied.failure.output.stderr;
  } else if (module.afterApply) {
    Object.assign(result, await module.afterApply(args, plan, afterApplyContext(run, resolved, hostName)));
    host.forgetFacts();
  }
  return result;
}

/** The host's connection as afterApply may use it: dropped, then tried again until it answers. */
function afterApplyContext(run: RunContext, resolved: ResolvedTask, hostName: string): AfterApplyContext {
  const spec = resolved.connection;
  const become = resolved.become;
  return {
    host: hostName,
    dropConnection: () => run.connections.reset(spec),
    async tryRead(command, { connectTimeoutMs, timeoutMs }) {
      // an attempt with its own connect timeout is a connection of its own, closed after it
      const attempt = connectTimeoutMs === undefined ? spec : { ...spec, connectTimeoutMs };
      await run.connections.reset(attempt); // a failed attempt stays failed in the pool otherwise
      try {
        const connection = await run.connections.get(attempt);
        return await connection.exec(command, { timeoutMs, ...(become ? { become } : {}) });
      } finally {
        if (attempt !== spec) await run.connections.reset(attempt);
      }
    },
  };
}

/**
 * async: start the plan's steps as a background job; poll 0 returns at once (fire and forget,
 * async_status reads it later), else the job is read every `poll` seconds until it finishes or
 * `async` seconds have passed, as Ansible does.
 */
async function runInBackground(
  run: RunContext,
  job: Omit<AsyncJob, 'jid' | 'resultsFile'>,
  resolved: ResolvedTask,
  env: Record<string, string> | undefined,
  changedHost: () => void,
): Promise<ModuleResult> {
  const { jid, resultsFile } = await launchJob(job.connection, job.plan.steps, {
    ...(job.become ? { become: job.become } : {}),
    ...(env ? { env } : {}),
    asyncSeconds: job.asyncSeconds,
  });
  const started: AsyncJob = { ...job, jid, resultsFile };
  run.asyncJobs.set(jid, started);
  changedHost();
  if (resolved.poll === 0) return { changed: true, failed: false, started: 1, finished: 0, ansible_job_id: jid, results_file: resultsFile };
  const deadline = Date.now() + job.asyncSeconds * 1000;
  for (;;) {
    await sleep(Math.min(resolved.poll * 1000, Math.max(0, deadline - Date.now()) + 200));
    const state = await readJob(started);
    if (state?.finished) {
      changedHost();
      return jobResult(started, state);
    }
    // the job's watchdog may end it a moment before the deadline here: the same failure
    if (state?.timedOut || Date.now() >= deadline || run.interrupted) {
      return {
        changed: false,
        failed: true,
        msg: `async task did not complete within the requested time - ${job.asyncSeconds}s`,
        async_result: { ansible_job_id: jid, results_file: resultsFile, started: 1, finished: 0 },
      };
    }
  }
}

function templateArgs(task: TaskDef, vars: Record<string, unknown>, at: { where: TaskDef['where']; context: string }): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const [written, raw] of Object.entries(task.args)) {
    // Ansible templates the keys of a task's arguments too (`set_fact: "{{ name }}=x"`).
    const key = written.includes('{{') ? String(renderValue(written, vars, { where: at.where, context: `${at.context} argument name '${written}'` })) : written;
    const value = renderValue(raw, vars, { where: at.where, context: `${at.context} argument '${key}'` });
    if (value === OMIT) continue;
    args[key] = dropOmitted(value);
  }
  return args;
}

function dropOmitted(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== OMIT).map(dropOmitted);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== OMIT)
        .map(([k, v]) => [k, dropOmitted(v)]),
    );
  }
  return value;
}

function moduleContext(
  task: TaskDef,
  hostName: string,
  host: HostRuntime,
  vars: Record<string, unknown>,
  connection: Connection | undefined,
  become: ResolvedTask['become'],
  playbookDir: string,
): ModuleContext {
  const needConnection = (): Connection => {
    if (!connection) throw new ModuleFailure('this module runs on the controller and cannot read the host');
    return connection;
  };
  return {
    host: hostName,
    vars,
    where: task.where,
    fact: (fact, args) => host.readFact(needConnection(), fact, args, become),
    read: (command, options) =>
      needConnection().exec(command, { readOnly: true, ...(become ? { become } : {}), ...(options?.stdin !== undefined ? { stdin: options.stdin } : {}) }),
    findFile: (relativePath, kind) => findTaskFile(task, playbookDir, relativePath, kind),
    readVarsFile: (path) => loadYamlFile(path),
    renderTemplate: (text, sourceName) => renderTemplateText(text, vars, sourceName, true),
    evaluate: (expression) => evaluateExpression(expression, vars, { where: task.where, context: `task '${task.name ?? task.moduleAs}'` }),
    evaluateCondition: (condition) => evaluateCondition(condition, vars, { where: task.where, context: `task '${task.name ?? task.moduleAs}'` }),
  };
}

/** Turn an error during a task into a failed (or unreachable) result. */
export function errorResult(err: unknown): ModuleResult {
  if (err instanceof HostUnreachableError) return { changed: false, failed: false, unreachable: true, msg: err.message };
  if (err instanceof CommandTimeoutError) return { changed: false, failed: true, msg: err.message };
  if (err instanceof ModuleFailure) return { changed: false, failed: true, msg: err.message, ...err.details };
  if (err instanceof UserInputError || err instanceof LvsplayError) return { changed: false, failed: true, msg: err.message };
  const e = err as Error;
  return {
    changed: false,
    failed: true,
    msg: `internal error (this is a bug in lvsplay, please report it): ${e?.message ?? String(err)}`,
    exception: e?.stack,
  };
}

/** How a result is shown; with no_log only whether it is shown, never what it holds. */
function displayOf(result: ModuleResult, noLog: boolean): ResultDisplay | undefined {
  const display = result[RESULT_DISPLAY];
  if (!display || !noLog) return display;
  return display.verboseAlways ? { verboseAlways: true } : undefined;
}

function censor(result: ModuleResult, why: string): ModuleResult {
  return {
    changed: result.changed,
    failed: result.failed,
    ...(result.skipped ? { skipped: true } : {}),
    ...(result.unreachable ? { unreachable: true } : {}),
    censored: why,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
