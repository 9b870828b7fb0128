// Runs every play of a loaded playbook and decides the exit status. The CLI calls this; so do
// tests and the benchmark, without the CLI.
import type { Playbook } from '../playbook/model.js';
import { runPlay } from './run-play.js';
import type { RunContext } from './run-context.js';

export type RunOutcome = 'ok' | 'failed' | 'unreachable' | 'interrupted';

export async function runPlaybook(run: RunContext, playbook: Playbook): Promise<{ outcome: RunOutcome; wallMs: number }> {
  const started = Date.now();
  try {
    for (const play of playbook.plays) {
      const end = await runPlay(run, play);
      if (end === 'stop-run' || run.interrupted) break;
    }
  } finally {
    await run.connections.closeAll();
  }
  const wallMs = Date.now() - started;
  run.events.recap?.(run.stats.byHost, wallMs);
  // Failed means a host is still failed at the end: rescue and meta: clear_host_errors clear it (as in Ansible).
  const anyFailed = [...run.hosts.values()].some((h) => h.failed);
  const outcome: RunOutcome = run.interrupted ? 'interrupted' : run.stats.anyUnreachable() ? 'unreachable' : anyFailed ? 'failed' : 'ok';
  return { outcome, wallMs };
}
