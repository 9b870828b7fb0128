// How a command line becomes what actually runs on the target: cwd, environment and become are
// applied here, once, for every connection kind, so ssh.ts and local.ts cannot disagree.
import { randomBytes } from 'node:crypto';
import { quote } from '../util/shell.js';
import type { ExecOptions } from './types.js';

/** sudo asks for a password: the prompt to watch for and the answer. */
export interface SudoExchange {
  /** What sudo writes to stderr (-p) when it wants the password. */
  prompt: string;
  /** The line the command writes to stderr once sudo has let it run. */
  ready: string;
  password: string;
  user: string;
}

export interface WrappedCommand {
  /** The full command line to hand to /bin/sh -c (or to the SSH exec channel). */
  command: string;
  /** Standard input for the command itself (never the password). */
  stdin?: Buffer;
  /** Set when sudo may ask for a password: feed stdin through a StdinFeeder. */
  sudo?: SudoExchange;
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
  const stdin = options.stdin === undefined ? undefined : Buffer.from(options.stdin);
  const withStdin = (w: WrappedCommand): WrappedCommand => (stdin === undefined ? w : { ...w, stdin });
  if (!options.become) return withStdin({ command: inner });
  const user = quote(options.become.user);
  if (options.become.password === undefined) {
    // -n: never wait for a password nobody will type; sudo fails with "a password is required".
    return withStdin({ command: `sudo -n -H -u ${user} -- /bin/sh -c ${quote(inner)}` });
  }
  // With a password, sudo may or may not ask (NOPASSWD rules): the password is written only
  // when sudo's prompt appears, and the command's stdin only after the command announced that
  // it runs; so the password can never end up in the command's input, and a wrong password is
  // answered with end-of-file instead of a second try from the content (see StdinFeeder).
  // -k: a cached sudo timestamp must not hide a wrong password.
  const nonce = randomBytes(8).toString('hex');
  const prompt = `[lvsplay-sudo-prompt-${nonce}]`;
  const ready = `lvsplay-become-ok-${nonce}`;
  return withStdin({
    command: `sudo -k -S -p ${quote(prompt)} -H -u ${user} -- /bin/sh -c ${quote(`echo ${ready} >&2; ${inner}`)}`,
    sudo: { prompt, ready, password: options.become.password, user: options.become.user },
  });
}

/** Where stdin goes: a child's stdin pipe or an SSH channel. */
export interface StdinSink {
  write(data: Buffer): unknown;
  end(data?: Buffer): unknown;
}

/**
 * Feeds a wrapped command's stdin: at once without sudo, or the sudo conversation (password on
 * the prompt, content after the ready line, end-of-file on a second prompt). Both connection
 * kinds pass every stderr chunk through onStderr and the final text through cleanStderr.
 */
export class StdinFeeder {
  private seen = '';
  private answered = false;
  private started = false;
  /** sudo asked again: the password was wrong. */
  rejected = false;

  constructor(
    private readonly wrapped: WrappedCommand,
    private readonly sink: StdinSink,
  ) {
    if (!wrapped.sudo) this.start();
  }

  private start(): void {
    this.started = true;
    this.sink.end(this.wrapped.stdin ?? Buffer.alloc(0));
  }

  onStderr(chunk: Buffer): void {
    const sudo = this.wrapped.sudo;
    if (!sudo || this.started || this.rejected) return;
    this.seen += chunk.toString('utf8');
    if (this.seen.includes(`${sudo.ready}\n`)) return this.start();
    const prompts = countPrompts(this.seen, sudo.prompt);
    if (prompts === 1 && !this.answered) {
      this.answered = true;
      this.sink.write(Buffer.from(`${sudo.password}\n`));
    } else if (prompts >= 2) {
      this.rejected = true;
      this.sink.end();
    }
  }

  /** stderr as the user should see it: without our markers, with a hint when sudo refused. */
  cleanStderr(stderr: string): string {
    const sudo = this.wrapped.sudo;
    let text = stderr;
    if (sudo) {
      // prompts come before the ready line; what follows is the command's own stderr
      const at = text.indexOf(`${sudo.ready}\n`);
      const head = at < 0 ? text : text.slice(0, at);
      const tail = at < 0 ? '' : text.slice(at + sudo.ready.length + 1);
      text = head.replace(promptPattern(sudo.prompt), '') + tail;
    }
    if (this.rejected) return `${text}lvsplay: sudo rejected the become password (become user ${sudo?.user})\n`;
    return withSudoHint(text);
  }
}

/** stderr with a hint appended when sudo wanted a password it was not given. */
export function withSudoHint(stderr: string): string {
  if (!/sudo: a (terminal is required|password is required)/.test(stderr)) return stderr;
  return `${stderr}lvsplay: sudo needs a password for become: pass --ask-become-pass (-K) or set ansible_become_password\n`;
}

/**
 * Our own -p prompt, or sudo's usual one: a sudoers `passprompt_override` replaces ours, and
 * waiting for a prompt that never comes would hang the command.
 */
function promptPattern(prompt: string): RegExp {
  const own = prompt.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`${own}|\\[sudo\\] password for [^\\n:]*: ?|^Password: ?`, 'gm');
}

function countPrompts(text: string, prompt: string): number {
  return text.match(promptPattern(prompt))?.length ?? 0;
}
