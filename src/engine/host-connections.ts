// One connection per host for the whole run, opened on first use. A host that cannot be
// reached stays unreachable for the rest of the run (no reconnect storms).
import type { Connection, ConnectionSpec } from '../connection/types.js';
import type { ConnectionProvider } from './run/run-context.js';

export class HostConnections implements ConnectionProvider {
  private readonly opened = new Map<string, Promise<Connection>>();

  constructor(
    private readonly specFor: (host: string) => ConnectionSpec,
    private readonly create: (spec: ConnectionSpec) => Connection,
  ) {}

  get(host: string): Promise<Connection> {
    let c = this.opened.get(host);
    if (!c) {
      c = (async () => {
        const connection = this.create(this.specFor(host));
        await connection.open();
        return connection;
      })();
      this.opened.set(host, c);
    }
    return c;
  }

  async closeAll(): Promise<void> {
    const all = [...this.opened.values()];
    this.opened.clear();
    await Promise.all(all.map(async (p) => {
      try {
        await (await p).close();
      } catch {
        // a connection that never opened has nothing to close
      }
    }));
  }
}
