// What the whole run shares: options from the command line, the inventory, the module
// registry, the per-host runtimes, the connection pool, counters and the reporter. The run owns
// its connections: each task asks for the one its own variables describe (resolve-task.ts).
import type { Connection, ConnectionSpec } from '../../connection/types.js';
import { ConnectionPool } from '../../connection/pool.js';
import type { ConnectionOverrides } from '../connection-specs.js';
import type { Inventory } from '../inventory/index.js';
import type { ModuleRegistry } from '../../modules/registry.js';
import type { RunEvents } from './events.js';
import { RunStats } from './stats.js';
import { HostRuntime } from './host-runtime.js';
import type { AsyncJobs } from './async-jobs.js';
import type { PlayDef, RoleContext, TaskDef, VarsPrompt } from '../playbook/model.js';

export interface RunOptions {
  check: boolean;
  diff: boolean;
  limit?: string;
  tags: string[];
  skipTags: string[];
  extraVars: Record<string, unknown>;
  forks: number;
  become: boolean;
  becomeUser?: string;
  becomePassword?: string;
  /** -u: the login user, overriding ansible_user (decides whether become needs sudo at all). */
  remoteUser?: string;
  verbosity: number;
  startAtTask?: string;
  /** --force-handlers: notified handlers run on hosts that failed too. */
  forceHandlers?: boolean;
  /** A notify naming no handler fails the run (Ansible's error_on_missing_handler; default true), else warns. */
  errorOnMissingHandler?: boolean;
}

/** How the run opens connections: command-line overrides, and the prompts and factory to use. */
export interface ConnectSettings {
  overrides: ConnectionOverrides;
  /** Asked once per passphrase-protected private key. */
  askPassphrase?: (keyPath: string) => Promise<string>;
  /** Makes a connection (default: ssh or local, from the spec). */
  create?: (spec: ConnectionSpec) => Connection;
}

export interface RunContext {
  options: RunOptions;
  inventory: Inventory;
  registry: ModuleRegistry;
  events: RunEvents;
  stats: RunStats;
  connections: ConnectionPool;
  /** -u, --private-key, --timeout and the host key setting from the environment. */
  connectionOverrides: ConnectionOverrides;
  hosts: Map<string, HostRuntime>;
  /** Background jobs started by async tasks, by jid (async_status reads them). */
  asyncJobs: AsyncJobs;
  playbookDir: string;
  /** Set on Ctrl-C: finish what runs, start nothing new, run no handlers. */
  interrupted: boolean;
  /** --start-at-task: still looking for the task to start at. */
  waitingForStartTask: boolean;
  /** meta: refresh_inventory reads the inventory sources again (absent: nothing to re-read). */
  reloadInventory?: () => Inventory;
  /** What add_host and group_by added, in order: a refreshed inventory keeps it, as in Ansible. */
  inventoryAdditions: InventoryAddition[];
  /** Asks a play's vars_prompt question; undefined when there is no one to ask (not a terminal). */
  prompt?: (question: VarsPrompt) => Promise<string | undefined>;
}

/** One add_host (a new host) or group_by (a host put in a group) change to the inventory. */
export interface InventoryAddition {
  newHost: boolean;
  args: Parameters<Inventory['addAtRuntime']>;
}

export interface PlayRun {
  play: PlayDef;
  /** Every host the play targets (after --limit), failed ones included: ansible_play_hosts_all. */
  targets: string[];
  /** The hosts the play runs on (those that had not failed or been unreachable before it). */
  hosts: string[];
  /** The current serial batch. */
  batch: string[];
  /** Answers to the play's vars_prompt (play vars precedence). */
  promptVars: Record<string, unknown>;
  /** Handlers of roles brought in by include_role, by where they are written (each once). */
  includedHandlers?: Map<string, TaskDef>;
  /** Roles included with `public: true`: their variables are the play's from then on. */
  publicRoles?: RoleContext[];
}

export function hostRuntime(run: RunContext, name: string): HostRuntime {
  let h = run.hosts.get(name);
  if (!h) {
    h = new HostRuntime(name);
    run.hosts.set(name, h);
  }
  return h;
}

export type RunContextInit = Pick<RunContext, 'options' | 'inventory' | 'registry' | 'events' | 'playbookDir'> &
  Partial<Pick<RunContext, 'reloadInventory' | 'prompt'>> & { connect?: ConnectSettings };

export function newRunContext(init: RunContextInit): RunContext {
  const { connect, ...rest } = init;
  const connectOptions = connect?.askPassphrase ? { askPassphrase: connect.askPassphrase } : {};
  return {
    ...rest,
    connections: new ConnectionPool(connect?.create, connectOptions),
    connectionOverrides: connect?.overrides ?? {},
    stats: new RunStats(),
    hosts: new Map(),
    asyncJobs: new Map(),
    inventoryAdditions: [],
    interrupted: false,
    waitingForStartTask: init.options.startAtTask !== undefined,
  };
}
