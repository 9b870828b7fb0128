// The terminal view: a listr2 task list per task, one line per host, updated live while the
// hosts work. Details (failures, diffs, -v output) are printed as plain lines once a task is
// done. Everything is queued so output never interleaves; `done()` waits for the last frame.
import { Listr, type ListrTaskWrapper, type ListrDefaultRenderer, type ListrSimpleRenderer } from 'listr2';
import type { RunEvents, HostTaskResult, TaskInfo } from '../../engine/run/events.js';
import { createPlainReporter, statusWord, type PlainReporterOptions } from './plain.js';

type Wrapper = ListrTaskWrapper<unknown, ListrDefaultRenderer, ListrSimpleRenderer>;

interface Pending {
  resolve(r: HostTaskResult): void;
  promise: Promise<HostTaskResult>;
}

function pending(): Pending {
  let resolve!: (r: HostTaskResult) => void;
  const promise = new Promise<HostTaskResult>((r) => (resolve = r));
  return { resolve, promise };
}

export function createListrReporter(o: PlainReporterOptions): RunEvents & { done(): Promise<void> } {
  let chain: Promise<void> = Promise.resolve();
  const queue = (fn: () => void | Promise<void>): void => {
    chain = chain.then(fn).catch(() => undefined);
  };
  // The plain reporter prints the details; listr shows the live state.
  const details = createPlainReporter({ ...o, write: o.write });
  let hostsOfTask = new Map<string, Pending>();
  let detailLines: Array<() => void> = [];

  return {
    playStart: (p) => queue(() => details.playStart?.(p)),
    playNoHosts: (p) => queue(() => details.playNoHosts?.(p)),
    warning: (m) => queue(() => details.warning?.(m)),
    taskStart(task: TaskInfo, hosts: string[]) {
      const waiting = new Map(hosts.map((h) => [h, pending()]));
      hostsOfTask = waiting;
      detailLines = [];
      const lines = detailLines;
      const title = `${task.isHandler ? 'RUNNING HANDLER' : 'TASK'} [${task.name}]`;
      queue(async () => {
        const list = new Listr(
          [
            {
              title,
              task: (_ctx: unknown, t: Wrapper) =>
                t.newListr(
                  hosts.map((host) => ({
                    title: host,
                    task: async (_c: unknown, sub: Wrapper) => {
                      const r = await waiting.get(host)!.promise;
                      sub.title = `${host}: ${statusWord(r)}`;
                      if (r.status === 'skipped') sub.skip(`${host}: skipping`);
                      else if (r.status === 'failed' && !r.ignored)
                        throw new Error(`${host}: ${statusWord(r)}${r.result.msg ? ` => ${String(r.result.msg)}` : ''}`);
                      else if (r.status === 'unreachable') throw new Error(`${host}: unreachable${r.result.msg ? ` => ${String(r.result.msg)}` : ''}`);
                    },
                  })),
                  { concurrent: true, exitOnError: false },
                ),
            },
          ],
          { exitOnError: false, rendererOptions: { collapseSubtasks: false, collapseErrors: false, showErrorMessage: true } },
        );
        await list.run();
        for (const print of lines) print();
      });
    },
    itemResult: (task, r) => {
      if (o.verbosity > 0) detailLines.push(() => details.itemResult?.(task, r));
    },
    hostResult(task, r) {
      hostsOfTask.get(r.host)?.resolve(r);
      const interesting = o.verbosity > 0 || (o.diff && r.display?.diff) || r.display !== undefined;
      if (interesting) detailLines.push(() => details.hostResult?.(task, r));
    },
    command: (host, step, output) => {
      if (o.verbosity > 0) detailLines.push(() => details.command?.(host, step, output));
    },
    recap: (stats, wallMs) => queue(() => details.recap?.(stats, wallMs)),
    done: () => chain,
  };
}
