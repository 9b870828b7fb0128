// A host's fact reads: cached, and the ones asked for together share one round trip (on the
// real local connection, counting the commands it is given).
import { expect } from 'chai';
import { LocalConnection } from '../../../src/connection/local.js';
import type { ExecOptions, ExecResult } from '../../../src/connection/types.js';
import { HostRuntime } from '../../../src/engine/run/host-runtime.js';
import { fileStateFact } from '../../../src/facts/file-state.js';
import { sysctlValueFact } from '../../../src/facts/sysctl-value.js';
import type { FactDefinition } from '../../../src/facts/types.js';
import type { ModuleContext } from '../../../src/modules/types.js';
import { lvsVerifyModule } from '../../../src/modules/lvs-verify/index.js';
import type { VerifyArgs } from '../../../src/modules/lvs-verify/checks.js';

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
  it('lvs_verify reads a director, and a node, in one round trip each (this machine, whatever it has)', async () => {
    for (const args of [
      {
        role: 'director',
        vips: ['10.77.0.50'],
        services: [{ vip: '10.77.0.50', fwmark: 80, scheduler: 'lc', persistence: 0, real_servers: [{ address: '10.77.0.21' }] }],
        drained: [],
        interface: 'eth0',
        ha: 'none',
        holds_vip: true,
        rules_file: '/etc/iptables/rules.v4',
        director_interfaces_file: '/etc/network/interfaces.d/lvsplay-vip',
      },
      {
        role: 'node',
        vips: ['10.77.0.50'],
        sysctl_file: '/etc/sysctl.d/90-lvsplay-lvs-dr.conf',
        node_interfaces_file: '/etc/network/interfaces.d/lvsplay-lo0',
      },
    ] satisfies VerifyArgs[]) {
      const c = new CountingConnection('local');
      const host = new HostRuntime('local');
      const refuse = (): never => {
        throw new Error('lvs_verify reads through facts only');
      };
      const ctx: ModuleContext = {
        host: 'local',
        vars: {},
        fact: (fact, factArgs) => host.readFact(c, fact, factArgs, { user: 'root' }),
        read: refuse,
        findFile: refuse,
        readVarsFile: refuse,
        renderTemplate: refuse,
        evaluate: refuse,
        evaluateCondition: refuse,
      };
      // With become: facts that need no root still share the round trip.
      const becomeRoot = c.exec.bind(c);
      c.exec = (command, options) => becomeRoot(command, { ...options, become: undefined });
      const plan = await lvsVerifyModule.plan({ drained: [], ...args }, ctx);
      expect(c.commands, args.role).to.have.length(1);
      expect(plan.data?.checks, args.role).to.be.an('array').with.length.greaterThan(0);
    }
  });

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
