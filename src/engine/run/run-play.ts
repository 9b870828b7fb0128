// The linear strategy (Ansible's default): each task runs on every host of the batch (up to
// --forks at once) before the next task starts. Failed hosts leave the play; blocks rescue
// them; handlers run when flushed, only on hosts that notified them.
import { formatLocation, UserInputError } from '../../errors.js';
import { DEFAULT_GATHER_TIMEOUT, gatherHostFacts } from './gather-facts.js';
import { resolveEnvironment } from './resolve-environment.js';
import { gatherSubsetWords } from '../../facts/setup/subsets.js';
import type { BlockDef, PlayDef, TaskDef, TaskNode } from '../playbook/model.js';
import { mapWithLimit } from '../../util/limit.js';
import type { HostTaskResult, TaskInfo } from './events.js';
import { errorResult, executeTaskOnHost, type TaskOutcome } from './execute-task.js';
import { countOutcome, recordOutcome } from './record-outcome.js';
import { hostRuntime, type PlayRun, type RunContext } from './run-context.js';
import { passedStartAt, selectedByTags, taskSelected } from './select-tasks.js';
import { serialBatches } from './serial.js';
import { evaluateCondition, renderValue } from '../templating/index.js';
import { scopeFor } from './task-vars.js';
import { conditionsHold, keywordValue, resolveConnection } from './resolve-task.js';
import { askVarsPrompt } from './vars-prompt.js';
import { resolveInclude } from './run-include.js';
import { orderHosts } from './host-order.js';
import { NotifiedHandlers } from './handlers.js';
import { RoleRuns } from './role-runs.js';
import { refreshInventory } from './runtime-inventory.js';
import { failureCaught, failureRecovers, failureRescued, nextIsRescueOrAlways, type BlockFrame, type BlockSection } from './block-frames.js';
import { playHostOrder, playSerial } from './play-batching.js';

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

/** The hosts a play targets: its pattern, narrowed by --limit, in the play's order (ansible_play_hosts_all). */
function playTargets(run: RunContext, play: PlayDef): string[] {
  const selected = run.inventory.selectHosts(play.hosts);
  for (const w of selected.warnings) run.events.warning?.(w);
  let hosts = selected.hosts;
  if (run.options.limit) {
    const limited = new Set(run.inventory.selectHosts(run.options.limit).hosts);
    hosts = hosts.filter((h) => limited.has(h));
  }
  return orderHosts(hosts, playHostOrder(run, play));
}

export async function runPlay(run: RunContext, play: PlayDef): Promise<PlayEnd> {
  const targets = playTargets(run, play);
  // Hosts that failed or were unreachable in an earlier play stay out (until clear_host_errors).
  const hosts = targets.filter((h) => !hostRuntime(run, h).failed && !hostRuntime(run, h).unreachable);
  if (hosts.length === 0) {
    run.events.playNoHosts?.({ name: play.name, pattern: play.hosts });
    return 'completed';
  }
  const promptVars = await askVarsPrompt(run, play);
  run.events.playStart?.({ name: play.name, hosts });
  for (const host of hosts) hostRuntime(run, host).ended = false;
  let end: PlayEnd = 'completed';
  for (const batch of serialBatches(hosts, playSerial(run, play))) {
    const playRun: PlayRun = { play, targets, hosts, batch, promptVars, includedHandlers: new Map(), publicRoles: [] };
    const runner = new PlayRunner(run, playRun);
    end = await runner.runBatch();
    if (end === 'stop-run' || run.interrupted) break;
  }
  run.events.playEnd?.({ name: play.name });
  return end;
}

class PlayRunner {
  /** max_fail_percentage exceeded: nothing more runs. */
  private aborted = false;
  /** any_errors_fatal fired: the play goes on only for hosts in a rescue or always, and the run stops after it. */
  private breakPlay = false;
  /** The blocks being run, outermost first. */
  private readonly frames: BlockFrame[] = [];
  /** Hosts that failed for good in this play (no rescue or always left for them), or were counted so by any_errors_fatal. */
  private readonly failedHosts = new Set<string>();
  /** How often meta: clear_host_errors ran (a host failed before an always section stays failed unless it ran meanwhile). */
  private hostErrorClears = 0;
  /** Handlers are being flushed. */
  private runningHandlers = false;
  /** Which hosts have run which roles (a role runs once per play and host unless it allows duplicates). */
  private readonly roleRuns = new RoleRuns();

  /** Handlers notified in this batch, and on which hosts. */
  private readonly notified: NotifiedHandlers;

  constructor(
    private readonly run: RunContext,
    private readonly playRun: PlayRun,
  ) {
    this.notified = new NotifiedHandlers(
      () => this.allHandlers(),
      (message) => run.events.warning?.(message),
    );
  }

  /** The play's handlers (its roles' first), then those of roles included so far, as Ansible orders them. */
  private allHandlers(): TaskDef[] {
    return [...this.playRun.play.handlers, ...(this.playRun.includedHandlers?.values() ?? [])];
  }

  async runBatch(): Promise<PlayEnd> {
    const { play } = this.playRun;
    // As in Ansible, fact gathering is tagged 'always', or with the play's tags when it has some.
    const gatherTags = play.tags.length > 0 ? play.tags : ['always'];
    if (play.gatherFacts && selectedByTags(gatherTags, this.run.options.tags, this.run.options.skipTags)) await this.gatherFacts();
    for (const section of play.sections) {
      if (this.stopped()) break;
      await this.runNodes(section.tasks, this.playRun.batch);
      if (section.name !== 'roles') await this.flushHandlers();
    }
    if (this.aborted || this.breakPlay) return 'stop-run';
    // Ansible stops the playbook when no host of the batch is left.
    return this.playRun.batch.every((h) => !hostRuntime(this.run, h).active && !hostRuntime(this.run, h).ended) ? 'stop-run' : 'completed';
  }

  private stopped(): boolean {
    return this.aborted || this.run.interrupted;
  }

  /** Hosts that run the next task: the active ones; while handlers run, also those force_handlers keeps (for what a handler includes). */
  private active(hosts: string[]): string[] {
    if (this.runningHandlers) {
      const eligible = new Set(this.handlerHosts());
      return hosts.filter((h) => eligible.has(h));
    }
    return hosts.filter((h) => hostRuntime(this.run, h).active);
  }

  private async runNodes(nodes: TaskNode[], hosts: string[]): Promise<void> {
    for (const node of nodes) {
      if (this.stopped()) return;
      const active = this.active(hosts);
      if (active.length === 0) return;
      // a role that has run on a host is not run there again (handlers are exempt, as in Ansible)
      const running = this.runningHandlers ? active : active.filter((h) => !this.roleRuns.skips(node.role, h));
      if (running.length > 0) {
        if (node.kind === 'block') await this.runBlock(node, running);
        else if (node.module === 'meta') await this.runMeta(node, running);
        else if (node.include) await this.runInclude(node, running, false);
        else await this.runTask(node, running, false);
      }
      this.roleRuns.passed(node, running);
    }
  }

  private async runBlock(block: BlockDef, hosts: string[]): Promise<void> {
    const runtime = (h: string): ReturnType<typeof hostRuntime> => hostRuntime(this.run, h);
    // Hosts that failed in the block (or were failed by any_errors_fatal: those have ended) wait for its rescue and always.
    const waiting = (h: string): boolean => runtime(h).failed && !runtime(h).unreachable && !runtime(h).ended;
    await this.runSection(block, 'block', hosts, hosts);
    const failedInBlock = hosts.filter(waiting);
    if (block.rescue.length > 0 && failedInBlock.length > 0 && !this.stopped()) {
      for (const h of failedInBlock) runtime(h).failed = false;
      await this.runSection(block, 'rescue', failedInBlock, hosts);
    }
    if (block.always.length > 0 && !this.stopped()) {
      // always runs on hosts that failed in the block or rescue too; they stay failed afterwards,
      // unless meta: clear_host_errors ran meanwhile.
      const stillFailed = hosts.filter(waiting);
      for (const h of stillFailed) runtime(h).failed = false;
      const clears = this.hostErrorClears;
      await this.runSection(block, 'always', hosts, hosts);
      if (clears === this.hostErrorClears) for (const h of stillFailed) if (!runtime(h).ended) runtime(h).failed = true;
    }
  }

  private async runSection(block: BlockDef, section: BlockSection, hosts: string[], entered: string[]): Promise<void> {
    const nodes = section === 'block' ? block.block : section === 'rescue' ? block.rescue : block.always;
    if (nodes.length === 0) return;
    this.frames.push({ block, section, hosts, entered });
    try {
      await this.runNodes(nodes, hosts);
    } finally {
      this.frames.pop();
    }
  }

  private async runTask(task: TaskDef, hosts: string[], isHandler: boolean): Promise<void> {
    const info = taskInfo(task, isHandler);
    const { options } = this.run;
    if (!isHandler && !taskSelected(task, options.tags, options.skipTags)) return;
    if (!isHandler && !passedStartAt(this.run, task, info.name)) return;
    this.run.events.taskStart?.(info, hosts);
    const firstHostVars = scopeFor(this.run, this.playRun, hosts[0]!, task).view();
    const runOnce = task.runOnce !== undefined && evaluateCondition(task.runOnce, firstHostVars, { where: task.where, context: 'run_once' });
    // throttle: fewer hosts at once than --forks for this task (a task that must not run everywhere at once).
    const throttle = keywordValue('throttle', task.throttle, firstHostVars, task.where, 0);
    const limit = throttle > 0 ? Math.min(throttle, options.forks) : options.forks;
    if (this.run.registry.find(task.module)?.bypassHostLoop) {
      // add_host: once, on the first host, for that host only (Ansible's bypass_host_loop)
      this.record(task, info, await this.execute(task, hosts[0]!, info));
    } else if (runOnce) {
      // As in Ansible: the result is every host's (registered, its facts set, failing the same
      // hosts), but it is shown, counted in the recap and notifies only for the host that ran it.
      // Every active host of the batch, not only those running this part (Ansible's hosts cache):
      // a run_once task that only the first host reached (a run_once include) still sets everyone's facts.
      const outcome = await this.execute(task, hosts[0]!, info);
      const everyone = [...new Set([...hosts, ...this.active(this.playRun.batch)])];
      for (const host of everyone) this.record(task, info, { ...outcome, host }, host === hosts[0]);
    } else {
      await mapWithLimit(hosts, limit, async (host) => this.record(task, info, await this.execute(task, host, info)));
    }
    this.run.events.taskEnd?.(info);
    // As in Ansible, a failed run_once task stops the play as any_errors_fatal does.
    const fatal = runOnce || (task.anyErrorsFatal !== undefined && keywordValue('any_errors_fatal', task.anyErrorsFatal, firstHostVars, task.where, false));
    this.checkFailureLimits(fatal, hosts);
  }

  /** A dynamic include: a task of its own on each host, then what each group of hosts includes. */
  private async runInclude(task: TaskDef, hosts: string[], isHandler: boolean): Promise<void> {
    const info = taskInfo(task, isHandler);
    const { options } = this.run;
    if (!isHandler && !taskSelected(task, options.tags, options.skipTags)) return;
    this.run.events.taskStart?.(info, hosts);
    const { outcomes, runs, loadFailures, okCounts } = resolveInclude(this.run, this.playRun, task, hosts, info);
    for (const outcome of outcomes) {
      const loadFailure = loadFailures.find((f) => f.host === outcome.host);
      if (!loadFailure) {
        this.record(task, info, outcome);
        // counted once by record(); Ansible counts an include once per item it includes (include_role: never)
        if (outcome.status === 'ok') this.run.stats.of(outcome.host).ok += (okCounts.get(outcome.host) ?? 1) - 1;
      } else {
        const runtime = hostRuntime(this.run, outcome.host);
        // A file or role that cannot be included fails the host; Ansible counts it as failed, never as rescued.
        runtime.failed = true;
        if (loadFailure.counted) this.run.stats.of(outcome.host).failed++;
        this.run.events.hostResult?.(info, outcome);
      }
    }
    this.run.events.taskEnd?.(info);
    this.checkFailureLimits(task.anyErrorsFatal !== undefined && task.anyErrorsFatal !== false, hosts);
    for (const included of runs) {
      if (this.stopped()) return;
      for (const handler of included.content.handlers) this.playRun.includedHandlers?.set(formatLocation(handler.where), handler);
      await this.runNodes(included.content.tasks, included.hosts);
      if (included.isPublic) this.playRun.publicRoles?.push(...included.content.roles);
    }
  }

  private async execute(task: TaskDef, host: string, info: TaskInfo): Promise<TaskOutcome> {
    try {
      return await executeTaskOnHost(this.run, this.playRun, task, host, info);
    } catch (err) {
      const result = errorResult(err);
      return { host, status: result.unreachable ? 'unreachable' : 'failed', result, registered: result, ignored: false, durationMs: 0 };
    }
  }

  /** `ranHere` false: a run_once task's result given to another host (registered, failing it, but neither shown nor counted, as in Ansible). */
  private record(task: TaskDef, info: TaskInfo, outcome: TaskOutcome, ranHere = true): void {
    recordOutcome(this.run, task, outcome.host, outcome, { rescued: failureRescued(this.frames), counted: ranHere });
    if (ranHere) this.roleRuns.taskRan(task.role, outcome.host, outcome.status);
    if (ranHere && outcome.status === 'changed' && task.notify.length > 0)
      this.notified.notify(task, outcome.host, scopeFor(this.run, this.playRun, outcome.host, task).view(), this.run.options.errorOnMissingHandler !== false);
    if (outcome.status === 'failed' && !outcome.ignored && !failureRecovers(this.frames)) this.failedHosts.add(outcome.host);
    if (ranHere) this.run.events.hostResult?.(info, outcome);
  }

  /** any_errors_fatal (the play's, or the task's when `taskFatal`) and max_fail_percentage. */
  private checkFailureLimits(taskFatal: boolean, hosts: string[]): void {
    const { play, batch } = this.playRun;
    const failedNow = hosts.filter((h) => hostRuntime(this.run, h).failed || hostRuntime(this.run, h).unreachable);
    if (failedNow.length === 0) return;
    const uncaught = failedNow.filter((h) => hostRuntime(this.run, h).unreachable || !failureCaught(this.frames));
    if ((play.anyErrorsFatal || taskFatal) && uncaught.length > 0) {
      this.markAllButRecovering(failedNow);
      const left = batch.filter((h) => !hostRuntime(this.run, h).unreachable);
      if (this.breakPlay && left.every((h) => this.failedHosts.has(h))) {
        this.run.events.warning?.(`any_errors_fatal: ${uncaught.join(', ')} failed: no host is left in the play`);
        this.aborted = true;
      }
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

  /**
   * any_errors_fatal, as ansible-core 2.14 does it: every host of the batch that is not about to
   * run (or running) a rescue or always counts as failed for the play, which makes it the last
   * play of the run; the play itself stops when that leaves no host. (A host counted so but not
   * failed by a task goes on with this play: 2.14 stops only when every host is counted.)
   */
  private markAllButRecovering(failedNow: string[]): void {
    for (const h of this.playRun.batch) {
      const runtime = hostRuntime(this.run, h);
      if (runtime.unreachable || runtime.ended) continue;
      const recovering = failedNow.includes(h) ? failureRecovers(this.frames) : runtime.failed || nextIsRescueOrAlways(this.frames, h);
      if (recovering) continue;
      this.failedHosts.add(h);
      this.breakPlay = true;
    }
  }

  private async runMeta(task: TaskDef, hosts: string[]): Promise<void> {
    const action = String(task.args.action);
    if (action === 'flush_handlers' && this.runningHandlers)
      throw new UserInputError('flush_handlers cannot be used as a handler', task.where, 'a task in the handlers');
    // Each action applies to the hosts whose conditions hold (or, for the play-wide ones, when any host's do).
    const matching = hosts.filter((h) => conditionsHold(task, scopeFor(this.run, this.playRun, h, task).view(), 'meta'));
    if (matching.length === 0) return;
    switch (action) {
      case 'flush_handlers':
        // As in Ansible, only the hosts whose conditions hold run their notified handlers now.
        return this.flushHandlers(new Set(matching));
      case 'end_play':
        for (const h of this.playRun.hosts) hostRuntime(this.run, h).ended = true;
        return;
      case 'end_batch':
        // The next serial batch still runs (without serial, the batch is the play).
        for (const h of this.playRun.batch) hostRuntime(this.run, h).ended = true;
        return;
      case 'end_host':
        for (const h of matching) hostRuntime(this.run, h).ended = true;
        return;
      case 'clear_facts':
        for (const h of matching) hostRuntime(this.run, h).facts = {};
        return;
      case 'clear_host_errors':
        // As in Ansible 2.14: hosts that failed in a block whose always is running go on with the
        // play; other failed hosts stay out of this play but are back for the next plays.
        this.hostErrorClears++;
        this.failedHosts.clear();
        for (const h of this.playRun.targets) {
          const runtime = hostRuntime(this.run, h);
          // Unreachable hosts are tried again in the next plays.
          if (runtime.unreachable) {
            runtime.unreachable = false;
            runtime.ended = true;
          }
          if (runtime.failed) {
            runtime.failed = false;
            runtime.ended = true;
          }
        }
        return;
      case 'reset_connection':
        // The next task on the host connects afresh (new login: group changes, ssh settings).
        await Promise.all(
          matching.map((h) => this.run.connections.reset(resolveConnection(this.run, this.playRun.play, h, scopeFor(this.run, this.playRun, h, task).view()))),
        );
        return;
      case 'refresh_inventory':
        refreshInventory(this.run);
        return;
      default:
        return;
    }
  }

  /** Run notified handlers, in the order they are defined, each once per notifying host (of `only`, when given). */
  async flushHandlers(only?: Set<string>): Promise<void> {
    if (this.run.interrupted) return;
    this.runningHandlers = true;
    try {
      await this.runNotifiedHandlers(only);
    } finally {
      this.runningHandlers = false;
    }
  }

  private async runNotifiedHandlers(only: Set<string> | undefined): Promise<void> {
    for (const handler of this.allHandlers()) {
      if (this.stopped()) return;
      const eligible = new Set(this.handlerHosts().filter((h) => !only || only.has(h)));
      const hosts = this.notified.take(handler, (h) => eligible.has(h));
      if (hosts.length === 0) continue;
      if (handler.include) await this.runInclude(handler, hosts, true);
      else if (handler.module !== 'meta') await this.runTask(handler, hosts, true);
      else await this.runMeta(handler, hosts);
    }
  }

  /** Hosts handlers may run on: the active ones, and with force_handlers the failed ones too. */
  private handlerHosts(): string[] {
    const force = this.run.options.forceHandlers === true || this.playRun.play.forceHandlers === true;
    return this.playRun.batch.filter((h) => {
      const runtime = hostRuntime(this.run, h);
      return runtime.active || (force && runtime.failed && !runtime.unreachable && !runtime.ended);
    });
  }

  private async gatherFacts(): Promise<void> {
    const { play } = this.playRun;
    const info: TaskInfo = { name: 'Gathering Facts', module: 'setup', path: formatLocation(play.where), isHandler: false };
    const hosts = this.active(this.playRun.batch);
    if (hosts.length === 0) return;
    this.run.events.taskStart?.(info, hosts);
    await mapWithLimit(hosts, this.run.options.forks, async (host) => {
      const started = Date.now();
      const runtime = hostRuntime(this.run, host);
      let outcome: HostTaskResult;
      try {
        const vars = scopeFor(this.run, this.playRun, host).view();
        if (play.gatherWhen && !evaluateCondition(play.gatherWhen, vars, { where: play.where, context: 'when' })) {
          // an import_playbook whose `when` does not hold: the play's facts are not gathered (a skip, as Ansible counts it)
          outcome = { host, status: 'skipped', result: { changed: false, failed: false, skipped: true }, ignored: false, durationMs: 0 };
          countOutcome(this.run, host, outcome);
          this.run.events.hostResult?.(info, outcome);
          return;
        }
        const subset =
          play.gatherSubset !== undefined ? gatherSubsetWords(renderValue(play.gatherSubset, vars, { where: play.where, context: 'gather_subset' })) : ['all'];
        const timeout = keywordValue('gather_timeout', play.gatherTimeout, vars, play.where, DEFAULT_GATHER_TIMEOUT);
        const connection = await this.run.connections.get(resolveConnection(this.run, play, host, vars));
        const env = resolveEnvironment([play.environment], vars, play.where);
        runtime.addFacts(await gatherHostFacts(connection, subset, timeout * 1000, env));
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
