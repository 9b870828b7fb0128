// The committed list of cases known to fail (the test262 model): `case-id | reason`, one a line.
// A failure not listed and a pass that is listed are both errors, so the list shrinks as work lands.

export interface Expectation {
  id: string;
  reason: string;
  line: number;
}

export function parseExpectations(text: string, file = 'expectations.txt'): Map<string, Expectation> {
  const out = new Map<string, Expectation>();
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) return;
    const bar = raw.indexOf('|');
    const id = (bar < 0 ? raw : raw.slice(0, bar)).trim();
    const reason = bar < 0 ? '' : raw.slice(bar + 1).trim();
    if (reason === '') throw new Error(`${file}:${line}: '${id}' needs a reason: 'case-id | why it fails'`);
    if (out.has(id)) throw new Error(`${file}:${line}: '${id}' is listed twice`);
    out.set(id, { id, reason, line });
  });
  return out;
}

export type Surprise = 'unexpected failure' | 'unexpected pass' | '';

export function surpriseOf(pass: boolean, expectedToFail: boolean): Surprise {
  if (!pass && !expectedToFail) return 'unexpected failure';
  if (pass && expectedToFail) return 'unexpected pass';
  return '';
}
