// One connection per host for the whole run, opened on first use and concurrently for different
// hosts. A host that failed to connect stays failed for the run (no reconnect storms): every
// later get() rejects with the same HostUnreachableError.
import { createConnection, type ConnectionOptions } from './factory.js';
import type { Connection, ConnectionSpec } from './types.js';

export class ConnectionPool {
  private readonly opened = new Map<string, { connection: Connection; ready: Promise<Connection> }>();

  private readonly create: (spec: ConnectionSpec) => Connection;

  /** `create` defaults to createConnection with `options` (the passphrase prompt). */
  constructor(
    private readonly specFor: (host: string) => ConnectionSpec,
    create?: (spec: ConnectionSpec) => Connection,
    options: ConnectionOptions = {},
  ) {
    this.create = create ?? ((spec) => createConnection(spec, options));
  }

  /** The open connection to `host`; opens it on the first call. */
  get(host: string): Promise<Connection> {
    let entry = this.opened.get(host);
    if (!entry) {
      const connection = this.create(this.specFor(host));
      const ready = connection.open().then(() => connection);
      ready.catch(() => undefined); // a failure is reported to whoever awaits get(), not as unhandled
      entry = { connection, ready };
      this.opened.set(host, entry);
    }
    return entry.ready;
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
