// Reads every director for `lvsplay status` through the project's connections and fact layer:
// one connection per director, kept open across refreshes, and per refresh the five facts read
// together (HostRuntime batches reads asked for in the same turn into one framed script, sent
// on the connection's long-lived read shell): one round trip per director per frame.
import { ConnectionPool } from '../connection/pool.js';
import type { ConnectionOptions } from '../connection/factory.js';
import type { BecomeOptions, Connection } from '../connection/types.js';
import { connectionSpecFor, type ConnectionOverrides } from '../engine/connection-specs.js';
import type { Inventory } from '../engine/inventory/inventory.js';
import { HostRuntime } from '../engine/run/host-runtime.js';
import { ipAddressesFact } from '../facts/ip-addresses.js';
import { ipvsListingFact } from '../facts/ipvs-listing.js';
import { processRunningFact } from '../facts/process-running.js';
import { parseBoolean } from '../util/boolean.js';
import { balancerStatus, type BalancerStatus, type DirectorExpectation, type DirectorReading } from './balancer-status.js';

export interface DirectorReaderOptions {
  overrides: ConnectionOverrides;
  connection?: ConnectionOptions;
  /** sudo to root for ipvsadm (-b, or the director's ansible_become). */
  become: boolean;
}

export class DirectorReader {
  private readonly pool: ConnectionPool;
  private readonly runtimes = new Map<string, HostRuntime>();

  constructor(
    private readonly inventory: Inventory,
    private readonly directors: DirectorExpectation[],
    private readonly options: DirectorReaderOptions,
  ) {
    this.pool = new ConnectionPool(undefined, options.connection ?? {});
  }

  /** One frame: every director read at once; a director that fails is shown with its error. */
  async read(now: () => Date = () => new Date()): Promise<BalancerStatus> {
    const readings = await Promise.all(
      this.directors.map(async (expected) => {
        try {
          return { expected, reading: await this.readDirector(expected.name) };
        } catch (err) {
          return { expected, error: (err as Error).message.split('\n')[0] ?? String(err) };
        }
      }),
    );
    return balancerStatus(readings, now());
  }

  private async readDirector(name: string): Promise<DirectorReading> {
    const vars = this.inventory.varsFor(name);
    const connection: Connection = await this.pool.get(connectionSpecFor(name, vars, this.options.overrides));
    let runtime = this.runtimes.get(name);
    if (!runtime) {
      runtime = new HostRuntime(name);
      this.runtimes.set(name, runtime);
    }
    // every frame reads afresh; the cache only makes the five reads travel together
    runtime.forgetFacts();
    const become: BecomeOptions | undefined = this.options.become || parseBoolean(vars.ansible_become) === true ? { user: 'root' } : undefined;
    const [connections, stats, rate, addresses, keepalived] = await Promise.all([
      runtime.readFact(connection, ipvsListingFact, 'connections', become),
      runtime.readFact(connection, ipvsListingFact, 'stats', become),
      runtime.readFact(connection, ipvsListingFact, 'rate', become),
      runtime.readFact(connection, ipAddressesFact, undefined, become),
      runtime.readFact(connection, processRunningFact, { name: 'keepalived' }, become),
    ]);
    return { connections, stats, rate, addresses, keepalived };
  }

  close(): Promise<void> {
    return this.pool.closeAll();
  }
}
