// Parses a task list (tasks, handlers, block/rescue/always, imported files) into TaskNodes.
import { dirname } from 'node:path';
import { UserInputError, type SourceLocation } from '../../errors.js';
import { ENGINE_ACTIONS, stripPrefix } from '../../modules/registry.js';
import { loadYamlFile } from '../yaml-source.js';
import type { BlockDef, DynamicInclude, TaskDef, TaskNode } from './model.js';
import { BLOCK_ONLY_KEYWORDS, COMMON_KEYWORDS, META_ACTIONS, UNSUPPORTED_KEYWORDS, WITH_LOOKUPS, closest, isTaskKeyword } from './keywords.js';
import { inheritKeywords, type Inherited, type OwnKeywords } from './inherit.js';
import { checkKeywordsAtLoad, staticKeyword } from './keyword-types.js';
import { checkArgsStatically, normaliseModuleArgs } from './module-args.js';
import { withActionRewritten } from './action-keyword.js';
import type { RoleLoadOptions, TaskLoadContext } from './task-load-context.js';
import { dynamicInclude, importRole, importTasks, includeIsDynamic } from './load-include.js';
import { expectList, expectMapping, expectString, expectVars, stringList, whereOf } from './shapes.js';

export type { RoleLoadOptions, TaskLoadContext };

const MAX_IMPORT_DEPTH = 50;

export function loadTaskList(list: unknown, ctx: TaskLoadContext, what: string, where: SourceLocation): TaskNode[] {
  const items = expectList(list, where, what);
  const out: TaskNode[] = [];
  items.forEach((item, i) => {
    const itemWhere = whereOf(items, i, where);
    if (item === null || item === undefined) throw new UserInputError(`empty entry in ${what}`, itemWhere, 'a task (a mapping with a module name)');
    const task = expectMapping(item, itemWhere, `an entry in ${what}`);
    out.push(...loadTaskOrBlock(task, ctx, itemWhere));
  });
  return out;
}

/** Read a task file (import_tasks, tasks/main.yaml) as a task list. */
export function loadTaskFile(file: string, ctx: TaskLoadContext, where: SourceLocation): TaskNode[] {
  if (ctx.importStack.includes(file)) {
    throw new UserInputError(`${file} imports itself (through ${ctx.importStack.join(' -> ')})`, where, 'no import cycles');
  }
  if (ctx.importStack.length > MAX_IMPORT_DEPTH) throw new UserInputError('imports nested too deeply', where, `at most ${MAX_IMPORT_DEPTH} levels`);
  const content = loadYamlFile(file);
  const fileWhere: SourceLocation = { file, line: 1, col: 1 };
  if (content === null) return [];
  return loadTaskList(content, { ...ctx, file, baseDir: dirname(file), importStack: [...ctx.importStack, file] }, `task file ${file}`, fileWhere);
}

function ownKeywords(task: Record<string, unknown>, where: SourceLocation): OwnKeywords {
  const at = (k: string): SourceLocation => whereOf(task, k, where);
  const when = task.when;
  return {
    when: when === undefined || when === null ? [] : Array.isArray(when) ? when : [when],
    tags: stringList(task.tags, at('tags'), 'tags'),
    vars: expectVars(task.vars, at('vars'), 'vars'),
    become: task.become,
    becomeUser: task.become_user,
    ignoreErrors: task.ignore_errors,
    checkMode: task.check_mode,
    diff: task.diff,
    noLog: task.no_log,
    runOnce: task.run_once,
    delegateTo: task.delegate_to,
    delegateFacts: task.delegate_facts,
    environment: task.environment,
    anyErrorsFatal: task.any_errors_fatal,
    throttle: task.throttle,
    notify: stringList(task.notify, at('notify'), 'notify'),
  };
}

/**
 * What the tasks of a dynamic include inherit: the enclosing blocks' keywords, the include's
 * vars and its `apply` keywords. Its other keywords (when, tags, ignore_errors, ...) are its
 * own, as in Ansible: they decide whether and how the include runs. Its tags still gate what it
 * includes (includeTags), so a task tagged like nothing selected never runs through it.
 */
function includedKeywords(parent: Inherited, own: OwnKeywords, apply: OwnKeywords | undefined): Inherited {
  const gated: Inherited = {
    ...parent,
    includeParams: Object.keys(own.vars).length > 0 ? [...parent.includeParams, own.vars] : parent.includeParams,
    includeTags: [...parent.includeTags, [...new Set([...parent.tags, ...own.tags])]],
  };
  return apply ? inheritKeywords(gated, apply) : gated;
}

/**
 * `apply:` of include_tasks/include_role: block keywords for every included task (lvsplay
 * includes statically, so the include's own keywords apply to them as well).
 */
function applyKeywords(moduleName: string, args: Record<string, unknown>, where: SourceLocation): OwnKeywords | undefined {
  if (args.apply === undefined) return undefined;
  if (!moduleName.startsWith('include_'))
    throw new UserInputError(`'apply' is only valid on include_tasks and include_role`, where, `no 'apply' on ${moduleName}`);
  const apply = expectMapping(args.apply, whereOf(args, 'apply', where), 'apply');
  const applyWhere = whereOf(args, 'apply', where);
  for (const key of Object.keys(apply)) {
    if (!COMMON_KEYWORDS.has(key) && key !== 'notify') {
      const hint = closest(key, COMMON_KEYWORDS);
      throw new UserInputError(
        `unknown keyword '${key}' in apply`,
        whereOf(apply, key, applyWhere),
        hint ? `did you mean '${hint}'?` : 'a block keyword (tags, become, when, ...)',
      );
    }
  }
  checkKeywordsAtLoad(apply, applyWhere);
  return ownKeywords(apply, applyWhere);
}

function loadTaskOrBlock(written: Record<string, unknown>, ctx: TaskLoadContext, where: SourceLocation): TaskNode[] {
  const task = withActionRewritten(written, where);
  for (const key of Object.keys(task)) {
    if (UNSUPPORTED_KEYWORDS.has(key)) {
      throw new UserInputError(`'${key}' is not supported by lvsplay`, whereOf(task, key, where), 'a supported task keyword');
    }
  }
  checkKeywordsAtLoad(task, where);
  if ('block' in task) return [loadBlock(task, ctx, where)];
  return loadTask(task, ctx, where);
}

function loadBlock(task: Record<string, unknown>, ctx: TaskLoadContext, where: SourceLocation): BlockDef {
  for (const key of Object.keys(task)) {
    if (!COMMON_KEYWORDS.has(key) && !BLOCK_ONLY_KEYWORDS.has(key)) {
      const hint = closest(key, [...COMMON_KEYWORDS, ...BLOCK_ONLY_KEYWORDS]);
      throw new UserInputError(
        `unknown keyword '${key}' on a block`,
        whereOf(task, key, where),
        hint ? `'${hint}'?` : 'a block keyword (block, rescue, always, when, ...)',
      );
    }
  }
  if (ctx.inHandlers && ctx.inBlock) throw new UserInputError('a block as a handler is not supported', where, 'tasks in a handler');
  const own = ownKeywords(task, where);
  const inherited = inheritKeywords(ctx.inherited, own);
  const childCtx: TaskLoadContext = { ...ctx, inherited, inBlock: true };
  const name = optionalName(task, where);
  return {
    kind: 'block',
    ...(name !== undefined ? { name } : {}),
    ...inherited,
    vars: own.vars,
    block: loadTaskList(task.block, childCtx, 'block', whereOf(task, 'block', where)),
    rescue: loadTaskList(task.rescue, childCtx, 'rescue', whereOf(task, 'rescue', where)),
    always: loadTaskList(task.always, childCtx, 'always', whereOf(task, 'always', where)),
    where,
    ...(ctx.role ? { role: ctx.role } : {}),
  };
}

function findModuleKey(task: Record<string, unknown>, ctx: TaskLoadContext, where: SourceLocation): string {
  const candidates = Object.keys(task).filter((k) => !isTaskKeyword(k));
  if (candidates.length === 0) {
    throw new UserInputError(
      'task has no module',
      where,
      `one module key such as command, copy, template (known: ${ctx.registry.names().slice(0, 8).join(', ')}, ...)`,
    );
  }
  const known = candidates.filter((k) => ctx.registry.has(k));
  if (known.length > 1) {
    throw new UserInputError(`task names more than one module: ${known.join(', ')}`, whereOf(task, known[1], where), 'exactly one module per task');
  }
  const unknown = candidates.filter((k) => !ctx.registry.has(k));
  if (unknown.length > 0) {
    const key = unknown[0]!;
    const hint = closest(key, [...ctx.registry.names(), ...ENGINE_ACTIONS, ...COMMON_KEYWORDS, 'register', 'loop', 'notify', 'changed_when', 'failed_when']);
    if (known.length === 1)
      throw new UserInputError(`unknown keyword '${key}'`, whereOf(task, key, where), hint ? `did you mean '${hint}'?` : 'a known task keyword');
    // The whole list: a user meeting an unsupported Ansible module learns at once what lvsplay offers.
    const supported = `unknown module '${key}' (lvsplay supports: ${ctx.registry.actionNames().join(', ')})`;
    throw new UserInputError(supported, whereOf(task, key, where), hint ? `did you mean '${hint}'?` : undefined);
  }
  return known[0]!;
}

function loadTask(task: Record<string, unknown>, ctx: TaskLoadContext, where: SourceLocation): TaskNode[] {
  const moduleAs = findModuleKey(task, ctx, where);
  const moduleName = stripPrefix(moduleAs);
  const at = (k: string): SourceLocation => whereOf(task, k, where);
  const module = ctx.registry.find(moduleAs);
  let args = normaliseModuleArgs(module, moduleName, task[moduleAs], at(moduleAs));
  if (task.args !== undefined) args = { ...expectMapping(task.args, at('args'), 'args'), ...args };
  const own = ownKeywords(task, where);

  const loopKeys = Object.keys(task).filter((k) => k === 'loop' || WITH_LOOKUPS.has(k));
  const dynamic =
    moduleName === 'include_tasks' || moduleName === 'include_role' || (moduleName === 'include' && includeIsDynamic(args, loopKeys.length > 0, ctx));
  const apply = applyKeywords(moduleName, args, at(moduleAs));
  if (moduleName === 'import_tasks' || moduleName === 'include') {
    if (!dynamic) return importTasks(moduleName, args, own, ctx, at(moduleAs), loadTaskFile);
  } else if (moduleName === 'import_role') return importRole(args, own, ctx, at(moduleAs));
  let include: DynamicInclude | undefined;
  if (dynamic) {
    delete args.apply; // given to the included tasks below, never templated as an argument
    const childKeywords = includedKeywords(ctx.inherited, moduleName === 'include_role' ? { ...own, vars: {} } : own, apply);
    include = dynamicInclude(moduleName, args, own, childKeywords, ctx, at(moduleAs), loadTaskFile);
  }
  if (moduleName === 'meta') {
    const action = expectString(args.action, at(moduleAs), 'meta action');
    if (!META_ACTIONS.includes(action)) throw new UserInputError(`unknown meta action '${action}'`, at(moduleAs), `one of: ${META_ACTIONS.join(', ')}`);
  } else if (module && !include) {
    checkArgsStatically(ctx.registry, module, args, at(moduleAs));
  }

  if (loopKeys.length > 1) throw new UserInputError(`task has both ${loopKeys.join(' and ')}`, at(loopKeys[1]!), 'one loop per task');
  const loopKey = loopKeys[0];
  const loopControl = expectMapping(task.loop_control, at('loop_control'), 'loop_control');
  const inherited = inheritKeywords(ctx.inherited, { ...own, vars: {} });
  const name = optionalName(task, where);
  const register = task.register === undefined ? undefined : expectString(task.register, at('register'), 'register');
  if (register !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(register)) {
    throw new UserInputError(`register name '${register}' is not a valid variable name`, at('register'), 'letters, digits and _');
  }
  const def: TaskDef = {
    kind: 'task',
    ...(name !== undefined ? { name } : {}),
    ...inherited,
    vars: own.vars,
    module: module?.name ?? moduleName,
    moduleAs,
    args,
    ...(register !== undefined ? { register } : {}),
    ...(loopKey !== undefined ? { loop: loopKey === 'loop' || loopKey === 'with_list' ? task[loopKey] : { [`__${loopKey}`]: task[loopKey] } } : {}),
    loopVar: loopControl.loop_var === undefined ? 'item' : expectString(loopControl.loop_var, at('loop_control'), 'loop_var'),
    ...(loopControl.label !== undefined ? { loopLabel: loopControl.label } : {}),
    ...(loopControl.index_var !== undefined ? { loopIndexVar: expectString(loopControl.index_var, at('loop_control'), 'index_var') } : {}),
    ...(staticKeyword<boolean>(loopControl, 'extended', at('loop_control'))
      ? { loopExtended: { allItems: staticKeyword<boolean>(loopControl, 'extended_allitems', at('loop_control')) ?? true } }
      : {}),
    ...(loopControl.pause !== undefined ? { loopPause: loopControl.pause } : {}),
    notify: inherited.notify ?? [],
    changedWhen: task.changed_when,
    failedWhen: task.failed_when,
    until: task.until,
    retries: task.retries,
    delay: task.delay,
    async: task.async,
    poll: task.poll,
    listen: stringList(task.listen, at('listen'), 'listen'),
    where,
    ...(ctx.role ? { role: ctx.role } : {}),
    baseDir: ctx.baseDir,
    ...(include ? { include } : {}),
  };
  return [def];
}

/** A task's or block's `name`; an empty `name:` is no name, as in Ansible (the module name is shown). */
function optionalName(task: Record<string, unknown>, where: SourceLocation): string | undefined {
  if (task.name === undefined || task.name === null) return undefined;
  return expectString(task.name, whereOf(task, 'name', where), 'name');
}
