// Runs the real `lvsplay` command (the built bin/lvsplay.js) as a user would.
import { spawn } from 'node:child_process';
import { repoPath } from './paths.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [repoPath('bin', 'lvsplay.js'), ...args], {
      cwd: options.cwd ?? process.cwd(),
      env: { ...process.env, NO_COLOR: '1', CI: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`lvsplay ${args.join(' ')} timed out\n${stdout}\n${stderr}`));
    }, options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
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
  plays: Array<{ play: { name: string; hosts: string[] }; tasks: Array<{ task: { name: string; module: string }; hosts: Record<string, { status: string; result: Record<string, unknown> }> }> }>;
  stats: Record<string, { ok: number; changed: number; unreachable: number; failed: number; skipped: number; rescued: number; ignored: number }>;
  outcome: string;
}

export function totalChanged(report: JsonRunReport): number {
  return Object.values(report.stats).reduce((n, s) => n + s.changed, 0);
}
