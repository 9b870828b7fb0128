// The run's open connections, one per way of reaching a host (the connection spec a task's
// variables resolve to), opened on first use and concurrently for different hosts. Tasks whose
// variables say the same thing share one connection; a spec that failed to connect stays failed
// for the run (no reconnect storms): every later get() rejects with the same HostUnreachableError.
import { createConnection, type ConnectionOptions } from './factory.js';
import type { Connection, ConnectionSpec } from './types.js';

export class ConnectionPool {
  private readonly opened = new Map<string, { connection: Connection; ready: Promise<Connection> }>();

  private readonly create: (spec: ConnectionSpec) => Connection;

  /** `create` defaults to createConnection with `options` (the passphrase prompt). */
  constructor(create?: (spec: ConnectionSpec) => Connection, options: ConnectionOptions = {}) {
    this.create = create ?? ((spec) => createConnection(spec, options));
  }

  /** The open connection for `spec`; opens it on the first call. */
  get(spec: ConnectionSpec): Promise<Connection> {
    const key = specKey(spec);
    let entry = this.opened.get(key);
    if (!entry) {
      const connection = this.create(spec);
      const ready = connection.open().then(() => connection);
      ready.catch(() => undefined); // a failure is reported to whoever awaits get(), not as unhandled
      entry = { connection, ready };
      this.opened.set(key, entry);
    }
    return entry.ready;
  }

  /** meta: reset_connection: close the connection for `spec` (if open); the next get() opens a new one. */
  async reset(spec: ConnectionSpec): Promise<void> {
    const key = specKey(spec);
    const entry = this.opened.get(key);
    if (!entry) return;
    this.opened.delete(key);
    await entry.ready.catch(() => undefined);
    await entry.connection.close().catch(() => undefined);
  }

  /** Close every connection, including ones still opening or failed. */
  async closeAll(): Promise<void> {
    const all = [...this.opened.values()];
    this.opened.clear();
    await Promise.all(
      all.map(async ({ connection, ready }) => {
        await ready.catch(() => undefined);
        await connection.close().catch(() => undefined);
      }),
    );
  }
}

/** Everything that decides where and how a connection goes, in a fixed order. */
function specKey(spec: ConnectionSpec): string {
  return JSON.stringify(Object.entries(spec).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
