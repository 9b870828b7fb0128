// The one place a task's keywords become typed values (Ansible's post_validate): for one host,
// the loop items; for one host and item, whether its conditions hold and then everything else
// (check_mode, diff, no_log, ignore_errors, environment, retries/delay, become, and the
// connection its variables describe). Values are rendered against that host's and item's
// variables and converted by the same rules the loader applies to written values
// (playbook/keyword-types.ts), so a templated `retries` that renders to "many" fails the task
// with the same message `retries: many` gets at load.
import type { BecomeOptions, ConnectionSpec } from '../../connection/types.js';
import { UndefinedVariableError, type SourceLocation } from '../../errors.js';
import { connectionSpecFor } from '../connection-specs.js';
import { connectionVarsOf, withConnectionVarsOf } from '../inventory/index.js';
import { convertRenderedKeyword } from '../playbook/keyword-types.js';
import type { PlayDef, TaskDef } from '../playbook/model.js';
import { evaluateCondition, OMIT, renderValue } from '../templating/index.js';
import { loopItems } from './loop-items.js';
import { resolveEnvironment } from './resolve-environment.js';
import type { PlayRun, RunContext } from './run-context.js';
import { scopeFor } from './task-vars.js';

export interface ResolvedTask {
  checkMode: boolean;
  diff: boolean;
  noLog: boolean;
  ignoreErrors: boolean;
  environment?: Record<string, string>;
  /** until/retries/delay: how often to try, seconds between tries. */
  retries: number;
  delay: number;
  become?: BecomeOptions;
  connection: ConnectionSpec;
  /** `async:` seconds (0: run in the foreground) and `poll:` seconds between checks (0: do not wait). */
  async: number;
  poll: number;
  /** delegate_to, rendered: the host whose connection (and fact cache) the module uses. */
  delegateTo?: string;
}

type Vars = Record<string, unknown>;

/** Keyword `name` of the task, rendered with `vars` and converted to its type; `fallback` when unset. */
export function keywordValue<T>(name: string, raw: unknown, vars: Vars, where: SourceLocation, fallback: T): T {
  if (raw === undefined || raw === null) return fallback;
  const rendered = renderValue(raw, vars, { where, context: `keyword '${name}'` });
  // `check_mode: "{{ omit }}"`: as in Ansible, the keyword takes its default
  if (rendered === OMIT) return fallback;
  return convertRenderedKeyword(name, rendered, where) as T;
}

/** The items a task loops over on this host, or undefined for a task without a loop. */
export function resolveLoop(task: TaskDef, vars: Vars, taskName: string): unknown[] | undefined {
  return task.loop === undefined ? undefined : loopItems(task.loop, vars, task.where, taskName, task.module);
}

/**
 * The loop's items as resolveLoop gives them, or 'skip' when they name an undefined variable but
 * the task's conditions are false without them: Ansible then skips the task instead of failing.
 */
export function resolveLoopUnlessSkipped(task: TaskDef, vars: Vars, taskName: string): unknown[] | undefined | 'skip' {
  try {
    return resolveLoop(task, vars, taskName);
  } catch (err) {
    if (!(err instanceof UndefinedVariableError)) throw err;
    let holds: boolean;
    try {
      holds = conditionsHold(task, vars, taskName);
    } catch {
      throw err;
    }
    if (holds) throw err;
    return 'skip';
  }
}

/** Whether every condition that applies to the task (its own and inherited ones) holds. */
export function conditionsHold(task: TaskDef, vars: Vars, taskName: string): boolean {
  return task.when.every((cond) => evaluateCondition(cond, vars, { where: task.where, context: `task '${taskName}' 'when'` }));
}

/** no_log alone, for hiding results before (or without) a full resolve. */
export function resolveNoLog(task: TaskDef, vars: Vars): boolean {
  return keywordValue('no_log', task.noLog, vars, task.where, false);
}

/** ignore_errors alone: a failure can come from resolving the other keywords. */
export function resolveIgnoreErrors(task: TaskDef, vars: Vars): boolean {
  return keywordValue('ignore_errors', task.ignoreErrors, vars, task.where, false);
}

/** Every keyword of `task` on `hostName` for one item (its vars hold the loop variable). */
export function resolveTask(run: RunContext, playRun: PlayRun, task: TaskDef, hostName: string, vars: Vars): ResolvedTask {
  const value = <T>(name: string, raw: unknown, fallback: T): T => keywordValue(name, raw, vars, task.where, fallback);
  const environment = resolveEnvironment([playRun.play.environment, task.environment], vars, task.where);
  const delegateTo = resolveDelegateTo(task, vars);
  // Delegated, the module reaches the other host as that host's variables say (Ansible's
  // delegated vars: its inventory, plus the play's and task's vars); everything else is the task host's.
  const delegateVars = delegateTo !== undefined ? scopeFor(run, playRun, delegateTo, task).view() : undefined;
  const connectionVars = delegateVars ? withConnectionVarsOf(vars, delegateVars) : vars;
  const become = resolveBecome(run, playRun.play, task, connectionVars);
  return {
    checkMode: value('check_mode', task.checkMode ?? playRun.play.checkMode, run.options.check),
    diff: value('diff', task.diff, run.options.diff),
    noLog: resolveNoLog(task, vars),
    ignoreErrors: resolveIgnoreErrors(task, vars),
    ...(environment !== undefined ? { environment } : {}),
    retries: value('retries', task.retries, 3),
    delay: value('delay', task.delay, 5),
    async: value('async', task.async, 0),
    // Ansible's default poll interval
    poll: value('poll', task.poll, 15),
    ...(become ? { become } : {}),
    connection:
      delegateTo !== undefined ? resolveConnection(run, playRun.play, delegateTo, delegateVars!) : resolveConnection(run, playRun.play, hostName, vars),
    ...(delegateTo !== undefined ? { delegateTo } : {}),
  };
}

/** delegate_to rendered for one host and item; undefined when the task is not delegated. */
export function resolveDelegateTo(task: TaskDef, vars: Vars): string | undefined {
  const host = keywordValue<string | undefined>('delegate_to', task.delegateTo, vars, task.where, undefined);
  return host === undefined || host === '' ? undefined : host;
}

/** How to reach `hostName` with these variables (a task's, or the play's for fact gathering). */
export function resolveConnection(run: RunContext, play: PlayDef | undefined, hostName: string, vars: Vars): ConnectionSpec {
  const where = play?.where ?? { file: run.playbookDir, line: 1, col: 1 };
  const connection = keywordValue<string | undefined>('connection', play?.connection, vars, where, undefined);
  const remoteUser = keywordValue<string | undefined>('remote_user', play?.remoteUser, vars, where, undefined);
  return connectionSpecFor(hostName, vars, run.connectionOverrides, {
    ...(connection !== undefined ? { connection } : {}),
    ...(remoteUser !== undefined ? { remoteUser } : {}),
  });
}

/**
 * become and become_user as Ansible decides them: the ansible_become* variables, then the
 * keywords (task, block, role, play), then the command line.
 */
function resolveBecome(run: RunContext, play: PlayDef, task: TaskDef, vars: Vars): BecomeOptions | undefined {
  const conn = connectionVarsOf(vars);
  const value = <T>(name: string, raw: unknown, fallback: T): T => keywordValue(name, raw, vars, task.where, fallback);
  if (!value('become', conn.become ?? task.become ?? play.become, run.options.become)) return undefined;
  const user = value('become_user', conn.becomeUser ?? task.becomeUser ?? play.becomeUser, run.options.becomeUser ?? 'root');
  const loginUser = run.options.remoteUser ?? (conn.user !== undefined ? String(renderValue(conn.user, vars, { where: task.where })) : undefined);
  // Already that user: sudo would only add a dependency and a round of PAM.
  if (loginUser !== undefined && loginUser === user) return undefined;
  const password = run.options.becomePassword ?? keywordValue<string | undefined>('become_password', conn.becomePassword, vars, task.where, undefined);
  return password !== undefined ? { user, password } : { user };
}
