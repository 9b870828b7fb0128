// async/poll and async_status (Ansible's async_wrapper, without Python on the host): a task's
// planned steps run in the background on the host, detached from the connection (setsid), in a
// job folder ~/.ansible_async/<jid> that keeps each step's output and exit code. A watchdog ends
// the job after `async` seconds. The controller keeps what it needs to turn the outputs into
// the module's result (its arguments and plan), so async_status and polling report the same
// result a task run in the foreground would.
import { randomInt } from 'node:crypto';
import type { BecomeOptions, Connection, ExecResult } from '../../connection/types.js';
import { ModuleFailure } from '../../errors.js';
import type { AnyModule, ModuleResult, Plan, Step } from '../../modules/types.js';
import { quote } from '../../util/shell.js';
import { describeStepFailure } from './apply-plan.js';

export interface AsyncJob {
  jid: string;
  /** Absolute path of the job folder on the host (Ansible's results_file). */
  resultsFile: string;
  connection: Connection;
  become?: BecomeOptions;
  module: AnyModule;
  args: Record<string, unknown>;
  plan: Plan;
  /** The result as planned (changed, diff, msg...), before the steps' outputs. */
  planned: ModuleResult;
  /** `async:` seconds, after which the job is ended. */
  asyncSeconds: number;
}

/** The jobs this run started, by jid (async_status finds them here). */
export type AsyncJobs = Map<string, AsyncJob>;

interface JobState {
  finished: boolean;
  timedOut: boolean;
  outputs: ExecResult[];
}

/** Start the steps in the background on the host; resolves once the job is running. */
export async function launchJob(
  connection: Connection,
  steps: Step[],
  options: { become?: BecomeOptions; env?: Record<string, string>; asyncSeconds: number },
): Promise<{ jid: string; resultsFile: string }> {
  const jid = `j${randomInt(1e11, 1e12 - 1)}.${process.pid}`;
  const dir = `"$HOME"/.ansible_async/${jid}`;
  const exec = (command: string, stdin?: string): Promise<ExecResult> =>
    connection.exec(command, { ...(options.become ? { become: options.become } : {}), ...(stdin !== undefined ? { stdin } : {}) });
  const made = await exec(`mkdir -p ${dir} && cd ${dir} && pwd`);
  if (made.exitCode !== 0) throw new ModuleFailure(`could not create the async job folder: ${made.stderr.trim()}`);
  const resultsFile = made.stdout.trim();
  for (const [n, step] of steps.entries()) {
    if (step.stdin === undefined) continue;
    const wrote = await exec(`cat > ${quote(`${resultsFile}/${n}.in`)}`, step.stdin);
    if (wrote.exitCode !== 0) throw new ModuleFailure(`could not write the async job's input: ${wrote.stderr.trim()}`);
  }
  const script = jobScript(steps, options.env ?? {}, options.asyncSeconds);
  const launched = await exec(
    `cat > ${quote(`${resultsFile}/run.sh`)} && cd ${quote(resultsFile)} && { setsid sh run.sh >/dev/null 2>&1 </dev/null & } && echo started`,
    script,
  );
  if (launched.exitCode !== 0 || !launched.stdout.includes('started')) throw new ModuleFailure(`could not start the async job: ${launched.stderr.trim()}`);
  return { jid, resultsFile };
}

/** The script the job runs: each step in order (stopping at one that fails), then `finished`. */
function jobScript(steps: Step[], env: Record<string, string>, asyncSeconds: number): string {
  const lines = [
    'cd "$(dirname "$0")" || exit 1',
    ...Object.entries(env).map(([k, v]) => `export ${k}=${quote(v)}`),
    // the watchdog: after `async` seconds, an unfinished job is ended (its whole process group)
    `( sleep ${asyncSeconds}; [ -e finished ] || { : > timedout; kill -TERM 0; } ) &`,
    'watchdog=$!',
    'step() { if [ -e "$1.in" ]; then sh -c "$2" < "$1.in" > "$1.out" 2> "$1.err"; else sh -c "$2" < /dev/null > "$1.out" 2> "$1.err"; fi; echo $? > "$1.rc"; }',
    'done_() { : > finished; kill "$watchdog" 2>/dev/null; exit 0; }',
  ];
  for (const [n, step] of steps.entries()) {
    const ok = (step.okExitCodes ?? [0]).join('|');
    lines.push(`step ${n} ${quote(step.command)}; case "$(cat ${n}.rc)" in ${ok}) ;; *) done_ ;; esac`);
  }
  lines.push('done_');
  return lines.join('\n') + '\n';
}

/** What the job folder says: finished or not, timed out, each step's output so far. */
export async function readJob(job: Pick<AsyncJob, 'connection' | 'become' | 'resultsFile'>): Promise<JobState | undefined> {
  const dir = quote(job.resultsFile);
  const b64 = (file: string): string => `base64 < ${file} 2>/dev/null | tr -d '\\n'; echo`;
  const out = await job.connection.exec(
    `[ -d ${dir} ] || { echo '@@missing'; exit 0; }; cd ${dir}; [ -e finished ] && echo '@@finished'; [ -e timedout ] && echo '@@timedout'; ` +
      `n=0; while [ -e "$n.rc" ]; do echo "@@step $(cat "$n.rc")"; ${b64('"$n.out"')}; ${b64('"$n.err"')}; n=$((n+1)); done; true`,
    { readOnly: true, ...(job.become ? { become: job.become } : {}) },
  );
  const lines = out.stdout.split('\n');
  if (lines.includes('@@missing')) return undefined;
  const outputs: ExecResult[] = [];
  lines.forEach((line, i) => {
    const m = /^@@step (-?\d+)$/.exec(line);
    if (m) outputs.push({ exitCode: Number(m[1]), stdout: decode(lines[i + 1]), stderr: decode(lines[i + 2]), durationMs: 0 });
  });
  return { finished: lines.includes('@@finished'), timedOut: lines.includes('@@timedout'), outputs };
}

function decode(text: string | undefined): string {
  return Buffer.from(text ?? '', 'base64').toString('utf8');
}

/** The job's result as async_status shows it: the module's result when finished, else its progress. */
export function jobResult(job: AsyncJob, state: JobState): ModuleResult {
  const ids = { ansible_job_id: job.jid, results_file: job.resultsFile, started: 1 };
  if (state.timedOut) return { changed: false, failed: true, finished: 1, ...ids, msg: `Job reached maximum time limit of ${job.asyncSeconds} seconds.` };
  if (!state.finished) return { changed: false, failed: false, finished: 0, ...ids };
  const result: ModuleResult = { ...job.planned, ...ids, finished: 1 };
  if (job.module.summarize) Object.assign(result, job.module.summarize(job.args, job.plan, state.outputs));
  const failedAt = state.outputs.findIndex((o, n) => !(job.plan.steps[n]?.okExitCodes ?? [0]).includes(o.exitCode));
  if (failedAt >= 0) {
    const output = state.outputs[failedAt]!;
    result.failed = true;
    result.rc ??= output.exitCode;
    result.msg = describeStepFailure(job.plan.steps[failedAt]!, output);
    result.stderr ??= output.stderr;
  }
  return result;
}

/** async_status: the job's state (status), or its folder removed (cleanup). */
export async function asyncStatus(jobs: AsyncJobs, jid: string, mode: 'status' | 'cleanup'): Promise<ModuleResult> {
  const job = jobs.get(jid);
  if (!job)
    return { changed: false, failed: true, finished: 1, ansible_job_id: jid, msg: `could not find job ${jid} (lvsplay knows the jobs this run started)` };
  if (mode === 'cleanup') {
    await job.connection.exec(`rm -rf ${quote(job.resultsFile)}`, job.become ? { become: job.become } : {});
    jobs.delete(jid);
    return { changed: false, failed: false, started: 0, finished: 0, ansible_job_id: jid, erased: job.resultsFile };
  }
  const state = await readJob(job);
  if (!state)
    return { changed: false, failed: true, finished: 1, ansible_job_id: jid, msg: `could not find job ${jid}: its folder ${job.resultsFile} is gone` };
  return jobResult(job, state);
}
