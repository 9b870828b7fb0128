// A long-lived /bin/sh on one SSH channel per host: each command is a script written to the
// shell and its framed output read back, without opening a channel and having sshd set up a
// session (fork, environment, login shell) for every command. One command at a time; the
// connection sends commands that find it busy to exec channels. Reads (facts) write to the
// shell's own output; anything else runs isolated (framed.ts: isolatedCommand), so a process it
// leaves behind cannot garble a later command's output.
import type { ClientChannel } from 'ssh2';
import { findStderrEnd, findStdoutEnd, framedCommand, isolatedCommand, newFraming, noShellFolder, type Framing } from './framed.js';
import type { ExecResult } from './types.js';

/** More than an end marker with its exit code is long. */
const MARKER_ROOM = 80;

/** A command's result; noFolder: an isolated command did not run (the shell has no folder for its output). */
export type ShellResult = ExecResult & { noFolder?: true };

interface Running {
  index: number;
  isolated: boolean;
  started: number;
  resolve: (r: ShellResult) => void;
  reject: (err: Error) => void;
}

export class HostShell {
  private readonly framing: Framing = newFraming();
  private stdout = '';
  private stderr = '';
  private count = 0;
  private searchedOut = 0;
  private searchedErr = 0;
  private running?: Running;
  /** Set when the channel closed or failed: the shell is no longer used. */
  dead?: Error;

  constructor(private readonly stream: ClientChannel) {
    stream.setEncoding('utf8');
    stream.stderr.setEncoding('utf8');
    stream.on('data', (d: string) => {
      this.stdout += d;
      this.check();
    });
    stream.stderr.on('data', (d: string) => {
      this.stderr += d;
      this.check();
    });
    const die = (why: string): void => {
      this.dead ??= new Error(why);
      const r = this.running;
      this.running = undefined;
      r?.reject(this.dead);
    };
    stream.on('error', (e: Error) => die(`host shell: ${e.message}`));
    stream.on('close', () => die('host shell closed'));
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  /**
   * Run one command (already wrapped for env, cwd and password-less become): a read as it is,
   * anything else isolated, with its stdin.
   */
  run(command: string, how: { isolated: false } | { isolated: true; stdin?: Buffer } = { isolated: false }): Promise<ShellResult> {
    if (this.dead) return Promise.reject(this.dead);
    if (this.running) return Promise.reject(new Error('host shell is busy'));
    return new Promise<ShellResult>((resolve, reject) => {
      const index = this.count++;
      this.running = { index, isolated: how.isolated, started: Date.now(), resolve, reject };
      this.stream.write(how.isolated ? isolatedCommand(this.framing, index, command, how.stdin) : framedCommand(this.framing, index, command));
    });
  }

  private check(): void {
    const r = this.running;
    if (!r) return;
    // search only what arrived since the last look (and a marker's length before it): large
    // outputs come in many chunks
    const o = findStdoutEnd(this.framing, r.index, this.stdout, Math.max(0, this.searchedOut - MARKER_ROOM));
    this.searchedOut = this.stdout.length;
    if (!o) return;
    const e = findStderrEnd(this.framing, r.index, this.stderr, Math.max(0, this.searchedErr - MARKER_ROOM));
    this.searchedErr = this.stderr.length;
    if (!e) return;
    const result: ShellResult = {
      stdout: this.stdout.slice(0, o.end),
      stderr: this.stderr.slice(0, e.end),
      exitCode: o.exitCode,
      durationMs: Date.now() - r.started,
    };
    if (r.isolated && result.stderr === noShellFolder(this.framing, r.index)) result.noFolder = true;
    this.stdout = this.stdout.slice(o.next);
    this.stderr = this.stderr.slice(e.next);
    this.searchedOut = 0;
    this.searchedErr = 0;
    this.running = undefined;
    r.resolve(result);
  }

  close(): void {
    this.dead ??= new Error('host shell closed');
    try {
      this.stream.end();
      this.stream.close();
    } catch {
      // already closed
    }
  }
}
