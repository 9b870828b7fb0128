// What a loaded playbook is, after YAML parsing, keyword checks, role expansion and imports.
// Nothing here is templated yet: templates are rendered per host at run time.
import type { OptionSpecs } from '../../argspec/declaration.js';
import type { SourceLocation } from '../../errors.js';
import type { HostOrder } from './keywords.js';
import type { SerialSize } from './play-batching.js';
import type { RoleInstance } from './role-instances.js';

/** A keyword value that holds a template, kept as written until the run renders it. */
export interface TemplatedKeyword {
  templated: unknown;
}

/** Where a task's files and templates are looked up, and which role variables apply. */
export interface RoleContext {
  name: string;
  /** Absolute path of the role folder. */
  path: string;
  /** defaults/main.yaml (lowest precedence). */
  defaults: Record<string, unknown>;
  /** vars/main.yaml (above play vars). */
  vars: Record<string, unknown>;
  /** Parameters given where the role is used (`- role: x, foo: 1`), at task-vars precedence. */
  params: Record<string, unknown>;
  /** What Ansible's run-once-per-play rule counts this use of the role as (shared by equal uses). */
  instance?: RoleInstance;
  /** Schema of the role's variables (meta/argument_specs.yaml), if it declares one. */
  argumentSpecs?: ArgumentSpecs;
  argumentSpecsFile?: string;
  /** Ansible's rules across a role's variables (argument_specs.main.required_one_of, ...), and where they are written. */
  argumentRules?: ArgumentRules;
}

/** The cross-variable rules a role's argument spec may state, as modules state them for their arguments. */
export interface ArgumentRules {
  required_one_of?: string[][];
  mutually_exclusive?: string[][];
  where: SourceLocation;
}

/** Ansible's meta/argument_specs.yml options: the same language modules declare their arguments in. */
export type ArgumentSpecs = OptionSpecs;

/** Keywords shared by tasks and blocks (Ansible's Base/Conditional/Taggable). */
export interface CommonKeywords {
  name?: string;
  /** Every condition that applies: inherited from blocks, imports and roles, then the task's own. */
  when: unknown[];
  /** Own tags plus every enclosing block's, role's and play's (Ansible inherits tags). */
  tags: string[];
  /** The tags of each enclosing include_tasks/include_role, outermost first: each must be selected too. */
  includeTags: string[][];
  become?: unknown;
  becomeUser?: unknown;
  /** Its own `vars:` (task vars precedence; for a block, what it gives its tasks). */
  vars: Record<string, unknown>;
  /** `vars:` of every enclosing block and import, outermost first: each its own layer, as loaded (so it keeps its file:line). */
  blockVars: Record<string, unknown>[];
  /** Of every enclosing include_tasks/`include`: its vars, parameters and loop variable (above set_fact, as in Ansible). */
  includeParams: Record<string, unknown>[];
  ignoreErrors?: unknown;
  checkMode?: unknown;
  diff?: unknown;
  noLog?: unknown;
  runOnce?: unknown;
  /** Run the task's module on this host instead (its connection variables), for the task's host. */
  delegateTo?: unknown;
  /** With delegate_to: the facts the task sets go to the delegated host, not the task's host. */
  delegateFacts?: unknown;
  environment?: unknown;
  anyErrorsFatal?: unknown;
  /** At most this many hosts run the task at once (below --forks). */
  throttle?: unknown;
  /** Handlers notified by a changed task; a block's apply to its tasks that name none. */
  notify?: string[];
}

/** On the last task or block of a role's tasks. */
export interface RoleEnd {
  /** The role uses whose tasks end here: a host that ran one of their tasks has run the role once it passes here. */
  endsRoles?: RoleInstance[];
}

export interface TaskDef extends CommonKeywords, RoleEnd {
  kind: 'task';
  /** Canonical module name (registry resolved aliases). */
  module: string;
  /** The name the user wrote (e.g. ansible.builtin.copy), for messages. */
  moduleAs: string;
  /** Raw arguments, not templated. */
  args: Record<string, unknown>;
  register?: string;
  loop?: unknown;
  loopVar: string;
  loopLabel?: unknown;
  /** loop_control.pause: seconds to wait between items (a template is rendered per host). */
  loopPause?: unknown;
  /** loop_control.index_var: the variable holding the item's position (0, 1, ...). */
  loopIndexVar?: string;
  /** loop_control.extended: each item gets ansible_loop; allItems: with ansible_loop.allitems (extended_allitems). */
  loopExtended?: { allItems: boolean };
  notify: string[];
  changedWhen?: unknown;
  failedWhen?: unknown;
  until?: unknown;
  retries?: unknown;
  delay?: unknown;
  /** Run in the background on the host for at most this many seconds (`async:`). */
  async?: unknown;
  /** Seconds between status checks of an async task; 0: do not wait for it (fire and forget). */
  poll?: unknown;
  /** For handlers: extra topics they listen to. */
  listen: string[];
  where: SourceLocation;
  role?: RoleContext;
  /** Folder the task file lives in (for files/templates lookup outside roles). */
  baseDir: string;
  /** include_tasks/include_role (and a dynamic `include`): what it includes is read at run time. */
  include?: DynamicInclude;
}

/** What a dynamic include brings in for one host and loop item. */
export interface IncludedContent {
  tasks: TaskNode[];
  handlers: TaskDef[];
  /** The roles include_role loaded (dependencies first), for `public:`. */
  roles: RoleContext[];
}

/**
 * A dynamic include (Ansible's include_tasks/include_role): a task of its own, run per host and
 * loop item; only when it runs are its arguments templated and its file or role read.
 */
export interface DynamicInclude {
  kind: 'tasks' | 'role';
  /** Reads what the templated arguments name; the item's variables are given to every included task. */
  load(args: Record<string, unknown>, itemVars: Record<string, unknown>): IncludedContent;
  /** With a name that is not a template: what it includes, read at load time (absent when that failed; the run reports it). */
  preloaded?: IncludedContent;
}

/** A role as loaded: its context, tasks and handlers. */
export interface LoadedRole {
  role: RoleContext;
  tasks: TaskNode[];
  handlers: TaskDef[];
}

export interface BlockDef extends CommonKeywords, RoleEnd {
  kind: 'block';
  block: TaskNode[];
  rescue: TaskNode[];
  always: TaskNode[];
  where: SourceLocation;
  role?: RoleContext;
}

export type TaskNode = TaskDef | BlockDef;

/** One `vars_prompt:` entry. */
export interface VarsPrompt {
  name: string;
  prompt: string;
  default?: unknown;
  /** Not echoed (Ansible's default). */
  private: boolean;
}

export interface PlayDef {
  name: string;
  hosts: string;
  /** Order of the play's hosts (`order:`); a template string is rendered when the play starts. */
  order: HostOrder | TemplatedKeyword;
  varsPrompt: VarsPrompt[];
  /** Notified handlers run on hosts that failed too (`force_handlers:`, or --force-handlers). */
  forceHandlers?: boolean;
  vars: Record<string, unknown>;
  /** vars_files, already loaded in order (later wins). */
  varsFromFiles: Record<string, unknown>[];
  become?: unknown;
  becomeUser?: unknown;
  /** The `connection` and `remote_user` keywords: connection variables win over them. */
  connection?: unknown;
  remoteUser?: unknown;
  /** The play's `environment` as written: below every block's, role's and task's own. */
  environment?: unknown;
  gatherFacts: boolean;
  /** Conditions of the fact gathering (an import_playbook's `when`): hosts where they fail skip it. */
  gatherWhen?: unknown[];
  /** gather_subset and gather_timeout as written (templates allowed). */
  gatherSubset?: unknown;
  gatherTimeout?: unknown;
  /** Batch sizes: numbers or "30%" strings, as written; or a template rendered when the play starts. */
  serial: SerialSize[] | TemplatedKeyword;
  maxFailPercentage?: number;
  anyErrorsFatal: boolean;
  checkMode?: unknown;
  tags: string[];
  /** pre_tasks, role tasks, tasks, post_tasks in Ansible's order (handlers flushed between sections). */
  sections: Array<{ name: 'pre_tasks' | 'roles' | 'tasks' | 'post_tasks'; tasks: TaskNode[] }>;
  handlers: TaskDef[];
  roles: RoleContext[];
  where: SourceLocation;
  /** Folder of the playbook file. */
  baseDir: string;
}

export interface Playbook {
  file: string;
  baseDir: string;
  plays: PlayDef[];
}
