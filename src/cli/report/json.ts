// --output json: one JSON document on stdout at the end (plays, tasks, per-host results,
// stats); nothing else goes to stdout.
import type { RunEvents, TaskInfo, HostTaskResult } from '../../engine/run/events.js';
import type { HostStats } from '../../engine/run/stats.js';

interface JsonTask {
  task: TaskInfo;
  hosts: Record<string, Omit<HostTaskResult, 'host'>>;
}

interface JsonPlay {
  play: { name: string; hosts: string[] };
  tasks: JsonTask[];
}

export interface JsonReport {
  plays: JsonPlay[];
  stats: Record<string, HostStats>;
  warnings: string[];
  wall_seconds: number;
  outcome?: string;
}

export function createJsonReporter(): { events: RunEvents; report: JsonReport } {
  const report: JsonReport = { plays: [], stats: {}, warnings: [], wall_seconds: 0 };
  let currentPlay: JsonPlay | undefined;
  let currentTask: JsonTask | undefined;
  const events: RunEvents = {
    playStart: (play) => {
      currentPlay = { play: { name: play.name, hosts: play.hosts }, tasks: [] };
      report.plays.push(currentPlay);
    },
    playNoHosts: (play) => report.plays.push({ play: { name: play.name, hosts: [] }, tasks: [] }),
    taskStart: (task) => {
      currentTask = { task, hosts: {} };
      currentPlay?.tasks.push(currentTask);
    },
    hostResult: (_task, r) => {
      if (!currentTask) return;
      // Only the reported fields: the engine's outcome also carries the uncensored registered
      // result, which must never reach the output (no_log).
      currentTask.hosts[r.host] = {
        status: r.status,
        result: r.result,
        ignored: r.ignored,
        durationMs: r.durationMs,
        ...(r.item !== undefined ? { item: r.item } : {}),
        ...(r.delegatedTo !== undefined ? { delegatedTo: r.delegatedTo } : {}),
      };
    },
    warning: (m) => report.warnings.push(m),
    recap: (stats, wallMs) => {
      report.stats = Object.fromEntries([...stats.entries()].sort(([a], [b]) => a.localeCompare(b)));
      report.wall_seconds = wallMs / 1000;
    },
  };
  return { events, report };
}
