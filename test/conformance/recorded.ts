// ansible-playbook's measured outcome of every case (written by `--ansible --record`, committed):
// the reference for `any` cases and the count of cases ansible-core itself passes, so CI needs
// no Ansible.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { RunOutcome } from './verdict.js';

export interface RecordedCase extends RunOutcome {
  /** Whether ansible-playbook meets the case's expectation (always true for `any`: it is the reference). */
  passes: boolean;
}

export interface RecordedResults {
  ansible: string;
  cases: Record<string, RecordedCase>;
}

export function loadRecorded(file: string): RecordedResults {
  if (!existsSync(file)) return { ansible: '', cases: {} };
  return JSON.parse(readFileSync(file, 'utf8')) as RecordedResults;
}

/** Write with sorted keys and one case a line, so that a re-record shows as a readable diff. */
export function saveRecorded(file: string, results: RecordedResults): void {
  const ids = Object.keys(results.cases).sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  const body = ids.map((id) => `    ${JSON.stringify(id)}: ${JSON.stringify(results.cases[id])}`).join(',\n');
  writeFileSync(file, `{\n  "ansible": ${JSON.stringify(results.ansible)},\n  "cases": {\n${body}\n  }\n}\n`);
}
