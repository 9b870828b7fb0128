// Running the machine's own tools (ip, ssh-keygen, qemu, ...) for the lab.
import { spawn } from 'node:child_process';

export interface ShResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  input?: string;
  timeoutMs?: number;
  /** Also copy the program's stderr to ours as it comes (a long build, --verbose). */
  passStderr?: boolean;
}

/** Run a command (argv, no shell); resolves with its output whatever the exit code. */
export function run(argv: string[], options: RunOptions = {}): Promise<ShResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (options.passStderr) process.stderr.write(d);
    });
    const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : undefined;
    child.on('error', reject);
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.on('error', () => undefined); // the program may exit without reading its input
    child.stdin.end(options.input ?? '');
  });
}

/** Run and fail with the end of the command's stderr (one line) when it exits non-zero. */
export async function must(argv: string[], options: RunOptions = {}): Promise<string> {
  const r = await run(argv, options);
  if (r.code !== 0) throw new Error(`${argv.join(' ')} failed (exit ${r.code}): ${r.stderr.trim().split('\n').slice(-5).join(' | ') || r.stdout.trim()}`);
  return r.stdout;
}

/** A bash script, fed on stdin. */
export function bash(script: string, options: { timeoutMs?: number } = {}): Promise<ShResult> {
  return run(['bash', '-euo', 'pipefail', '-s'], { input: script, ...options });
}
