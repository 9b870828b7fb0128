// Mocha's spec output, followed by where the suite's time went: the wall time of each test file
// (its hooks included, so a lab brought up in `before` counts for the file that needs it) and of
// each folder. The suite has a time budget (README); this is what to read when it is overrun.
// CommonJS (.cts) because Mocha loads reporters with require().
import Mocha from 'mocha';
import path from 'node:path';

const SHOWN = 15;

class TimingReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const started = new Map<Mocha.Suite, number>();
    const perFile = new Map<string, number>();
    const runStart = Date.now();
    runner.on(Mocha.Runner.constants.EVENT_SUITE_BEGIN, (suite: Mocha.Suite) => {
      if (suite.parent?.root && suite.file) started.set(suite, Date.now());
    });
    runner.on(Mocha.Runner.constants.EVENT_SUITE_END, (suite: Mocha.Suite) => {
      const t = started.get(suite);
      if (t === undefined || !suite.file) return;
      const file = path.relative(process.cwd(), suite.file);
      perFile.set(file, (perFile.get(file) ?? 0) + (Date.now() - t));
    });
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const perFolder = new Map<string, number>();
      for (const [file, ms] of perFile) perFolder.set(path.dirname(file), (perFolder.get(path.dirname(file)) ?? 0) + ms);
      const seconds = (ms: number): string => `${(ms / 1000).toFixed(0).padStart(6)} s`;
      const lines = [`  time: ${seconds(Date.now() - runStart).trim()} in all; the ${SHOWN} slowest files, then every folder`];
      for (const [file, ms] of [...perFile].sort((a, b) => b[1] - a[1]).slice(0, SHOWN)) lines.push(`  ${seconds(ms)}  ${file}`);
      for (const [folder, ms] of [...perFolder].sort((a, b) => b[1] - a[1])) lines.push(`  ${seconds(ms)}  ${folder}/`);
      process.stdout.write(`\n${lines.join('\n')}\n`);
    });
  }
}

export = TimingReporter;
