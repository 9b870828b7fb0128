// How a command line becomes what actually runs on the target: cwd, environment and become are
// applied here, once, for every connection kind, so ssh.ts and local.ts cannot disagree.
import { quote } from '../util/shell.js';
import type { ExecOptions } from './types.js';

export interface WrappedCommand {
  /** The full command line to hand to /bin/sh -c (or to the SSH exec channel). */
  command: string;
  /** Standard input, with the sudo password line first when one is needed. */
  stdin?: Buffer;
}

export function wrapCommand(command: string, options: ExecOptions = {}): WrappedCommand {
  let inner = command;
  if (options.env && Object.keys(options.env).length > 0) {
    const assignments = Object.entries(options.env).map(([k, v]) => {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) throw new Error(`invalid environment variable name: ${k}`);
      return `${k}=${quote(v)}`;
    });
    inner = `export ${assignments.join(' ')}; ${inner}`;
  }
  if (options.cwd !== undefined) {
    // `cd` failing must fail the command, not run it somewhere else.
    inner = `cd -- ${quote(options.cwd)} || exit 1; ${inner}`;
  }
  let stdin = options.stdin === undefined ? undefined : Buffer.from(options.stdin);
  if (options.become) {
    // -S reads the password from stdin, -p '' keeps the prompt out of stderr, -k forgets cached
    // credentials so a wrong password is always detected. Without a password, -n never blocks.
    const user = quote(options.become.user);
    if (options.become.password !== undefined) {
      inner = `sudo -k -S -p '' -H -u ${user} -- /bin/sh -c ${quote(inner)}`;
      const pw = Buffer.from(`${options.become.password}\n`);
      stdin = stdin ? Buffer.concat([pw, stdin]) : pw;
    } else {
      inner = `sudo -n -H -u ${user} -- /bin/sh -c ${quote(inner)}`;
    }
  }
  return stdin === undefined ? { command: inner } : { command: inner, stdin };
}
