// `npm test`: the whole suite as two mocha processes at once. The lab's tests (namespace hosts,
// qemu directors: one lab per machine, so one process runs them in order) spend much of their
// time waiting on emulated VMs and keepalived's timers; the tests that need no lab (unit, the
// local integration tests, the fuzz campaign: minutes of CPU) run beside them and are printed
// after the lab's output, so neither output is interleaved. The exit code is non-zero if
// either failed. A test folder not listed as lab-free runs with the lab's, in order: a new
// folder is safe by default.
import { spawn } from 'node:child_process';
import { splitSuite } from './suite-split.js';

/** Niceness of the lab-free tests: a tenth of the CPU share of the lab's when both want it. */
const BESIDE_NICENESS = 10;
const MOCHA = ['node_modules/mocha/bin/mocha.js', '--config', '.mocharc.json', '--reporter', './dist/test/helpers/timing-reporter.cjs'];

interface Outcome {
  code: number;
  seconds: number;
  output: string;
}

/**
 * One mocha process over `files`: its output passed through, or kept for later (and then run at
 * a lower priority: the lab's tests set the pace, the others take the CPU time they leave).
 */
function runMocha(files: string[], passThrough: boolean): { done: Promise<Outcome>; stop: (signal: NodeJS.Signals) => void } {
  const started = Date.now();
  const argv = [process.execPath, ...MOCHA, ...files];
  const [command, ...args] = passThrough ? argv : ['nice', '-n', String(BESIDE_NICENESS), ...argv];
  const child = spawn(command!, args, { stdio: ['inherit', passThrough ? 'inherit' : 'pipe', passThrough ? 'inherit' : 'pipe'] });
  const chunks: Buffer[] = [];
  child.stdout?.on('data', (c: Buffer) => chunks.push(c));
  child.stderr?.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Outcome>((resolve) => {
    child.on('close', (code, signal) =>
      resolve({ code: code ?? (signal ? 128 : 1), seconds: (Date.now() - started) / 1000, output: Buffer.concat(chunks).toString() }),
    );
  });
  return { done, stop: (signal) => child.kill(signal) };
}

async function main(): Promise<number> {
  const { labFree, lab } = splitSuite('dist/test', '.test.js');
  const started = Date.now();
  const beside = runMocha(labFree, false);
  const inOrder = runMocha(lab, true);
  // Ctrl-C reaches both children through the terminal: wait for them to end. A TERM from CI is
  // passed on, so the lab's `after` hooks still take the lab down.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => {
    inOrder.stop('SIGTERM');
    beside.stop('SIGTERM');
  });
  const labRun = await inOrder.done;
  const freeRun = await beside.done;
  process.stdout.write(`\n===== the tests that need no lab (${labFree.length} files), run beside the lab's =====\n${freeRun.output}`);
  const verdict = (o: Outcome): string => `${o.code === 0 ? 'passed' : `FAILED (exit ${o.code})`} in ${o.seconds.toFixed(0)} s`;
  process.stdout.write(
    `\nsuite: ${((Date.now() - started) / 1000).toFixed(0)} s in all; the lab's tests (${lab.length} files) ${verdict(labRun)}, ` +
      `beside them the tests that need no lab (${labFree.length} files) ${verdict(freeRun)}\n`,
  );
  return labRun.code !== 0 ? labRun.code : freeRun.code;
}

process.exitCode = await main();
