// `npm run conformance -- [DIR] [options]`: runs the cases of an Ansible conformance corpus (laid
// out like ../shared/ansible-conformance) with lvsplay, prints a table and a summary line, and
// exits non-zero on a failure not listed in expectations.txt or a pass that is listed there.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../../src/util/project-root.js';
import { mapWithLimit } from '../../src/util/limit.js';
import { parseCases, type ConformanceCase } from './cases.js';
import { parseExpectations, surpriseOf } from './expectations.js';
import { loadRecorded, saveRecorded, type RecordedCase } from './recorded.js';
import { caseScript, runInSandbox, type Tool } from './sandbox.js';
import { judge, outcomeOf, type RunOutcome } from './verdict.js';

const USAGE = `Usage: npm run conformance -- [DIR] [options]

Runs every case of the corpus in DIR (default: $LVSPLAY_CONFORMANCE_DIR, else
../shared/ansible-conformance beside the repository) with lvsplay, each in its own sandbox.

Options:
  --only REGEX          run only the cases whose id matches
  --jobs N              cases run at once (default 2)
  --timeout SECONDS     per run (default 180)
  --ansible             also run ansible-playbook on each case and compare with it live
  --record              with --ansible: run only ansible-playbook and store its results in
                        test/conformance/ansible-results.json (the reference CI uses)
  --logs DIR            where each run's output is kept (default: $TMPDIR/lvsplay-conformance)
`;

const here = join(projectRoot(), 'test', 'conformance');
const RESULTS_FILE = join(here, 'ansible-results.json');
const EXPECTATIONS_FILE = join(here, 'expectations.txt');

interface Row {
  c: ConformanceCase;
  result: string;
  detail: string;
  pass: boolean;
  ansiblePasses: boolean | undefined;
  surprise: string;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      only: { type: 'string' },
      jobs: { type: 'string', default: '2' },
      timeout: { type: 'string', default: '180' },
      ansible: { type: 'boolean', default: false },
      record: { type: 'boolean', default: false },
      logs: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (values.record && !values.ansible) throw new Error('--record needs --ansible');
  const corpus = resolve(positionals[0] ?? process.env.LVSPLAY_CONFORMANCE_DIR ?? join(dirname(projectRoot()), 'shared', 'ansible-conformance'));
  const allCases = parseCases(readFileSync(join(corpus, 'cases.txt'), 'utf8'), join(corpus, 'cases.txt'));
  const only = values.only === undefined ? undefined : new RegExp(values.only);
  const cases = only ? allCases.filter((c) => only.test(c.id)) : allCases;
  const jobs = positiveInt(values.jobs, '--jobs');
  const timeoutMs = positiveInt(values.timeout, '--timeout') * 1000;
  const logs = resolve(values.logs ?? join(tmpdir(), 'lvsplay-conformance'));
  mkdirSync(logs, { recursive: true });
  const paths = { corpus, project: projectRoot() };

  const runTool = async (c: ConformanceCase, tool: Tool): Promise<RunOutcome> => {
    const run = await runInSandbox(caseScript(c, tool, paths), timeoutMs);
    writeFileSync(join(logs, `${c.id}.${tool}.log`), run.output);
    return outcomeOf(run, tool);
  };

  const recorded = loadRecorded(RESULTS_FILE);
  if (values.record) {
    recorded.ansible = execFileSync('ansible-playbook', ['--version'], { encoding: 'utf8' }).split('\n')[0]!.trim();
    const rows = await mapWithLimit(cases, jobs, async (c) => {
      const outcome = await runTool(c, 'ansible');
      const passes = judge(c.expect, outcome, outcome).pass;
      recorded.cases[c.id] = { ...outcome, passes };
      saveRecorded(RESULTS_FILE, recorded); // after every case, so that an interrupted recording keeps what it measured
      return { c, result: passes ? 'pass' : 'FAIL', detail: outcome.error, pass: passes, ansiblePasses: passes, surprise: '' };
    });
    saveRecorded(RESULTS_FILE, recorded);
    printTable(rows);
    const passed = rows.filter((r) => r.pass).length;
    process.stdout.write(`recorded ${recorded.ansible} in ${RESULTS_FILE}\nansible: ${passed} passed, ${rows.length - passed} failed\n`);
    return 0;
  }

  const expectations = parseExpectations(readFileSync(EXPECTATIONS_FILE, 'utf8'), EXPECTATIONS_FILE);
  const rows = await mapWithLimit(cases, jobs, async (c): Promise<Row> => {
    const [mine, live] = await Promise.all([runTool(c, 'lvsplay'), values.ansible ? runTool(c, 'ansible') : Promise.resolve(undefined)]);
    const recordedRef: RecordedCase | undefined = recorded.cases[c.id];
    const reference = live ?? recordedRef;
    const verdict = judge(c.expect, mine, reference);
    const ansiblePasses = live ? judge(c.expect, live, live).pass : recordedRef?.passes;
    const expected = expectations.get(c.id);
    const surprise = surpriseOf(verdict.pass, expected !== undefined);
    const result = verdict.pass ? (expected ? 'XPASS' : 'pass') : expected ? 'xfail' : 'FAIL';
    return { c, result, detail: verdict.why, pass: verdict.pass, ansiblePasses, surprise };
  });

  printTable(rows);
  const stale = only ? [] : [...expectations.keys()].filter((id) => !allCases.some((c) => c.id === id));
  for (const id of stale) process.stdout.write(`expectations.txt lists '${id}', which is not a case of ${corpus}\n`);
  const surprises = rows.filter((r) => r.surprise !== '');
  for (const r of surprises) process.stdout.write(`${r.surprise}: ${r.c.id}${r.detail ? ` (${r.detail})` : ''}\n`);
  const ansiblePassed = rows.filter((r) => r.ansiblePasses);
  const both = ansiblePassed.filter((r) => r.pass).length;
  if (ansiblePassed.length > 0) {
    process.stdout.write(
      `of the ${ansiblePassed.length} cases ansible-core passes, lvsplay passes ${both} (${((100 * both) / ansiblePassed.length).toFixed(1)}%)\n`,
    );
  }
  process.stdout.write(`logs: ${logs}\n`);
  const passed = rows.filter((r) => r.pass).length;
  process.stdout.write(`conformance: ${passed} passed, ${rows.length - passed} failed\n`);
  return surprises.length > 0 || stale.length > 0 ? 1 : 0;
}

function positiveInt(raw: string | undefined, name: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer (got '${raw}')`);
  return n;
}

function printTable(rows: Row[]): void {
  const idWidth = Math.max(4, ...rows.map((r) => r.c.id.length));
  const line = (id: string, expect: string, result: string, detail: string): string =>
    `${id.padEnd(idWidth)}  ${expect.padEnd(6)}  ${result.padEnd(6)}  ${detail}`;
  process.stdout.write(line('case', 'expect', 'result', 'first error') + '\n');
  for (const r of rows) process.stdout.write(line(r.c.id, r.c.expect, r.result, r.detail.length > 140 ? `${r.detail.slice(0, 137)}...` : r.detail) + '\n');
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`conformance: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
