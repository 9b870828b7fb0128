// The one concurrency limiter: at most N calls of run() in flight, the rest wait in arrival order.
// Used for SSH channels on one connection (below sshd's MaxSessions), for the --forks limit over
// hosts, and for the lab's parallel set-up.
export class Limit {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

/** fn over items with at most `limit` at a time, results in the items' order. */
export function mapWithLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const gate = new Limit(Math.max(1, limit));
  return Promise.all(items.map((item, i) => gate.run(() => fn(item, i))));
}
