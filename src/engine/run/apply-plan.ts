// Applies a plan's steps on the host, in order, stopping at the first step that fails. The
// only place where a module's changes are executed; check mode never reaches it.
import type { Connection, ExecOptions, ExecResult } from '../../connection/types.js';
import type { Step } from '../../modules/types.js';
import { HostUnreachableError } from '../../errors.js';

export interface AppliedSteps {
  outputs: ExecResult[];
  /** The step that failed, with its output. */
  failure?: { step: Step; output: ExecResult };
}

export async function applySteps(
  connection: Connection,
  steps: Step[],
  options: Pick<ExecOptions, 'become' | 'env' | 'timeoutMs'>,
  onCommand?: (step: Step, output: ExecResult) => void,
): Promise<AppliedSteps> {
  const outputs: ExecResult[] = [];
  for (const step of steps) {
    const { output, linkEnded } = await execStep(connection, step, options);
    outputs.push(output);
    onCommand?.(step, output);
    if (linkEnded) return { outputs }; // nothing after it can run on this connection
    if (!(step.okExitCodes ?? [0]).includes(output.exitCode)) return { outputs, failure: { step, output } };
  }
  return { outputs };
}

/** One step's command; a step that ends the connection succeeds when the link goes down under it. */
async function execStep(
  connection: Connection,
  step: Step,
  options: Pick<ExecOptions, 'become' | 'env' | 'timeoutMs'>,
): Promise<{ output: ExecResult; linkEnded?: true }> {
  const started = Date.now();
  try {
    const stepOptions: ExecOptions = {
      ...options,
      ...(step.stdin !== undefined ? { stdin: step.stdin } : {}),
      ...(step.endsConnection ? { endsConnection: true } : {}),
    };
    return { output: await connection.exec(step.command, stepOptions) };
  } catch (err) {
    if (!(step.endsConnection && err instanceof HostUnreachableError)) throw err;
    return { output: { stdout: '', stderr: `the connection ended: ${err.message}`, exitCode: 0, durationMs: Date.now() - started }, linkEnded: true };
  }
}

/** A readable message for a failed step: what it did, the exit code, the end of stderr. */
export function describeStepFailure(step: Step, output: ExecResult): string {
  const err = (output.stderr || output.stdout).trim().split('\n').slice(-5).join(' | ');
  return `${step.describe} failed (exit ${output.exitCode})${err ? `: ${err}` : ''}`;
}
