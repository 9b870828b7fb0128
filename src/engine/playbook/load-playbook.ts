// Loads a playbook file: a list of plays (and import_playbook entries), with every role,
// imported task file and vars file resolved, and every task's module and static arguments
// checked. Nothing here contacts a host.
import { dirname, isAbsolute, resolve } from 'node:path';
import { UserInputError, type SourceLocation } from '../../errors.js';
import type { ModuleRegistry } from '../../modules/registry.js';
import { loadYamlFile } from '../yaml-source.js';
import type { PlayDef, Playbook, RoleContext, TaskDef, TaskNode, VarsPrompt } from './model.js';
import { PLAY_KEYWORDS, closest } from './keywords.js';
import { toHostOrder, toSerial } from './play-batching.js';
import { isTemplated } from '../templating/index.js';
import { checkKeywordsAtLoad, staticKeyword } from './keyword-types.js';
import { NOTHING_INHERITED, inheritKeywords, type Inherited, type OwnKeywords } from './inherit.js';
import { loadTaskList, type TaskLoadContext } from './load-tasks.js';
import { entryUse, loadRole, parseRoleEntry, roleSearchPaths, type RoleLoaderOptions } from './load-role.js';
import { expectList, expectMapping, expectString, expectVars, stringList, whereOf } from './shapes.js';
import { playLoadTimeVars, renderNameAtLoad } from './load-time-vars.js';
import { projectRoot } from '../../util/project-root.js';
import { join } from 'node:path';

export interface PlaybookLoadOptions {
  registry: ModuleRegistry;
  rolesPath?: string[];
  /** -e variables: templated imports are rendered with them at load time, as in Ansible. */
  extraVars?: Record<string, unknown>;
}

const MAX_PLAYBOOK_IMPORTS = 20;

/** What the import_playbook lines that led to a playbook give each of its plays. */
interface PlaybookImport {
  vars: Record<string, unknown>;
  /** Conditions of every play's tasks, roles and fact gathering (not of its handlers). */
  when: unknown[];
  tags: string[];
}

const NOT_IMPORTED: PlaybookImport = { vars: {}, when: [], tags: [] };
const IMPORT_PLAYBOOK_KEYS = new Set(['import_playbook', 'name', 'vars', 'when', 'tags']);

export function loadPlaybook(file: string, options: PlaybookLoadOptions, stack: string[] = [], imported: PlaybookImport = NOT_IMPORTED): Playbook {
  const path = resolve(file);
  const fileWhere: SourceLocation = { file: path, line: 1, col: 1 };
  if (stack.includes(path)) throw new UserInputError(`playbook imports itself (${[...stack, path].join(' -> ')})`, fileWhere, 'no import cycles');
  if (stack.length > MAX_PLAYBOOK_IMPORTS) throw new UserInputError('import_playbook nested too deeply', fileWhere, `at most ${MAX_PLAYBOOK_IMPORTS} levels`);
  const content = loadYamlFile(path);
  const baseDir = dirname(path);
  if (content === null) throw new UserInputError('playbook is empty', fileWhere, 'a list of plays');
  const entries = expectList(content, fileWhere, 'a playbook');
  const plays: PlayDef[] = [];
  entries.forEach((entry, i) => {
    const where = whereOf(entries, i, fileWhere);
    const play = expectMapping(entry, where, 'a play');
    if ('import_playbook' in play) {
      plays.push(...importPlaybook(play, where, baseDir, options, [...stack, path], imported).plays);
      return;
    }
    plays.push(loadPlay(play, where, baseDir, options, imported, stack[0] ?? path));
  });
  return { file: path, baseDir, plays };
}

/**
 * An import_playbook line: its file name (a template is rendered with its vars and the extra
 * vars), and what it gives every imported play, as in Ansible: its vars (the outer import's win),
 * its tags, and its `when` on each play's tasks, roles and fact gathering.
 */
function importPlaybook(
  entry: Record<string, unknown>,
  where: SourceLocation,
  baseDir: string,
  options: PlaybookLoadOptions,
  stack: string[],
  outer: PlaybookImport,
): Playbook {
  for (const key of Object.keys(entry)) {
    if (!IMPORT_PLAYBOOK_KEYS.has(key))
      throw new UserInputError(`'${key}' is not valid on import_playbook`, whereOf(entry, key, where), [...IMPORT_PLAYBOOK_KEYS].join(', '));
  }
  checkKeywordsAtLoad(entry, where);
  const vars = { ...expectVars(entry.vars, whereOf(entry, 'vars', where), 'vars'), ...outer.vars };
  const at = whereOf(entry, 'import_playbook', where);
  const written = expectString(entry.import_playbook, at, 'import_playbook');
  const loadVars = playLoadTimeVars(dirname(resolve(stack[0]!)), [vars], options.extraVars ?? {});
  const target = renderNameAtLoad(written, loadVars, undefined, at, 'import_playbook');
  const when: unknown[] = entry.when === undefined || entry.when === null ? [] : Array.isArray(entry.when) ? entry.when : [entry.when];
  const tags = stringList(entry.tags, whereOf(entry, 'tags', where), 'tags');
  return loadPlaybook(isAbsolute(target) ? target : resolve(baseDir, target), options, stack, {
    vars,
    when: [...outer.when, ...when],
    tags: [...new Set([...outer.tags, ...tags])],
  });
}

function loadPlay(
  play: Record<string, unknown>,
  where: SourceLocation,
  baseDir: string,
  options: PlaybookLoadOptions,
  imported: PlaybookImport,
  topPlaybook: string,
): PlayDef {
  for (const key of Object.keys(play)) {
    if (!PLAY_KEYWORDS.has(key)) {
      const hint = closest(key, PLAY_KEYWORDS);
      throw new UserInputError(
        `unknown play keyword '${key}'`,
        whereOf(play, key, where),
        hint ? `did you mean '${hint}'?` : `one of: ${[...PLAY_KEYWORDS].join(', ')}`,
      );
    }
  }
  const at = (k: string): SourceLocation => whereOf(play, k, where);
  checkKeywordsAtLoad(play, where);
  if (play.hosts === undefined || play.hosts === null) throw new UserInputError("play has no 'hosts'", where, "a host pattern, e.g. 'hosts: all'");
  const hosts = Array.isArray(play.hosts)
    ? play.hosts.map((h) => expectString(h, at('hosts'), 'hosts')).join(':')
    : expectString(play.hosts, at('hosts'), 'hosts');
  const name = play.name === undefined ? hosts : expectString(play.name, at('name'), 'play name');

  const varsFromFiles = expectList(typeof play.vars_files === 'string' ? [play.vars_files] : play.vars_files, at('vars_files'), 'vars_files').map((f, i) => {
    const fileName = expectString(f, whereOf(play.vars_files, i, at('vars_files')), 'vars_files entry');
    if (fileName.includes('{{')) throw new UserInputError('templated vars_files names are not supported', at('vars_files'), 'a static path');
    const full = isAbsolute(fileName) ? fileName : resolve(baseDir, fileName);
    // As in Ansible, a vars file may also be a list of mappings, merged in order.
    return expectVars(loadYamlFile(full), { file: full, line: 1, col: 1 }, `vars file ${full}`);
  });

  const playTags = [...new Set([...stringList(play.tags, at('tags'), 'tags'), ...imported.tags])];
  const inherited: Inherited = {
    ...NOTHING_INHERITED,
    when: imported.when,
    tags: playTags,
    ...(play.throttle !== undefined ? { throttle: play.throttle } : {}),
  };
  // As in Ansible, the import's vars are the play's, above its own vars.
  const vars = { ...expectVars(play.vars, at('vars'), 'vars'), ...imported.vars };
  const loadVars = playLoadTimeVars(dirname(topPlaybook), [vars, ...varsFromFiles], options.extraVars ?? {});

  const roles: RoleContext[] = [];
  const handlers: TaskDef[] = [];
  const roleTasks: TaskNode[] = [];
  const loader: RoleLoaderOptions = {
    registry: options.registry,
    searchPaths: roleSearchPaths(baseDir, options.rolesPath ?? [], join(projectRoot(), 'roles')),
    playbookDir: baseDir,
    loadVars,
    instances: new Map(),
    expose: (loaded) => {
      roles.push(loaded.role);
      handlers.push(...loaded.handlers);
    },
  };
  const taskCtx: TaskLoadContext = {
    registry: options.registry,
    file: where.file,
    baseDir,
    playbookDir: baseDir,
    loadVars,
    inherited,
    importStack: [where.file],
    loadRole: (roleName, roleWhere, o) => loadRole(roleName, roleWhere, o, loader),
    exposeRole: loader.expose,
  };

  const roleEntries = expectList(play.roles, at('roles'), 'roles');
  roleEntries.forEach((entry, i) => {
    const entryWhere = whereOf(roleEntries, i, at('roles'));
    const { roleName: written, params, keywords } = parseRoleEntry(entry, entryWhere);
    const roleName = renderNameAtLoad(written, loadVars, undefined, entryWhere, 'role name');
    const own: OwnKeywords = {
      when: keywords.when === undefined ? [] : Array.isArray(keywords.when) ? keywords.when : [keywords.when],
      tags: stringList(keywords.tags, entryWhere, 'tags'),
      vars: {},
      become: keywords.become,
      becomeUser: keywords.become_user,
      ignoreErrors: keywords.ignore_errors,
      checkMode: keywords.check_mode,
      diff: keywords.diff,
      noLog: keywords.no_log,
      environment: keywords.environment,
    };
    const use = entryUse(keywords, entryWhere);
    for (const loaded of loadRole(roleName, entryWhere, { params, use, inherited: inheritKeywords(inherited, own), importStack: [where.file] }, loader)) {
      roles.push(loaded.role);
      handlers.push(...loaded.handlers);
      roleTasks.push(...loaded.tasks);
    }
  });

  const section = (key: 'pre_tasks' | 'tasks' | 'post_tasks'): TaskNode[] => loadTaskList(play[key], taskCtx, key, at(key));
  const playHandlers = loadTaskList(play.handlers, { ...taskCtx, inherited: NOTHING_INHERITED, inHandlers: true }, 'handlers', at('handlers'));
  for (const h of playHandlers) {
    if (h.kind !== 'task') throw new UserInputError('a handler cannot be a block', h.where, 'a task');
    handlers.push(h);
  }

  // Templated order/serial are rendered when the play starts (run/play-batching.ts).
  const serial = isTemplated(play.serial) ? { templated: play.serial } : toSerial(play.serial, at('serial'));
  let maxFailPercentage: number | undefined;
  if (play.max_fail_percentage !== undefined) {
    const v = Number(play.max_fail_percentage);
    if (!Number.isFinite(v) || v < 0 || v > 100)
      throw new UserInputError('max_fail_percentage is out of range', at('max_fail_percentage'), 'a number from 0 to 100');
    maxFailPercentage = v;
  }
  const gather = play.gather_facts;
  if (gather !== undefined && typeof gather !== 'boolean') throw new UserInputError('gather_facts must be a boolean', at('gather_facts'), 'true or false');
  const anyErrorsFatal = play.any_errors_fatal;
  if (anyErrorsFatal !== undefined && typeof anyErrorsFatal !== 'boolean')
    throw new UserInputError('any_errors_fatal must be a boolean', at('any_errors_fatal'), 'true or false');

  const order = isTemplated(play.order) ? { templated: play.order } : toHostOrder(play.order, at('order'));

  return {
    name,
    hosts,
    order,
    varsPrompt: loadVarsPrompt(play.vars_prompt, at('vars_prompt')),
    ...(play.force_handlers !== undefined ? { forceHandlers: staticKeyword<boolean>(play, 'force_handlers', where)! } : {}),
    vars,
    varsFromFiles,
    become: play.become,
    becomeUser: play.become_user,
    ...(play.connection !== undefined ? { connection: play.connection } : {}),
    ...(play.remote_user !== undefined ? { remoteUser: play.remote_user } : {}),
    ...(play.environment !== undefined ? { environment: play.environment } : {}),
    gatherFacts: gather === undefined ? true : gather,
    ...(imported.when.length > 0 ? { gatherWhen: imported.when } : {}),
    ...(play.gather_subset !== undefined ? { gatherSubset: play.gather_subset } : {}),
    ...(play.gather_timeout !== undefined ? { gatherTimeout: play.gather_timeout } : {}),
    serial,
    ...(maxFailPercentage !== undefined ? { maxFailPercentage } : {}),
    anyErrorsFatal: anyErrorsFatal === true,
    checkMode: play.check_mode,
    tags: playTags,
    sections: [
      { name: 'pre_tasks', tasks: section('pre_tasks') },
      { name: 'roles', tasks: roleTasks },
      { name: 'tasks', tasks: section('tasks') },
      { name: 'post_tasks', tasks: section('post_tasks') },
    ],
    handlers,
    roles,
    where,
    baseDir,
  };
}

const VARS_PROMPT_KEYS = new Set(['name', 'prompt', 'default', 'private', 'confirm', 'encrypt', 'salt_size', 'salt', 'unsafe']);

/** `vars_prompt:` entries: a name, the question, a default, and whether the answer is echoed. */
function loadVarsPrompt(value: unknown, where: SourceLocation): VarsPrompt[] {
  return expectList(value, where, 'vars_prompt').map((entry, i) => {
    const entryWhere = whereOf(value, i, where);
    const prompt = expectMapping(entry, entryWhere, 'a vars_prompt entry');
    for (const key of Object.keys(prompt)) {
      if (!VARS_PROMPT_KEYS.has(key))
        throw new UserInputError(`unknown key '${key}' in vars_prompt`, whereOf(prompt, key, entryWhere), [...VARS_PROMPT_KEYS].join(', '));
    }
    if (prompt.encrypt !== undefined || prompt.confirm !== undefined)
      throw new UserInputError("vars_prompt 'encrypt' and 'confirm' are not supported", entryWhere, 'name, prompt, default, private');
    const name = expectString(prompt.name, whereOf(prompt, 'name', entryWhere), 'vars_prompt name');
    return {
      name,
      prompt: prompt.prompt === undefined ? name : expectString(prompt.prompt, whereOf(prompt, 'prompt', entryWhere), 'vars_prompt prompt'),
      ...(prompt.default !== undefined ? { default: prompt.default } : {}),
      private: staticKeyword<boolean>(prompt, 'private', entryWhere) ?? true,
    };
  });
}
