// The local connection (ansible_connection=local): commands run with /bin/sh on this machine.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { CommandTimeoutError } from '../errors.js';
import type { Connection, ExecOptions, ExecResult } from './types.js';
import { StdinFeeder, wrapCommand } from './wrap-command.js';

export class LocalConnection implements Connection {
  constructor(readonly hostName: string) {}

  async open(): Promise<void> {
    // nothing to open
  }

  exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    const wrapped = wrapCommand(command, options);
    const started = Date.now();
    return new Promise((resolve, reject) => {
      // detached: the command leads its own process group, so a timeout kills all of it
      const child = spawn('/bin/sh', ['-c', wrapped.command], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdin.on('error', () => undefined); // the command may exit without reading stdin
      const feeder = new StdinFeeder(wrapped, child.stdin);
      child.stdout.on('data', (d: Buffer) => out.push(d));
      child.stderr.on('data', (d: Buffer) => {
        err.push(d);
        feeder.onStderr(d);
      });
      let timer: NodeJS.Timeout | undefined;
      let timedOut = false;
      if (options.timeoutMs !== undefined) {
        timer = setTimeout(() => {
          timedOut = true;
          try {
            process.kill(-child.pid!, 'SIGKILL');
          } catch {
            // already gone
          }
        }, options.timeoutMs);
      }
      child.on('error', (e) => {
        if (timer) clearTimeout(timer);
        reject(e);
      });
      child.on('close', (code, signal) => {
        if (timer) clearTimeout(timer);
        if (timedOut) return reject(new CommandTimeoutError(this.hostName, command, options.timeoutMs!));
        resolve({
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: feeder.cleanStderr(Buffer.concat(err).toString('utf8')),
          exitCode: code ?? 128 + signalNumber(signal),
          durationMs: Date.now() - started,
        });
      });
    });
  }

  async close(): Promise<void> {
    // nothing to close
  }
}

/** Like a shell's $?: 128 + the signal's number for a command killed by a signal (ssh2 names it without SIG). */
export function signalNumber(signal: string | null | undefined): number {
  if (!signal) return 0;
  const name = (signal.startsWith('SIG') ? signal : `SIG${signal}`) as NodeJS.Signals;
  return constants.signals[name] ?? 0;
}
