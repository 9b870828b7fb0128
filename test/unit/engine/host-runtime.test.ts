// A host's fact reads: cached, and the ones asked for together share one round trip (on the
// real local connection, counting the commands it is given).
import { expect } from 'chai';
import { LocalConnection } from '../../../src/connection/local.js';
import type { ExecOptions, ExecResult } from '../../../src/connection/types.js';
import { HostRuntime } from '../../../src/engine/run/host-runtime.js';
import { fileStateFact } from '../../../src/facts/file-state.js';
import { sysctlValueFact } from '../../../src/facts/sysctl-value.js';
import type { FactDefinition } from '../../../src/facts/types.js';

class CountingConnection extends LocalConnection {
  readonly commands: Array<{ command: string; options: ExecOptions }> = [];

  override exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    this.commands.push({ command, options });
    return super.exec(command, options);
  }
}

const echoFact: FactDefinition<string, { text: string; code?: number }> = {
  name: 'echo',
  command: ({ text, code }) => `printf '%s' '${text}'; printf 'err-${text}' >&2; exit ${code ?? 0}`,
  parse: (r) => `${r.stdout}|${r.stderr}|${r.exitCode}`,
};

describe('HostRuntime fact reads', () => {
  it('facts asked for together travel in one read-only command and come back apart', async () => {
    const c = new CountingConnection('local');
    const host = new HostRuntime('local');
    const [a, b, passwd, missing] = await Promise.all([
      host.readFact(c, echoFact, { text: 'a' }, undefined),
      host.readFact(c, echoFact, { text: 'b', code: 3 }, undefined),
      host.readFact(c, fileStateFact, { path: '/etc/passwd' }, undefined),
      host.readFact(c, sysctlValueFact, { name: 'no.such.parameter' }, undefined),
    ]);
    expect(c.commands).to.have.length(1);
    expect(c.commands[0]!.options.readOnly).to.equal(true);
    expect([a, b]).to.deep.equal(['a|err-a|0', 'b|err-b|3']);
    expect(passwd.kind).to.equal('file');
    expect(missing.exists).to.equal(false);
  });

  it('a fact read alone is sent as it is; a second ask is answered from the cache until the host changes', async () => {
    const c = new CountingConnection('local');
    const host = new HostRuntime('local');
    expect(await host.readFact(c, echoFact, { text: 'x' }, undefined)).to.equal('x|err-x|0');
    expect(c.commands.map((e) => e.command)).to.deep.equal([echoFact.command({ text: 'x' })]);
    await host.readFact(c, echoFact, { text: 'x' }, undefined);
    expect(c.commands).to.have.length(1);
    host.forgetFacts();
    await host.readFact(c, echoFact, { text: 'x' }, undefined);
    expect(c.commands).to.have.length(2);
  });

  it('reads under different become users are not mixed in one command', async () => {
    const c = new CountingConnection('local');
    const host = new HostRuntime('local');
    const seen: string[] = [];
    const stub = Object.assign(Object.create(c) as CountingConnection, {
      exec: (command: string, options: ExecOptions = {}): Promise<ExecResult> => {
        seen.push(options.become?.user ?? '-');
        return c.exec(command, { ...options, become: undefined });
      },
    });
    await Promise.all([
      host.readFact(stub, echoFact, { text: 'a' }, { user: 'root' }),
      host.readFact(stub, echoFact, { text: 'b' }, { user: 'postgres' }),
      host.readFact(stub, echoFact, { text: 'c' }, { user: 'root' }),
    ]);
    expect(seen.sort()).to.deep.equal(['postgres', 'root']);
  });
});
