// The LVS facts' parsers on recorded command output, one fixture per case in
// test/fixtures/lvs/facts/<fact>/<case>.json:
// { "args"?, "output": { stdout, stderr, exitCode }, "expected" | "error" (substring), "errorName"? }
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturePath } from '../../helpers/paths.js';
import type { FactDefinition } from '../../../src/facts/types.js';
import { ipvsTableFact } from '../../../src/facts/ipvs-table.js';
import { ipAddressesFact } from '../../../src/facts/ip-addresses.js';
import { iptablesRulePresentFact } from '../../../src/facts/iptables-rule-present.js';
import { defaultRouteInterfaceFact } from '../../../src/facts/default-route.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const FACTS: Record<string, FactDefinition<any, any>> = Object.fromEntries(
  [ipvsTableFact, ipAddressesFact, iptablesRulePresentFact, defaultRouteInterfaceFact].map((f) => [f.name, f]),
);

interface FactFixture {
  description?: string;
  args?: unknown;
  output: { stdout: string; stderr: string; exitCode: number };
  expected?: unknown;
  error?: string;
  errorName?: string;
}

const root = fixturePath('lvs', 'facts');
for (const factName of readdirSync(root).sort()) {
  describe(`lvs fact ${factName} (recorded output)`, () => {
    for (const file of readdirSync(join(root, factName))
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const fx = JSON.parse(readFileSync(join(root, factName, file), 'utf8')) as FactFixture;
      it(`${file.replace(/\.json$/, '')}${fx.description ? `: ${fx.description}` : ''}`, () => {
        const fact = FACTS[factName];
        expect(fact, `unknown fact ${factName}`).to.not.equal(undefined);
        expect(fact!.command(fx.args)).to.be.a('string').and.not.equal('');
        const run = (): unknown => fact!.parse({ ...fx.output, durationMs: 1 }, fx.args);
        if (fx.error === undefined) {
          expect(run()).to.deep.equal(fx.expected);
          return;
        }
        let caught: Error | undefined;
        try {
          run();
        } catch (err) {
          caught = err as Error;
        }
        expect(caught, 'an error').to.be.instanceOf(Error);
        expect(caught!.message).to.include(fx.error);
        expect(caught!.name).to.be.oneOf(fx.errorName ? [fx.errorName] : ['FactParseError', 'ModuleFailure']);
      });
    }
  });
}
