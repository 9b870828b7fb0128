// ConnectionPool: one connection per connection spec, opened lazily and concurrently; failures remembered.
import { expect } from 'chai';
import { ConnectionPool } from '../../../src/connection/pool.js';
import type { Connection, ConnectionSpec, ExecResult } from '../../../src/connection/types.js';
import { HostUnreachableError } from '../../../src/errors.js';

// Opens under way at once: concurrency seen structurally, not by a wall-clock bound that a loaded
// machine can exceed.
const openings = { now: 0, most: 0 };

class FakeConnection implements Connection {
  opens = 0;
  closed = false;
  constructor(
    readonly hostName: string,
    private readonly fails: boolean,
  ) {}
  async open(): Promise<void> {
    this.opens++;
    openings.now++;
    openings.most = Math.max(openings.most, openings.now);
    await new Promise((r) => setTimeout(r, 20));
    openings.now--;
    if (this.fails) throw new HostUnreachableError(this.hostName, 'connection refused');
  }
  async exec(): Promise<ExecResult> {
    return { stdout: '', stderr: '', exitCode: 0, durationMs: 0 };
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

const specFor = (host: string): ConnectionSpec => ({ hostName: host, kind: 'ssh', address: host, port: 22, hostKeyChecking: true, connectTimeoutMs: 1000 });

describe('ConnectionPool', () => {
  it('opens each spec once, hosts concurrently, and remembers a failure for the run', async () => {
    const made: FakeConnection[] = [];
    const pool = new ConnectionPool((spec) => {
      const f = new FakeConnection(spec.hostName, spec.hostName === 'bad');
      made.push(f);
      return f;
    });
    openings.most = 0;
    const [a, b, a2] = await Promise.all([pool.get(specFor('a')), pool.get(specFor('b')), pool.get(specFor('a'))]);
    expect(openings.most, 'connections opening at once').to.equal(2); // a and b concurrently; a once
    expect(a).to.equal(a2);
    expect(a).to.not.equal(b);
    const errors = await Promise.all(
      [pool.get(specFor('bad')), pool.get(specFor('bad'))].map((p) =>
        p.then(
          () => undefined,
          (e: unknown) => e,
        ),
      ),
    );
    expect(errors[0]).to.be.instanceOf(HostUnreachableError);
    expect(errors[1]).to.equal(errors[0]);
    expect(made.map((m) => [m.hostName, m.opens])).to.deep.equal([
      ['a', 1],
      ['b', 1],
      ['bad', 1],
    ]);
    await pool.closeAll();
    expect(made.every((m) => m.closed)).to.equal(true);
  });
  it('the same host reached another way (other user, local) gets a connection of its own', async () => {
    const made: ConnectionSpec[] = [];
    const pool = new ConnectionPool((spec) => {
      made.push(spec);
      return new FakeConnection(spec.hostName, false);
    });
    const a = await pool.get(specFor('a'));
    expect(await pool.get({ ...specFor('a') })).to.equal(a);
    expect(await pool.get({ ...specFor('a'), user: 'deploy' })).to.not.equal(a);
    expect(await pool.get({ ...specFor('a'), kind: 'local' })).to.not.equal(a);
    expect(made.map((s) => [s.kind, s.user])).to.deep.equal([
      ['ssh', undefined],
      ['ssh', 'deploy'],
      ['local', undefined],
    ]);
    await pool.closeAll();
  });
  it('a local spec gets a LocalConnection by default', async () => {
    const pool = new ConnectionPool();
    const c = await pool.get({ ...specFor('here'), kind: 'local' });
    expect((await c.exec('echo hi')).stdout).to.equal('hi\n');
    await pool.closeAll();
  });
});
