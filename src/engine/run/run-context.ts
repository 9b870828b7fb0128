// What the whole run shares: options from the command line, the inventory, the module
// registry, the per-host runtimes, connections, counters and the reporter.
import type { Connection } from '../../connection/types.js';
import type { Inventory } from '../inventory/index.js';
import type { ModuleRegistry } from '../../modules/registry.js';
import type { RunEvents } from './events.js';
import { RunStats } from './stats.js';
import { HostRuntime } from './host-runtime.js';
import type { PlayDef } from '../playbook/model.js';

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
}

export interface ConnectionProvider {
  /** The host's open connection; rejects with HostUnreachableError. */
  get(host: string): Promise<Connection>;
  closeAll(): Promise<void>;
}

export interface RunContext {
  options: RunOptions;
  inventory: Inventory;
  registry: ModuleRegistry;
  events: RunEvents;
  stats: RunStats;
  connections: ConnectionProvider;
  hosts: Map<string, HostRuntime>;
  playbookDir: string;
  /** Set on Ctrl-C: finish what runs, start nothing new, run no handlers. */
  interrupted: boolean;
  /** --start-at-task: still looking for the task to start at. */
  waitingForStartTask: boolean;
}

export interface PlayRun {
  play: PlayDef;
  /** Every host the play targets (after --limit), for play_hosts/ansible_play_hosts. */
  hosts: string[];
  /** The current serial batch. */
  batch: string[];
}

export function hostRuntime(run: RunContext, name: string): HostRuntime {
  let h = run.hosts.get(name);
  if (!h) {
    h = new HostRuntime(name);
    run.hosts.set(name, h);
  }
  return h;
}

export function newRunContext(init: Omit<RunContext, 'stats' | 'hosts' | 'interrupted' | 'waitingForStartTask'>): RunContext {
  return { ...init, stats: new RunStats(), hosts: new Map(), interrupted: false, waitingForStartTask: init.options.startAtTask !== undefined };
}
