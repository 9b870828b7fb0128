// A long-lived /bin/sh on one SSH channel for read-only commands (facts, module reads): each
// read is a line written to the shell and its framed output read back, without opening a
// channel and having sshd set up a session (fork, environment, login shell) for every read.
// One command at a time; the connection sends reads that find it busy to exec channels.
// Only for commands that change nothing and start nothing: a background process left writing
// to the shell's stdout would garble the next read's output.
import type { ClientChannel } from 'ssh2';
import { findStderrEnd, findStdoutEnd, framedCommand, newFraming, type Framing } from './framed.js';
import type { ExecResult } from './types.js';

/** More than an end marker with its exit code is long. */
const MARKER_ROOM = 80;

interface Running {
  index: number;
  started: number;
  resolve: (r: ExecResult) => void;
  reject: (err: Error) => void;
}

export class ReadShell {
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
    stream.on('error', (e: Error) => die(`read shell: ${e.message}`));
    stream.on('close', () => die('read shell closed'));
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Run one command (already wrapped for env, cwd and password-less become). */
  run(command: string): Promise<ExecResult> {
    if (this.dead) return Promise.reject(this.dead);
    if (this.running) return Promise.reject(new Error('read shell is busy'));
    return new Promise<ExecResult>((resolve, reject) => {
      const index = this.count++;
      this.running = { index, started: Date.now(), resolve, reject };
      this.stream.write(framedCommand(this.framing, index, command));
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
    const result: ExecResult = {
      stdout: this.stdout.slice(0, o.end),
      stderr: this.stderr.slice(0, e.end),
      exitCode: o.exitCode,
      durationMs: Date.now() - r.started,
    };
    this.stdout = this.stdout.slice(o.next);
    this.stderr = this.stderr.slice(e.next);
    this.searchedOut = 0;
    this.searchedErr = 0;
    this.running = undefined;
    r.resolve(result);
  }

  close(): void {
    this.dead ??= new Error('read shell closed');
    try {
      this.stream.end();
      this.stream.close();
    } catch {
      // already closed
    }
  }
}
