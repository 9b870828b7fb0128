// Everything the run loop keeps about one host during a run: its facts, set_facts and
// registered results, whether it is still in the play, and its fact
// cache (one per host, dropped whenever a task changes the host).
import type { Connection, BecomeOptions, ExecResult } from '../../connection/types.js';
import { framedScript, newFraming, splitFramed } from '../../connection/framed.js';
import type { FactDefinition } from '../../facts/types.js';

export class HostRuntime {
  /** Gathered facts (ansible_* names, as setup returns them), lowest of the per-host runtime layers. */
  facts: Record<string, unknown> = {};
  /** Variables read by include_vars (below set_fact, above task vars). */
  readonly includedVars: Record<string, unknown> = {};
  /** set_fact and register results. */
  readonly setFacts: Record<string, unknown> = {};
  /** Left the play: a task failed (and was not rescued). */
  failed = false;
  /** Failed by an include that could not read what it names: a rescue of it is not counted (as in Ansible). */
  /** Could not be reached; out of the run. */
  unreachable = false;
  /** meta: end_host. */
  ended = false;
  private readonly factCache = new Map<string, Promise<unknown>>();
  private readonly pendingReads = new Map<string, PendingReads>();

  constructor(readonly name: string) {}

  /** Facts a task returned (setup, service_facts...): added to the gathered ones, newer winning. */
  addFacts(facts: Record<string, unknown>): void {
    this.facts = { ...this.facts, ...facts };
  }

  get active(): boolean {
    return !this.failed && !this.unreachable && !this.ended;
  }

  /** Read a fact through this host's cache. */
  readFact<T, A>(connection: Connection, fact: FactDefinition<T, A>, args: A, become: BecomeOptions | undefined): Promise<T> {
    const useBecome = fact.needsBecome === false ? undefined : become;
    const key = `${fact.name}\u0000${JSON.stringify(args ?? null)}\u0000${useBecome?.user ?? ''}`;
    let cached = this.factCache.get(key) as Promise<T> | undefined;
    if (!cached) {
      cached = this.readBatched(connection, fact.command(args), useBecome).then((out) => fact.parse(out, args));
      this.factCache.set(key, cached);
      // A failed read is not cached: the next task asks again.
      cached.catch(() => this.factCache.delete(key));
    }
    return cached;
  }

  /**
   * Fact reads asked for together (in the same turn of the event loop, e.g. a module's
   * Promise.all) travel in one round trip: one framed script, split again per fact.
   */
  private readBatched(connection: Connection, command: string, become: BecomeOptions | undefined): Promise<ExecResult> {
    const batchKey = become ? `${become.user}\u0000${become.password ?? ''}` : '';
    let batch = this.pendingReads.get(batchKey);
    if (!batch) {
      const created: PendingReads = { connection, become, entries: [] };
      batch = created;
      this.pendingReads.set(batchKey, created);
      queueMicrotask(() => {
        this.pendingReads.delete(batchKey);
        void sendReads(created);
      });
    }
    return new Promise<ExecResult>((resolve, reject) => batch.entries.push({ command, resolve, reject }));
  }

  /** Facts describe the host as it was; after a change they may be stale. */
  forgetFacts(): void {
    this.factCache.clear();
  }
}

interface PendingReads {
  connection: Connection;
  become: BecomeOptions | undefined;
  entries: Array<{ command: string; resolve: (r: ExecResult) => void; reject: (err: unknown) => void }>;
}

async function sendReads(batch: PendingReads): Promise<void> {
  const { connection, become, entries } = batch;
  const options = { readOnly: true, ...(become ? { become } : {}) };
  try {
    if (entries.length === 1) {
      entries[0]!.resolve(await connection.exec(entries[0]!.command, options));
      return;
    }
    const framing = newFraming();
    const whole = await connection.exec(
      framedScript(
        framing,
        entries.map((e) => e.command),
      ),
      options,
    );
    splitFramed(framing, entries.length, whole).forEach((r, i) => entries[i]!.resolve(r));
  } catch (err) {
    for (const e of entries) e.reject(err);
  }
}
