// Whether a run passes its case: the exit status the target expects (0 or fail), or for `any`
// the same exit-status class and PLAY RECAP totals as ansible-playbook's run of the case.
import type { CaseExpect } from './cases.js';
import { firstErrorLine, formatRecap, parseRecap, sameRecap, type RecapTotals } from './recap.js';
import type { SandboxRun } from './sandbox.js';

export type ExitClass = 'ok' | 'fail' | 'timeout' | 'crash';

/** What the report and the recorded data keep of one run. */
export interface RunOutcome {
  exit: ExitClass;
  status: number | null;
  recap: RecapTotals | null;
  error: string;
}

/** lvsplay's exit status for an internal error (a bug), which no case may count as an expected failure. */
const LVSPLAY_INTERNAL = 3;

export function outcomeOf(run: SandboxRun, tool: 'lvsplay' | 'ansible'): RunOutcome {
  const exit: ExitClass = run.timedOut ? 'timeout' : run.status === 0 ? 'ok' : tool === 'lvsplay' && run.status === LVSPLAY_INTERNAL ? 'crash' : 'fail';
  const error = run.timedOut ? 'timed out' : firstErrorLine(run.output);
  return { exit, status: run.status, recap: parseRecap(run.output), error };
}

export interface Verdict {
  pass: boolean;
  /** Why it failed, when it did (for the table). */
  why: string;
}

/** Judge a run; `reference` is ansible-playbook's outcome on the same case (needed for `any`). */
export function judge(expect: CaseExpect, run: RunOutcome, reference: RunOutcome | undefined): Verdict {
  if (expect === '0') return run.exit === 'ok' ? { pass: true, why: '' } : { pass: false, why: run.error || `exit ${run.status ?? run.exit}` };
  if (expect === 'fail')
    return run.exit === 'fail' ? { pass: true, why: '' } : { pass: false, why: run.exit === 'ok' ? 'exited 0, expected a failure' : run.error || run.exit };
  if (!reference) return { pass: false, why: 'no ansible-playbook result recorded for this case (--ansible --record)' };
  if (run.exit !== reference.exit) return { pass: false, why: `exit ${run.exit}, ansible ${reference.exit}${run.error ? `: ${run.error}` : ''}` };
  if (run.recap === null && reference.recap !== null) return { pass: false, why: `no recap${run.error ? `: ${run.error}` : ''}` };
  if (!sameRecap(run.recap, reference.recap)) return { pass: false, why: `recap ${formatRecap(run.recap)}; ansible ${formatRecap(reference.recap)}` };
  return { pass: true, why: '' };
}
