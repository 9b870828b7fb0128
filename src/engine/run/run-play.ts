// The linear strategy (Ansible's default): each task runs on every host of the batch (up to
// --forks at once) before the next task starts. Failed hosts leave the play; blocks rescue
// them; handlers run when flushed, only on hosts that notified them.
import { formatLocation } from '../../errors.js';
import { hostFactsFact } from '../../facts/host-facts.js';
import type { BlockDef, PlayDef, TaskDef, TaskNode } from '../playbook/model.js';
import { mapWithLimit } from '../../util/limit.js';
import type { HostTaskResult, TaskInfo } from './events.js';
import { errorResult, executeTaskOnHost, type TaskOutcome } from './execute-task.js';
import { countOutcome, recordOutcome } from './record-outcome.js';
import { hostRuntime, type PlayRun, type RunContext } from './run-context.js';
import { passedStartAt, selectedByTags } from './select-tasks.js';
import { serialBatches } from './serial.js';
import { evaluateCondition } from '../templating/index.js';
import { scopeFor } from './task-vars.js';
import { resolveConnection } from './resolve-task.js';

export type PlayEnd = 'completed' | 'stop-run';

export function taskInfo(task: TaskDef, isHandler = false): TaskInfo {
  const name = task.name ?? task.moduleAs;
  return {
    name: task.role ? `${task.role.name} : ${name}` : name,
    module: task.module,
    path: formatLocation(task.where),
    ...(task.role ? { role: task.role.name } : {}),
    isHandler,
  };
}

/**
 * The hosts a play runs on: its pattern, narrowed by --limit, without hosts that already left the
 * run. (A pattern that matches nothing was warned about when the project was loaded.)
 */
export function playHosts(run: RunContext, play: PlayDef): string[] {
  let hosts = run.inventory.selectHosts(play.hosts).hosts;
  if (run.options.limit) {
    const limited = new Set(run.inventory.selectHosts(run.options.limit).hosts);
    hosts = hosts.filter((h) => limited.has(h));
  }
  return hosts.filter((h) => !hostRuntime(run, h).failed && !hostRuntime(run, h).unreachable);
}

export async function runPlay(run: RunContext, play: PlayDef): Promise<PlayEnd> {
  const hosts = playHosts(run, play);
  if (hosts.length === 0) {
    run.events.playNoHosts?.({ name: play.name, pattern: play.hosts });
    return 'completed';
  }
  run.events.playStart?.({ name: play.name, hosts });
  for (const host of hosts) hostRuntime(run, host).ended = false;
  let end: PlayEnd = 'completed';
  for (const batch of serialBatches(hosts, play.serial)) {
    const playRun: PlayRun = { play, hosts, batch };
    const runner = new PlayRunner(run, playRun);
    end = await runner.runBatch();
    if (end === 'stop-run' || run.interrupted) break;
  }
  run.events.playEnd?.({ name: play.name });
  return end;
}

class PlayRunner {
  private aborted = false;

  constructor(
    private readonly run: RunContext,
    private readonly playRun: PlayRun,
  ) {}

  async runBatch(): Promise<PlayEnd> {
    const { play } = this.playRun;
    if (play.gatherFacts && selectedByTags(['always'], this.run.options.tags, this.run.options.skipTags)) await this.gatherFacts();
    for (const section of play.sections) {
      if (this.stopped()) break;
      await this.runNodes(section.tasks, this.playRun.batch);
      if (section.name !== 'roles') await this.flushHandlers();
    }
    if (this.aborted) return 'stop-run';
    // Ansible stops the playbook when no host of the batch is left.
    return this.playRun.batch.every((h) => !hostRuntime(this.run, h).active && !hostRuntime(this.run, h).ended) ? 'stop-run' : 'completed';
  }

  private stopped(): boolean {
    return this.aborted || this.run.interrupted;
  }

  private active(hosts: string[]): string[] {
    return hosts.filter((h) => hostRuntime(this.run, h).active);
  }

  private async runNodes(nodes: TaskNode[], hosts: string[]): Promise<void> {
    for (const node of nodes) {
      if (this.stopped()) return;
      const active = this.active(hosts);
      if (active.length === 0) return;
      if (node.kind === 'block') await this.runBlock(node, active);
      else if (node.module === 'meta') await this.runMeta(node, active);
      else await this.runTask(node, active, false);
    }
  }

  private async runBlock(block: BlockDef, hosts: string[]): Promise<void> {
    await this.runNodes(block.block, hosts);
    const failedInBlock = hosts.filter((h) => hostRuntime(this.run, h).failed && !hostRuntime(this.run, h).unreachable);
    if (block.rescue.length > 0 && failedInBlock.length > 0 && !this.stopped()) {
      for (const h of failedInBlock) {
        hostRuntime(this.run, h).failed = false;
        const stats = this.run.stats.of(h);
        stats.failed = Math.max(0, stats.failed - 1);
        stats.rescued++;
      }
      await this.runNodes(block.rescue, failedInBlock);
    }
    if (block.always.length > 0 && !this.stopped()) {
      // always runs on hosts that failed in the block too; they stay failed afterwards.
      const stillFailed = hosts.filter((h) => hostRuntime(this.run, h).failed && !hostRuntime(this.run, h).unreachable);
      for (const h of stillFailed) hostRuntime(this.run, h).failed = false;
      await this.runNodes(
        block.always,
        hosts.filter((h) => !hostRuntime(this.run, h).unreachable),
      );
      for (const h of stillFailed) hostRuntime(this.run, h).failed = true;
    }
  }

  private async runTask(task: TaskDef, hosts: string[], isHandler: boolean): Promise<void> {
    const info = taskInfo(task, isHandler);
    const { options } = this.run;
    if (!isHandler && !selectedByTags(task.tags, options.tags, options.skipTags)) return;
    if (!isHandler && !passedStartAt(this.run, task, info.name)) return;
    this.run.events.taskStart?.(info, hosts);
    const runOnce =
      task.runOnce !== undefined &&
      evaluateCondition(task.runOnce, scopeFor(this.run, this.playRun, hosts[0]!, task).view(), { where: task.where, context: 'run_once' });
    if (runOnce) {
      // As in Ansible: the result is every host's (registered, counted, failing the same hosts),
      // but it is shown once, for the host that ran it.
      const outcome = await this.execute(task, hosts[0]!, info);
      for (const host of hosts) this.record(task, info, { ...outcome, host }, host === hosts[0]);
    } else {
      await mapWithLimit(hosts, this.run.options.forks, async (host) => this.record(task, info, await this.execute(task, host, info)));
    }
    this.run.events.taskEnd?.(info);
    this.checkFailureLimits(task.anyErrorsFatal !== undefined && task.anyErrorsFatal !== false, hosts);
  }

  private async execute(task: TaskDef, host: string, info: TaskInfo): Promise<TaskOutcome> {
    try {
      return await executeTaskOnHost(this.run, this.playRun, task, host, info);
    } catch (err) {
      const result = errorResult(err);
      return { host, status: result.unreachable ? 'unreachable' : 'failed', result, registered: result, ignored: false, durationMs: 0 };
    }
  }

  private record(task: TaskDef, info: TaskInfo, outcome: TaskOutcome, show = true): void {
    recordOutcome(this.run, task, outcome.host, outcome);
    if (show) this.run.events.hostResult?.(info, outcome);
  }

  /** any_errors_fatal (the play's, or the task's when `taskFatal`) and max_fail_percentage. */
  private checkFailureLimits(taskFatal: boolean, hosts: string[]): void {
    const { play, batch } = this.playRun;
    const failedNow = hosts.filter((h) => hostRuntime(this.run, h).failed);
    if (failedNow.length === 0) return;
    const fatal = play.anyErrorsFatal || taskFatal;
    if (fatal) {
      this.run.events.warning?.(`any_errors_fatal: stopping the play after a failure on ${failedNow.join(', ')}`);
      this.aborted = true;
      return;
    }
    if (play.maxFailPercentage !== undefined) {
      const failed = batch.filter((h) => hostRuntime(this.run, h).failed || hostRuntime(this.run, h).unreachable).length;
      if ((failed / batch.length) * 100 > play.maxFailPercentage) {
        this.run.events.warning?.(`max_fail_percentage ${play.maxFailPercentage}% exceeded (${failed} of ${batch.length} hosts failed): stopping`);
        this.aborted = true;
      }
    }
  }

  private async runMeta(task: TaskDef, hosts: string[]): Promise<void> {
    const action = String(task.args.action);
    switch (action) {
      case 'flush_handlers':
        await this.flushHandlers();
        return;
      case 'end_play':
        for (const h of this.playRun.batch) hostRuntime(this.run, h).ended = true;
        return;
      case 'end_host':
        for (const h of hosts) {
          const vars = scopeFor(this.run, this.playRun, h, task).view();
          if (task.when.every((c) => evaluateCondition(c, vars, { where: task.where, context: 'meta when' }))) hostRuntime(this.run, h).ended = true;
        }
        return;
      case 'clear_facts':
        for (const h of hosts) hostRuntime(this.run, h).facts = {};
        return;
      default:
        return;
    }
  }

  /** Run notified handlers, in the order they are defined, each once per notifying host. */
  async flushHandlers(): Promise<void> {
    if (this.run.interrupted) return;
    const consumed = new Set<string>();
    for (const handler of this.playRun.play.handlers) {
      if (this.stopped()) return;
      const names = [handler.name ?? '', ...handler.listen].filter(Boolean);
      const hosts = this.active(this.playRun.batch).filter((h) => names.some((n) => hostRuntime(this.run, h).notified.has(n)));
      names.forEach((n) => consumed.add(n));
      if (hosts.length === 0) continue;
      for (const h of hosts) for (const n of names) hostRuntime(this.run, h).notified.delete(n);
      await this.runTask(handler, hosts, true);
    }
    for (const h of this.playRun.batch) for (const n of consumed) hostRuntime(this.run, h).notified.delete(n);
  }

  private async gatherFacts(): Promise<void> {
    const info: TaskInfo = { name: 'Gathering Facts', module: 'setup', path: formatLocation(this.playRun.play.where), isHandler: false };
    const hosts = this.active(this.playRun.batch);
    if (hosts.length === 0) return;
    this.run.events.taskStart?.(info, hosts);
    await mapWithLimit(hosts, this.run.options.forks, async (host) => {
      const started = Date.now();
      const runtime = hostRuntime(this.run, host);
      let outcome: HostTaskResult;
      try {
        const vars = scopeFor(this.run, this.playRun, host).view();
        const connection = await this.run.connections.get(resolveConnection(this.run, this.playRun.play, host, vars));
        const facts = await runtime.readFact(connection, hostFactsFact, undefined, undefined);
        runtime.facts = { ...facts };
        outcome = { host, status: 'ok', result: { changed: false, failed: false }, ignored: false, durationMs: Date.now() - started };
      } catch (err) {
        const result = errorResult(err);
        outcome = { host, status: result.unreachable ? 'unreachable' : 'failed', result, ignored: false, durationMs: Date.now() - started };
      }
      countOutcome(this.run, host, outcome);
      this.run.events.hostResult?.(info, outcome);
    });
    this.run.events.taskEnd?.(info);
    this.checkFailureLimits(false, hosts);
  }
}
