// Chooses the reporter: JSON document, live listr2 view on a terminal, plain lines elsewhere.
import type { RunEvents } from '../../../engine/run/events.js';
import { colorsFor } from '../../report/colors.js';
import { createJsonReporter } from '../../report/json.js';
import { createListrReporter } from '../../report/listr.js';
import { createPlainReporter } from '../../report/plain.js';

export interface Reporter {
  events: RunEvents;
  /** Wait for the output to be complete (and print the JSON document). */
  finish(outcome: string): Promise<void>;
}

export function createReporter(o: { json: boolean; verbosity: number; diff: boolean; check: boolean }): Reporter {
  if (o.json) {
    const { events, report } = createJsonReporter();
    return {
      events,
      finish: async (outcome) => {
        report.outcome = outcome;
        process.stdout.write(JSON.stringify(report, null, 2) + '\n');
      },
    };
  }
  const write = (text: string): void => void process.stdout.write(text);
  const base = { write, colors: colorsFor(process.stdout), verbosity: o.verbosity, diff: o.diff, check: o.check };
  const live = process.stdout.isTTY && !process.env.CI && process.env.TERM !== 'dumb';
  if (live) {
    const listr = createListrReporter(base);
    return { events: listr, finish: () => listr.done() };
  }
  return { events: createPlainReporter(base), finish: async () => undefined };
}
