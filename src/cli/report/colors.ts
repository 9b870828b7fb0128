// Colors for terminal output. NO_COLOR (https://no-color.org) and non-TTY streams get none.
import { Chalk, type ChalkInstance } from 'chalk';

export function colorsFor(stream: NodeJS.WriteStream | { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): ChalkInstance {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0';
  const level = noColor ? 0 : forced || stream.isTTY ? 1 : 0;
  return new Chalk({ level });
}
