// Builds the variables a task sees on a host, layer by layer in Ansible's precedence order
// (docs/variables.md): role defaults < inventory < facts < play vars < vars_files < role vars
// < block/task vars < role params < set_fact/register < extra vars. Magic variables
// (inventory_hostname, groups, hostvars, ...) sit at the bottom: they are data, not settings.
import { VariableScope } from '../variables/index.js';
import { OMIT } from '../templating/index.js';
import type { PlayDef, RoleContext } from '../playbook/model.js';
import type { PlayRun, RunContext } from './run-context.js';
import { hostRuntime } from './run-context.js';
import { packageVersion } from '../../util/project-root.js';
import { IMPLICIT_LOCALHOST_NAMES } from '../inventory/patterns.js';

import type { Layer } from '../variables/index.js';

/** The scope for `host` running `task` (or, without a task, play-level vars: hostvars, facts). */
/** The parts of a task (or block) that decide its variables. */
export interface TaskVarsSource {
  role?: RoleContext;
  /** Folder of the file the task is written in. */
  baseDir?: string;
  vars: Record<string, unknown>;
  blockVars?: Record<string, unknown>[];
  includeParams?: Record<string, unknown>[];
}

export function scopeFor(run: RunContext, playRun: PlayRun | undefined, hostName: string, task?: TaskVarsSource): VariableScope {
  const host = hostRuntime(run, hostName);
  const play = playRun?.play;
  // Every source keeps a layer of its own (sources are not merged into one mapping): a lazily
  // rendered value that fails can then be reported at the file and line that defined it. Only
  // the facts layer is a new object per scope (the facts, plus ansible_facts holding them).
  const roles = [...(play?.roles ?? []), ...(playRun?.publicRoles ?? [])];
  if (task?.role) roles.push(task.role); // Ansible exports every role's defaults/vars to the play; the task's own role wins
  const layers: Layer[] = [
    { name: 'magic', vars: magicVariables(run, playRun, hostName, task) },
    ...roles.map((r) => ({ name: 'role_defaults' as const, vars: r.defaults })),
    ...run.inventory.varsLayersFor(hostName).map((l) => ({ name: 'inventory' as const, vars: l.vars })),
    { name: 'facts', vars: { ...host.facts, ansible_facts: namespacedFacts(host.facts) } },
    { name: 'play', vars: play?.vars ?? {} },
    { name: 'play', vars: playRun?.promptVars ?? {} },
    ...(play?.varsFromFiles ?? []).map((v) => ({ name: 'play' as const, vars: v })),
    ...roles.map((r) => ({ name: 'role_vars' as const, vars: r.vars })),
    ...(task?.blockVars ?? []).map((vars) => ({ name: 'block' as const, vars })),
    { name: 'task', vars: task?.vars ?? {} },
    { name: 'task', vars: task?.role?.params ?? {} },
    { name: 'include_vars', vars: host.includedVars },
    { name: 'set_fact', vars: host.setFacts },
    ...(task?.includeParams ?? []).map((vars) => ({ name: 'include_params' as const, vars })),
    { name: 'extra', vars: run.options.extraVars },
  ];
  return new VariableScope(layers);
}

/**
 * `ansible_facts` as Ansible shows it: the facts without their `ansible_` prefix
 * (ansible_facts.os_family is ansible_os_family), beside the prefixed variables themselves.
 */
export function namespacedFacts(facts: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(facts).map(([k, v]) => [k.startsWith('ansible_') ? k.slice('ansible_'.length) : k, v]));
}

/**
 * The variables play keywords (order, serial) are rendered with: the play's own and the extra
 * vars, no host's (Ansible templates these once per play, before any host is picked).
 */
export function playScope(run: RunContext, play: PlayDef): VariableScope {
  return new VariableScope([
    { name: 'magic', vars: { omit: OMIT, playbook_dir: run.playbookDir, ansible_check_mode: run.options.check, ansible_play_name: play.name } },
    ...play.roles.map((r) => ({ name: 'role_defaults' as const, vars: r.defaults })),
    { name: 'play', vars: play.vars },
    ...play.varsFromFiles.map((v) => ({ name: 'play' as const, vars: v })),
    ...play.roles.map((r) => ({ name: 'role_vars' as const, vars: r.vars })),
    { name: 'extra', vars: run.options.extraVars },
  ]);
}

function magicVariables(run: RunContext, playRun: PlayRun | undefined, hostName: string, task?: TaskVarsSource): Record<string, unknown> {
  const magic: Record<string, unknown> = {
    inventory_hostname: hostName,
    inventory_hostname_short: hostName.split('.')[0],
    group_names: run.inventory.groupNamesOf(hostName),
    groups: run.inventory.groupsMap(),
    hostvars: hostVarsMapping(run, playRun),
    // As in Ansible, hosts that failed or ended leave ansible_play_hosts and the batch (play_hosts is the batch).
    play_hosts: playRun?.batch.filter((h) => hostRuntime(run, h).active) ?? [],
    ansible_play_hosts: playRun?.targets.filter((h) => hostRuntime(run, h).active) ?? [],
    ansible_play_hosts_all: playRun?.targets ?? [],
    ansible_play_batch: playRun?.batch.filter((h) => hostRuntime(run, h).active) ?? [],
    ansible_play_name: playRun?.play.name,
    ansible_check_mode: run.options.check,
    ansible_diff_mode: run.options.diff,
    ansible_verbosity: run.options.verbosity,
    // --tags and --skip-tags as given (Ansible: ['all'] when no --tags, [] when no --skip-tags)
    ansible_run_tags: run.options.tags.length > 0 ? [...new Set(run.options.tags)] : ['all'],
    ansible_skip_tags: [...new Set(run.options.skipTags)],
    ansible_version: { full: '2.14.0', major: 2, minor: 14, revision: 0, string: '2.14.0' },
    lvsplay_version: packageVersion(),
    playbook_dir: run.playbookDir,
    inventory_dir: run.inventory.sources[0],
    omit: OMIT,
  };
  if (task?.role) {
    magic.role_path = task.role.path;
    magic.role_name = task.role.name;
  }
  // Where lookups look for relative files: the task's role, then the folder of its file (Ansible's order).
  const searchPath = [task?.role?.path, task?.baseDir].filter((d): d is string => d !== undefined);
  if (searchPath.length > 0) magic.ansible_search_path = [...new Set(searchPath)];
  return magic;
}

/** hostvars: a lazy mapping; each host's variables are computed only when read. */
function hostVarsMapping(run: RunContext, playRun: PlayRun | undefined): Record<string, unknown> {
  const cache = new Map<string, Record<string, unknown>>();
  // Ansible's implicit localhost has variables once the run used it (delegate_to: localhost)
  const known = (name: string): boolean => run.inventory.hasHost(name) || (IMPLICIT_LOCALHOST_NAMES.has(name) && run.hosts.has(name));
  return new Proxy(
    {},
    {
      get(_target, prop) {
        if (typeof prop !== 'string' || !known(prop)) return undefined;
        let v = cache.get(prop);
        if (!v) {
          v = scopeFor(run, playRun, prop).view();
          cache.set(prop, v);
        }
        return v;
      },
      has(_target, prop) {
        return typeof prop === 'string' && known(prop);
      },
      ownKeys() {
        return run.inventory.hostNames();
      },
      getOwnPropertyDescriptor(_target, prop) {
        if (typeof prop === 'string' && known(prop)) return { enumerable: true, configurable: true };
        return undefined;
      },
    },
  );
}
