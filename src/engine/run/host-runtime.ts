// Everything the run loop keeps about one host during a run: its facts, set_facts and
// registered results, whether it is still in the play, the handlers it notified, and its fact
// cache (one per host, dropped whenever a task changes the host).
import type { Connection, BecomeOptions } from '../../connection/types.js';
import type { FactDefinition } from '../../facts/types.js';

export class HostRuntime {
  /** Gathered facts (ansible_* names), lowest of the per-host runtime layers. */
  facts: Record<string, unknown> = {};
  /** set_fact and register results. */
  readonly setFacts: Record<string, unknown> = {};
  /** Left the play: a task failed (and was not rescued). */
  failed = false;
  /** Could not be reached; out of the run. */
  unreachable = false;
  /** meta: end_host. */
  ended = false;
  /** Handler names (and listen topics) notified by changed tasks, not yet run. */
  readonly notified = new Set<string>();
  private readonly factCache = new Map<string, Promise<unknown>>();

  constructor(readonly name: string) {}

  get active(): boolean {
    return !this.failed && !this.unreachable && !this.ended;
  }

  /** Read a fact through this host's cache. */
  readFact<T, A>(connection: Connection, fact: FactDefinition<T, A>, args: A, become: BecomeOptions | undefined): Promise<T> {
    const useBecome = fact.needsBecome === false ? undefined : become;
    const key = `${fact.name}\u0000${JSON.stringify(args ?? null)}\u0000${useBecome?.user ?? ''}`;
    let cached = this.factCache.get(key) as Promise<T> | undefined;
    if (!cached) {
      cached = connection.exec(fact.command(args), { readOnly: true, ...(useBecome ? { become: useBecome } : {}) }).then((out) => fact.parse(out, args));
      this.factCache.set(key, cached);
      // A failed read is not cached: the next task asks again.
      cached.catch(() => this.factCache.delete(key));
    }
    return cached;
  }

  /** Facts describe the host as it was; after a change they may be stale. */
  forgetFacts(): void {
    this.factCache.clear();
  }
}
