// Applies a plan's steps on the host, in order, stopping at the first step that fails. The
// only place where a module's changes are executed; check mode never reaches it.
import type { Connection, ExecOptions, ExecResult } from '../../connection/types.js';
import type { Step } from '../../modules/types.js';

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
    const output = await connection.exec(step.command, { ...options, ...(step.stdin !== undefined ? { stdin: step.stdin } : {}) });
    outputs.push(output);
    onCommand?.(step, output);
    if (!(step.okExitCodes ?? [0]).includes(output.exitCode)) return { outputs, failure: { step, output } };
  }
  return { outputs };
}

/** A readable message for a failed step: what it did, the exit code, the end of stderr. */
export function describeStepFailure(step: Step, output: ExecResult): string {
  const err = (output.stderr || output.stdout).trim().split('\n').slice(-5).join(' | ');
  return `${step.describe} failed (exit ${output.exitCode})${err ? `: ${err}` : ''}`;
}
