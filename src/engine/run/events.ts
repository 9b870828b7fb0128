// What the run loop tells a reporter. Reporters (plain lines, listr2, JSON) live in src/cli and
// only ever see these events, so the engine works without the CLI.
import type { ModuleResult, ResultDisplay, Step } from '../../modules/types.js';
import type { ExecResult } from '../../connection/types.js';
import type { HostStats } from './stats.js';

export type TaskStatus = 'ok' | 'changed' | 'failed' | 'skipped' | 'unreachable';

export interface TaskInfo {
  /** Display name: the task's name, or "module" when it has none. */
  name: string;
  module: string;
  /** file:line:col of the task. */
  path: string;
  role?: string;
  isHandler: boolean;
}

export interface HostTaskResult {
  host: string;
  status: TaskStatus;
  /** The result as registered (censored when no_log). */
  result: ModuleResult;
  /** How the result is shown (the module says; reporters never ask which module it was). */
  display?: ResultDisplay;
  /** A failure that ignore_errors turned into a note. */
  ignored: boolean;
  /** delegate_to: the host the module ran on for this host (shown as `[host -> delegate]`). */
  delegatedTo?: string;
  /** The loop item's label, for loop iterations. */
  item?: string;
  durationMs: number;
}

export interface RunEvents {
  playStart?(play: { name: string; hosts: string[] }): void;
  playNoHosts?(play: { name: string; pattern: string }): void;
  taskStart?(task: TaskInfo, hosts: string[]): void;
  /** One loop item finished (before the task's final result). */
  itemResult?(task: TaskInfo, result: HostTaskResult): void;
  hostResult?(task: TaskInfo, result: HostTaskResult): void;
  taskEnd?(task: TaskInfo): void;
  /** -v: a command ran (or, in check mode, would run). */
  command?(host: string, step: Step, output: ExecResult | undefined): void;
  warning?(message: string): void;
  playEnd?(play: { name: string }): void;
  recap?(stats: Map<string, HostStats>, wallMs: number): void;
}
