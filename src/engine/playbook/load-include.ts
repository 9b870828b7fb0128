// import_tasks/import_role (static: read now, their tasks take the import's keywords) and
// include_tasks/include_role (dynamic: a task of their own, whose file or role is read when it
// runs, per host and loop item), as Ansible tells them apart. The old `include` is static when
// its file name is not a template, it has no loop and no dynamic include encloses it.
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { UserInputError, type SourceLocation } from '../../errors.js';
import type { DynamicInclude, IncludedContent, TaskNode } from './model.js';
import { inheritKeywords, type Inherited, type OwnKeywords } from './inherit.js';
import type { RoleLoadOptions, TaskLoadContext } from './task-load-context.js';
import { expectString } from './shapes.js';
import { renderAtLoad, renderNameAtLoad, type ImportScope } from './load-time-vars.js';

/** The task file or role an include names does not exist: the hosts that reach it fail (any other mistake in what it includes stops the run, as in Ansible). */
export class IncludeTargetMissing extends UserInputError {}

type ReadTaskFile = (file: string, ctx: TaskLoadContext, where: SourceLocation) => TaskNode[];

/** Arguments of the include/import itself; with `include`, every other key=value is a variable for the included tasks. */
const INCLUDE_ARGS = new Set([
  'file',
  '_raw_params',
  'name',
  'tasks_from',
  'vars_from',
  'defaults_from',
  'handlers_from',
  'apply',
  'public',
  'allow_duplicates',
  'rolespec_validate',
]);

export function isTemplate(value: unknown): boolean {
  return typeof value === 'string' && (value.includes('{{') || value.includes('{%'));
}

/** Whether an `include:` task is dynamic (Ansible 2.14's rule for the old include). */
export function includeIsDynamic(args: Record<string, unknown>, hasLoop: boolean, ctx: TaskLoadContext): boolean {
  return hasLoop || ctx.insideDynamicInclude === true || isTemplate(args.file ?? args._raw_params);
}

/** The variables `include: file.yml a=1 b=2` gives the tasks it includes. */
export function includeParams(moduleName: string, args: Record<string, unknown>): Record<string, unknown> {
  if (moduleName !== 'include') return {};
  return Object.fromEntries(Object.entries(args).filter(([k]) => !INCLUDE_ARGS.has(k)));
}

/** The task file an include or import names: next to the file that names it, else in its role's tasks/. */
export function findIncludedFile(args: Record<string, unknown>, ctx: TaskLoadContext, where: SourceLocation, what: string): string {
  const file = expectString(args.file ?? args._raw_params, where, `${what} file`);
  if (isAbsolute(file)) {
    if (existsSync(file)) return file;
  } else {
    // As Ansible looks: beside the file that names it, in its role, then in the playbook's folder.
    const subdir = ctx.inHandlers ? 'handlers' : 'tasks';
    const candidates = [
      resolve(ctx.baseDir, file),
      ...(ctx.role ? [join(ctx.role.path, subdir, file), join(ctx.role.path, 'tasks', file), join(ctx.role.path, file)] : []),
      join(ctx.playbookDir, subdir, file),
      join(ctx.playbookDir, file),
    ];
    const found = candidates.find((c) => existsSync(c));
    if (found) return found;
  }
  throw new IncludeTargetMissing(`cannot read file ${resolve(ctx.baseDir, file)}: it does not exist`, where, `a task file next to ${ctx.file}`);
}

/** tasks_from, vars_from, defaults_from and handlers_from, as given. */
export function roleFileOptions(
  args: Record<string, unknown>,
  where: SourceLocation,
): Pick<RoleLoadOptions, 'tasksFrom' | 'varsFrom' | 'defaultsFrom' | 'handlersFrom'> {
  const pick = (key: string): string | undefined => (args[key] === undefined ? undefined : expectString(args[key], where, key));
  const options = { tasksFrom: pick('tasks_from'), varsFrom: pick('vars_from'), defaultsFrom: pick('defaults_from'), handlersFrom: pick('handlers_from') };
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}

/** import_tasks (and a static include): the file's tasks, each taking the import's keywords. */
export function importTasks(
  moduleName: string,
  args: Record<string, unknown>,
  own: OwnKeywords,
  ctx: TaskLoadContext,
  where: SourceLocation,
  readTaskFile: ReadTaskFile,
): TaskNode[] {
  const fileKey = args.file !== undefined ? 'file' : '_raw_params';
  const written = expectString(args[fileKey], where, `${moduleName} file`);
  const file = renderNameAtLoad(written, ctx.loadVars, importScope(ctx, own), where, `${moduleName} file name`);
  const path = findIncludedFile({ ...args, [fileKey]: file }, ctx, where, moduleName);
  // A static `include` gives its k=v parameters as block vars (below set_fact) and its vars as include params (above), as Ansible does.
  const inherited = inheritKeywords(ctx.inherited, moduleName === 'include' ? { ...own, vars: includeParams(moduleName, args) } : own);
  if (moduleName === 'include' && Object.keys(own.vars).length > 0) inherited.includeParams = [...inherited.includeParams, own.vars];
  return readTaskFile(path, { ...ctx, inherited }, where);
}

/** The arguments of include_role/import_role that name the role or one of its files. */
const ROLE_NAMING_ARGS = new Set(['name', 'tasks_from', 'vars_from', 'defaults_from', 'handlers_from']);

/** What an import's name may use besides the play's variables: its role's, blocks' and own vars. */
function importScope(ctx: TaskLoadContext, own: OwnKeywords): ImportScope {
  return { ...(ctx.role ? { role: ctx.role } : {}), blockVars: ctx.inherited.blockVars, vars: own.vars };
}

/** import_role: the role's tasks now; its variables and handlers are the play's from the start. */
export function importRole(args: Record<string, unknown>, own: OwnKeywords, ctx: TaskLoadContext, where: SourceLocation): TaskNode[] {
  // The role's name and files may be templates of the variables known at load time, as in Ansible.
  const scope = importScope(ctx, own);
  const rendered = Object.fromEntries(
    Object.entries(args).map(([k, v]) => [
      k,
      ROLE_NAMING_ARGS.has(k) && typeof v === 'string' ? renderNameAtLoad(v, ctx.loadVars, scope, where, `import_role ${k}`) : v,
    ]),
  );
  const roleName = expectString(rendered.name, where, 'import_role name');
  const allowDuplicates = renderAtLoad(args.allow_duplicates, ctx.loadVars, scope, where, 'import_role allow_duplicates');
  const loaded = ctx.loadRole(roleName, where, {
    use: { byInclude: true, allowDuplicates, where },
    ...roleFileOptions(rendered, where),
    params: own.vars,
    inherited: inheritKeywords(ctx.inherited, { ...own, vars: {} }),
    importStack: ctx.importStack,
  });
  for (const l of loaded) ctx.exposeRole(l);
  return loaded.flatMap((l) => l.tasks);
}

/**
 * include_tasks/include_role/dynamic include: how to read what it names once its arguments are
 * templated. `childKeywords` is what the included tasks inherit (includedKeywords in load-tasks).
 * With a name that is not a template, the content is also read now, so that mistakes in it show
 * before any host (and the checks before the run see its tasks); when that fails, the run
 * reports it on the hosts that reach the include, as Ansible does.
 */
export function dynamicInclude(
  moduleName: string,
  args: Record<string, unknown>,
  own: OwnKeywords,
  childKeywords: Inherited,
  ctx: TaskLoadContext,
  where: SourceLocation,
  readTaskFile: ReadTaskFile,
): DynamicInclude {
  const kind = moduleName === 'include_role' ? 'role' : 'tasks';
  // As in Ansible, the role's name and files must be strings (or templates) when the playbook loads.
  if (kind === 'role') for (const key of ROLE_NAMING_ARGS) if (args[key] !== undefined) expectString(args[key], where, `include_role ${key}`);
  // The item and (for `include`) the templated k=v parameters reach the included tasks as include params.
  const withItem = (templated: Record<string, unknown>, itemVars: Record<string, unknown>): Inherited => {
    const params = { ...includeParams(moduleName, templated), ...itemVars };
    return Object.keys(params).length > 0 ? { ...childKeywords, includeParams: [...childKeywords.includeParams, params] } : childKeywords;
  };
  const load = (templated: Record<string, unknown>, itemVars: Record<string, unknown>): IncludedContent => {
    if (kind === 'tasks') {
      const childCtx: TaskLoadContext = { ...ctx, inherited: withItem(templated, itemVars), insideDynamicInclude: true };
      return { tasks: readTaskFile(findIncludedFile(templated, ctx, where, moduleName), childCtx, where), handlers: [], roles: [] };
    }
    const roles = ctx.loadRole(expectString(templated.name, where, 'include_role name'), where, {
      use: { byInclude: true, allowDuplicates: templated.allow_duplicates, where },
      ...roleFileOptions(templated, where),
      params: own.vars,
      inherited: withItem(templated, itemVars),
      importStack: ctx.importStack,
    });
    return { tasks: roles.flatMap((r) => r.tasks), handlers: roles.flatMap((r) => r.handlers), roles: roles.map((r) => r.role) };
  };
  const named = kind === 'tasks' ? [args.file ?? args._raw_params] : [...ROLE_NAMING_ARGS].map((k) => args[k]);
  let preloaded: IncludedContent | undefined;
  if (!named.some(isTemplate)) {
    try {
      preloaded = load(args, {});
    } catch (err) {
      if (!(err instanceof UserInputError)) throw err;
    }
  }
  return { kind, load, ...(preloaded ? { preloaded } : {}) };
}
