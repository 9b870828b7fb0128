// Runs the real `lvsplay` command (the built bin/lvsplay.js) as a user would.
import { spawn, type ChildProcess } from 'node:child_process';
import { repoPath } from './paths.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
}

/** The real lvsplay as a child process, for a test that must signal it (SIGKILL mid-run). */
export function spawnCli(args: string[], options: CliOptions = {}): { child: ChildProcess; done: Promise<CliResult & { signal: NodeJS.Signals | null }> } {
  const child = spawn(process.execPath, [repoPath('bin', 'lvsplay.js'), ...args], {
    cwd: options.cwd ?? process.cwd(),
    env: { ...process.env, NO_COLOR: '1', CI: '1', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult & { signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? -1, signal, stdout, stderr }));
  });
  child.stdin.end(options.input ?? '');
  return { child, done };
}

export async function runCli(args: string[], options: CliOptions & { timeoutMs?: number } = {}): Promise<CliResult> {
  const { child, done } = spawnCli(args, options);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      child.kill('SIGKILL');
      void done.then((r) => reject(new Error(`lvsplay ${args.join(' ')} timed out\n${r.stdout}\n${r.stderr}`)));
    }, options.timeoutMs ?? 120_000);
  });
  try {
    const { code, stdout, stderr } = await Promise.race([done, timedOut]);
    return { code, stdout, stderr };
  } finally {
    clearTimeout(timer);
  }
}

/** Run with --output json and parse the document. */
export async function runJson(args: string[], options: Parameters<typeof runCli>[1] = {}): Promise<CliResult & { report: JsonRunReport }> {
  const result = await runCli([...args, '--output', 'json'], options);
  let report: JsonRunReport;
  try {
    report = JSON.parse(result.stdout) as JsonRunReport;
  } catch {
    throw new Error(`not JSON (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
  }
  return { ...result, report };
}

export interface JsonRunReport {
  plays: Array<{
    play: { name: string; hosts: string[] };
    tasks: Array<{ task: { name: string; module: string }; hosts: Record<string, { status: string; result: Record<string, unknown> }> }>;
  }>;
  stats: Record<string, { ok: number; changed: number; unreachable: number; failed: number; skipped: number; rescued: number; ignored: number }>;
  warnings: string[];
  outcome: string;
}

export function totalChanged(report: JsonRunReport): number {
  return Object.values(report.stats).reduce((n, s) => n + s.changed, 0);
}
