// Fact gathering for a play (gather_facts) and the setup module: the host_facts fact for a
// gather_subset, within gather_timeout, plus the two facts Ansible's setup adds about itself.
import type { Connection } from '../../connection/types.js';
import { ModuleFailure } from '../../errors.js';
import { hostFactsFact } from '../../facts/host-facts.js';
import { collectorsFor, hostFactsArgsFor } from '../../facts/setup/subsets.js';

/** Ansible's default gather_timeout, in seconds. */
export const DEFAULT_GATHER_TIMEOUT = 10;

/**
 * How long the one gathering round trip may take. Ansible's gather_timeout bounds each fact
 * collector on its own, not the whole gathering; lvsplay runs the chosen collectors in one script,
 * so the script gets gather_timeout once per collector. (A limit on the whole script failed every
 * play on the lab's emulated directors under load, where the script alone took over 10 s.)
 */
export function gatherLimitMs(collectors: number, gatherTimeoutMs: number): number {
  return gatherTimeoutMs > 0 ? gatherTimeoutMs * Math.max(1, collectors) : 0;
}

/**
 * Gather the facts of `subset` in one round trip, in the play's environment (ansible_env shows
 * it); a bad subset word or a timeout fails with a message.
 */
export async function gatherHostFacts(
  connection: Connection,
  subset: string[],
  timeoutMs: number,
  env?: Record<string, string>,
): Promise<Record<string, unknown>> {
  const chosen = collectorsFor(subset);
  if (typeof chosen === 'string') throw new ModuleFailure(chosen);
  const args = hostFactsArgsFor(subset);
  const limitMs = gatherLimitMs(chosen.length, timeoutMs);
  const output = await connection.exec(hostFactsFact.command(args), {
    readOnly: true,
    ...(limitMs > 0 ? { timeoutMs: limitMs } : {}),
    ...(env ? { env } : {}),
  });
  return { ...hostFactsFact.parse(output, args), gather_subset: subset, module_setup: true };
}
