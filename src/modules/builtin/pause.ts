// pause: wait on the controller for `seconds` or `minutes` (whole seconds, as ansible-core
// counts them), or, with neither, for Enter on an interactive terminal. Without a terminal it
// does not wait, as Ansible does. Never a change; it waits in check mode too.
import { createInterface } from 'node:readline';
import { defineModule } from '../types.js';
import { ModuleFailure } from '../../errors.js';

/** Python's str(datetime.now()): local time with microseconds. */
function timestamp(d: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  const micros = String(d.getMilliseconds() * 1000).padStart(6, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${micros}`;
}

function readLine(prompt: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  return new Promise((done) => rl.question(`[pause]\n${prompt}:\n`, (answer) => (rl.close(), done(answer))));
}

export const pauseModule = defineModule({
  name: 'pause',
  checkMode: 'plan',
  runsOn: 'controller',
  spec: {
    short_description: 'Wait on the controller for a time, or for Enter on a terminal',
    description: ['Whole seconds, as ansible-core counts them. Without a terminal and without a time it does not wait, as Ansible does. Never a change.'],
    options: {
      seconds: { type: 'float', description: 'Seconds to wait.' },
      minutes: { type: 'float', description: 'Minutes to wait.' },
      prompt: { description: 'The prompt when waiting for Enter.' },
      echo: { type: 'bool', default: true, description: 'Show what is typed.' },
    },
    mutually_exclusive: [['seconds', 'minutes']],
    examples: '- pause:\n    seconds: 5\n\n- pause:\n    prompt: check the VIP moved, then press Enter',
  },
  async plan(args) {
    const unit = args.minutes !== undefined ? 'minutes' : 'seconds';
    const given = args.minutes ?? args.seconds;
    // int(): 0.02 minutes is 1 second, 1.5 seconds is 1
    const seconds = given === undefined ? undefined : Math.trunc(Number(given) * (unit === 'minutes' ? 60 : 1));
    if (seconds !== undefined && seconds < 0) throw new ModuleFailure(`pause: ${unit} must be positive, got ${String(given)}`);
    const start = new Date();
    let userInput = '';
    if (seconds !== undefined) await new Promise((done) => setTimeout(done, seconds * 1000));
    else if (process.stdin.isTTY) userInput = await readLine(args.prompt ?? 'Press enter to continue, Ctrl+C to interrupt');
    const stop = new Date();
    const elapsed = (stop.getTime() - start.getTime()) / 1000;
    // Python's str(round(x, 2)): a float always shows its point
    const pyRound = (x: number): string => {
      const r = Math.round(x * 100) / 100;
      return Number.isInteger(r) ? r.toFixed(1) : String(r);
    };
    const shown = unit === 'minutes' || seconds === undefined ? `${pyRound(elapsed / 60)} minutes` : `${pyRound(elapsed)} seconds`;
    return {
      steps: [],
      data: {
        rc: 0,
        start: timestamp(start),
        stop: timestamp(stop),
        delta: Math.trunc(elapsed),
        stdout: `Paused for ${shown}`,
        stderr: '',
        user_input: userInput,
        echo: args.echo,
      },
    };
  },
});
