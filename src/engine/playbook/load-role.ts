// Finds and loads roles: roles/NAME/{tasks,handlers,defaults,vars,meta}/main.yaml (or .yml),
// looked up next to the playbook, in --roles-path, then in lvsplay's own roles/.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { UserInputError, type SourceLocation } from '../../errors.js';
import { checkArgs } from '../../argspec/validator.js';
import { OPTION_SPEC } from '../../argspec/option-spec.js';
import { loadYamlFile } from '../yaml-source.js';
import type { ArgumentRules, ArgumentSpecs, LoadedRole, RoleContext, TaskDef } from './model.js';
import { loadTaskFile, loadTaskList, type RoleLoadOptions, type TaskLoadContext } from './load-tasks.js';
import { NOTHING_INHERITED } from './inherit.js';
import type { ModuleRegistry } from '../../modules/registry.js';
import { expectList, expectMapping, expectString, expectVars, isMapping, stringList, whereOf } from './shapes.js';
import { checkKeywordsAtLoad, staticKeyword } from './keyword-types.js';
import { IncludeTargetMissing } from './load-include.js';
import { renderNameAtLoad, type LoadTimeVars } from './load-time-vars.js';
import { roleInstance, type RoleInstances, type RoleUse } from './role-instances.js';

export interface RoleLoaderOptions {
  registry: ModuleRegistry;
  /** Folders searched for roles, in order. */
  searchPaths: string[];
  /** Folder of the playbook that uses the roles. */
  playbookDir: string;
  /** The play's variables known at load time (for templated role names). */
  loadVars: LoadTimeVars;
  /** The play's role instances (run/role-runs.ts keeps who ran each). */
  instances: RoleInstances;
  /** Where a statically imported role's variables and handlers go (the play's). */
  expose: (loaded: LoadedRole) => void;
}

export type { LoadedRole };

const MAX_ROLE_DEPTH = 20;

export function roleSearchPaths(playbookDir: string, rolesPath: string[], projectRolesDir: string): string[] {
  return [join(playbookDir, 'roles'), ...rolesPath.map((p) => resolve(p)), playbookDir, projectRolesDir];
}

export function findRoleDir(name: string, searchPaths: string[]): string | undefined {
  if (isAbsolute(name)) return isDir(name) ? name : undefined;
  // A name with a slash (`nested/dep_role`) is a path below a roles folder, or else below the current folder.
  for (const base of name.includes('/') ? [...searchPaths, process.cwd()] : searchPaths) {
    const dir = join(base, name);
    if (isDir(dir) && (isDir(join(dir, 'tasks')) || isDir(join(dir, 'handlers')) || isDir(join(dir, 'defaults')) || isDir(join(dir, 'meta')))) return dir;
  }
  return undefined;
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** roles/x/<sub>/<base>.yaml or .yml, if present. */
function roleFile(dir: string, sub: string, base = 'main'): string | undefined {
  for (const ext of ['.yaml', '.yml', '']) {
    const f = join(dir, sub, base + ext);
    if (existsSync(f) && !isDir(f)) return f;
  }
  return undefined;
}

function loadVarsFile(file: string | undefined): Record<string, unknown> {
  if (!file) return {};
  const content = loadYamlFile(file);
  return expectVars(content, { file, line: 1, col: 1 }, `variables file ${file}`);
}

/** defaults/main.yml, or (as Ansible allows) every file of a folder defaults/main/, in sorted order, later ones winning. */
function loadRoleVars(dir: string, sub: 'defaults' | 'vars', base = 'main'): Record<string, unknown> {
  const folder = join(dir, sub, base);
  if (!isDir(folder)) return loadVarsFile(roleFile(dir, sub, base));
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (isDir(full)) walk(full);
      else if (/\.(ya?ml|json)$/.test(name)) files.push(full);
    }
  };
  walk(folder);
  return Object.assign({}, ...files.map((f) => loadVarsFile(f))) as Record<string, unknown>;
}

export function loadRole(
  name: string,
  where: SourceLocation,
  options: RoleLoadOptions & { roleStack?: string[]; parentParams?: Record<string, unknown> },
  loader: RoleLoaderOptions,
): LoadedRole[] {
  if (name.includes('{{')) throw new UserInputError('a templated role name is not supported', where, 'a static role name');
  const dir = findRoleDir(name, loader.searchPaths);
  if (!dir) {
    throw new IncludeTargetMissing(`role '${name}' not found`, where, `a folder ${name}/ with tasks/main.yaml in one of: ${loader.searchPaths.join(', ')}`);
  }
  const roleStack = options.roleStack ?? [];
  if (roleStack.includes(dir))
    throw new UserInputError(`role '${name}' depends on itself (${[...roleStack, dir].join(' -> ')})`, where, 'no dependency cycles');
  if (roleStack.length > MAX_ROLE_DEPTH) throw new UserInputError('role dependencies nested too deeply', where, `at most ${MAX_ROLE_DEPTH} levels`);

  const specs = loadArgumentSpecs(dir);
  const metaFile = roleFile(dir, 'meta');
  const meta = metaFile ? expectMapping(loadYamlFile(metaFile), { file: metaFile, line: 1, col: 1 }, 'role meta') : {};
  const files = { tasks: options.tasksFrom, vars: options.varsFrom, defaults: options.defaultsFrom, handlers: options.handlersFrom };
  const instance = roleInstance(
    loader.instances,
    { dir, params: options.params, files },
    options.use,
    staticKeyword<boolean>(meta, 'allow_duplicates', { file: metaFile ?? dir, line: 1, col: 1 }) ?? false,
  );
  const role: RoleContext = {
    name,
    path: dir,
    defaults: loadRoleVars(dir, 'defaults', options.defaultsFrom),
    vars: loadRoleVars(dir, 'vars', options.varsFrom),
    // As in Ansible, a dependency sees the parameters of the roles that depend on it (its own win).
    params: { ...options.parentParams, ...options.params },
    instance,
    ...(specs ? { argumentSpecs: specs.specs, argumentSpecsFile: specs.file } : {}),
    ...(specs?.rules ? { argumentRules: specs.rules } : {}),
  };

  // meta/main.yaml dependencies run first, like Ansible.
  const loaded: LoadedRole[] = [];
  if (metaFile) {
    const deps = expectList(meta.dependencies, whereOf(meta, 'dependencies', { file: metaFile, line: 1, col: 1 }), 'dependencies');
    deps.forEach((dep, i) => {
      const depWhere = whereOf(deps, i, { file: metaFile, line: 1, col: 1 });
      const { roleName: written, params, keywords } = parseRoleEntry(dep, depWhere);
      const roleName = renderNameAtLoad(written, loader.loadVars, undefined, depWhere, 'role name');
      const use = entryUse(keywords, depWhere);
      loaded.push(
        ...loadRole(
          roleName,
          depWhere,
          { params, parentParams: role.params, use, inherited: options.inherited, importStack: options.importStack, roleStack: [...roleStack, dir] },
          loader,
        ),
      );
    });
  }

  const taskCtx: TaskLoadContext = {
    registry: loader.registry,
    file: join(dir, 'tasks'),
    baseDir: join(dir, 'tasks'),
    playbookDir: loader.playbookDir,
    loadVars: loader.loadVars,
    role,
    inherited: options.inherited,
    importStack: options.importStack,
    loadRole: (roleName, at, o) => loadRole(roleName, at, { ...o, roleStack: [...roleStack, dir] }, loader),
    exposeRole: loader.expose,
  };
  const tasksFile = roleFile(dir, 'tasks', options.tasksFrom ?? 'main');
  if (options.tasksFrom && !tasksFile) throw new UserInputError(`role '${name}' has no tasks/${options.tasksFrom}.yaml`, where, 'an existing tasks file');
  const tasks = tasksFile ? loadTaskFile(tasksFile, taskCtx, where) : [];
  const last = tasks[tasks.length - 1];
  if (last) (last.endsRoles ??= []).push(instance);
  const handlersFile = roleFile(dir, 'handlers', options.handlersFrom);
  const handlerWhere: SourceLocation = { file: handlersFile ?? dir, line: 1, col: 1 };
  const handlers = handlersFile
    ? loadTaskList(
        loadYamlFile(handlersFile) ?? [],
        { ...taskCtx, file: handlersFile, baseDir: join(dir, 'handlers'), inherited: NOTHING_INHERITED, inHandlers: true },
        `handlers of role ${name}`,
        handlerWhere,
      )
    : [];
  for (const h of handlers) {
    if (h.kind !== 'task') throw new UserInputError('a handler cannot be a block', h.where, 'a task');
  }
  loaded.push({ role, tasks, handlers: handlers as TaskDef[] });
  return loaded;
}

/** A roles: or dependencies entry as a use of its role: its own when and tags tell it apart. */
export function entryUse(keywords: Record<string, unknown>, where: SourceLocation): RoleUse {
  const when = keywords.when === undefined || keywords.when === null ? [] : Array.isArray(keywords.when) ? (keywords.when as unknown[]) : [keywords.when];
  return { byInclude: false, when, tags: stringList(keywords.tags, where, 'tags') };
}

/** `- nginx`, `- role: nginx`, `- { role: nginx, port: 80, tags: [web], when: ... }`. */
export function parseRoleEntry(
  entry: unknown,
  where: SourceLocation,
): { roleName: string; params: Record<string, unknown>; keywords: Record<string, unknown> } {
  if (typeof entry === 'string') return { roleName: entry, params: {}, keywords: {} };
  if (!isMapping(entry)) throw new UserInputError('a role entry must be a name or a mapping', where, "'- name' or '- role: name'");
  const nameValue = entry.role ?? entry.name;
  const roleName = expectString(nameValue, whereOf(entry, entry.role !== undefined ? 'role' : 'name', where), 'role name');
  const keywordNames = new Set([
    'role',
    'name',
    'tags',
    'when',
    'become',
    'become_user',
    'vars',
    'ignore_errors',
    'check_mode',
    'diff',
    'no_log',
    'environment',
  ]);
  const params: Record<string, unknown> = {};
  const keywords: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(entry)) {
    if (k === 'role' || k === 'name') continue;
    if (keywordNames.has(k)) keywords[k] = v;
    else params[k] = v;
  }
  checkKeywordsAtLoad(keywords, where);
  if (keywords.vars !== undefined) Object.assign(params, expectVars(keywords.vars, whereOf(entry, 'vars', where), 'vars'));
  delete keywords.vars;
  return { roleName, params, keywords };
}

/** An argument spec must itself be well formed before it can judge variables: checked by the validator, against the declaration of the language. */
function checkSpecs(options: Record<string, unknown>, fallback: SourceLocation, path: string): void {
  for (const [name, spec] of Object.entries(options)) {
    const at = whereOf(options, name, fallback);
    if (spec === null || spec === undefined) throw new UserInputError(`the spec of '${name}' is empty`, at, "a mapping such as '{type: str}'");
    const m = expectMapping(spec, at, `${path}.${name}`);
    const [problem] = checkArgs(OPTION_SPEC, m).problems;
    if (problem) throw new UserInputError(`the spec of '${name}': ${problem.message}`, whereOf(m, String(problem.path[0] ?? ''), at), problem.expected);
    if (m.options === undefined) continue;
    const subOptions = expectMapping(m.options, whereOf(m, 'options', at), `options of '${name}'`);
    checkSpecs(subOptions, at, `${path}.${name}.options`);
    for (const what of SET_RULES) if (m[what] !== undefined) optionSets(m[what], whereOf(m, what, at), `${path}.${name}.${what}`, subOptions);
  }
}

/** Ansible's rules across options that a role's spec may state, at its top and in sub-options. */
const SET_RULES = ['required_one_of', 'mutually_exclusive'] as const;

/** Sets of option names (required_one_of, mutually_exclusive), each naming declared options. */
function optionSets(value: unknown, where: SourceLocation, what: string, options: Record<string, unknown>): string[][] {
  const ok = Array.isArray(value) && value.every((set) => Array.isArray(set) && set.every((n) => typeof n === 'string' && n in options));
  const rule = what.split('.').at(-1)!;
  if (!ok) throw new UserInputError(`${what} must be a list of lists of declared options`, where, `e.g. ${rule}: [[a, b]]`);
  return value as string[][];
}

function loadArgumentSpecs(dir: string): { specs: ArgumentSpecs; file: string; rules?: ArgumentRules } | undefined {
  const file = roleFile(dir, 'meta', 'argument_specs');
  if (!file) return undefined;
  const fileWhere: SourceLocation = { file, line: 1, col: 1 };
  const content = expectMapping(loadYamlFile(file), fileWhere, 'argument specs');
  const all = expectMapping(content.argument_specs, whereOf(content, 'argument_specs', fileWhere), 'argument_specs');
  const main = expectMapping(all.main, whereOf(all, 'main', fileWhere), 'argument_specs.main');
  const options = expectMapping(main.options, whereOf(main, 'options', fileWhere), 'argument_specs.main.options');
  checkSpecs(options, fileWhere, 'argument_specs.main.options');
  // Ansible's role specs state rules across variables as module specs do across arguments
  const rules: Partial<ArgumentRules> = {};
  for (const what of SET_RULES) {
    if (main[what] === undefined) continue;
    const where = whereOf(main, what, fileWhere);
    rules[what] = optionSets(main[what], where, `argument_specs.main.${what}`, options);
    rules.where ??= where;
  }
  return { specs: options as ArgumentSpecs, file, ...(rules.where ? { rules: rules as ArgumentRules } : {}) };
}
