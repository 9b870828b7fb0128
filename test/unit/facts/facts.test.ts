// Fact parsers on recorded command output, one fixture per case in
// test/fixtures/facts/<fact>/<case>.json: { args, output: {stdout, stderr, exitCode}, expected | error }.
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturePath } from '../../helpers/paths.js';
import type { FactDefinition } from '../../../src/facts/types.js';
import { ipvsTableFact } from '../../../src/facts/ipvs-table.js';
import { ipAddressesFact } from '../../../src/facts/ip-addresses.js';
import { fileStateFact } from '../../../src/facts/file-state.js';
import { dpkgPackagesFact } from '../../../src/facts/dpkg-packages.js';
import { serviceStateFact } from '../../../src/facts/service-state.js';
import { sysctlValueFact } from '../../../src/facts/sysctl-value.js';
import { iptablesRulePresentFact } from '../../../src/facts/iptables-rule-present.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const FACTS: Record<string, FactDefinition<any, any>> = Object.fromEntries(
  [ipvsTableFact, ipAddressesFact, fileStateFact, dpkgPackagesFact, serviceStateFact, sysctlValueFact, iptablesRulePresentFact].map((f) => [f.name, f]),
);

const root = fixturePath('facts');
for (const factName of readdirSync(root).sort()) {
  describe(`fact ${factName} (recorded output)`, () => {
    for (const file of readdirSync(join(root, factName)).sort()) {
      const fx = JSON.parse(readFileSync(join(root, factName, file), 'utf8')) as { description?: string; args?: unknown; output: { stdout: string; stderr: string; exitCode: number }; expected?: unknown; error?: string };
      it(`${file.replace(/\.json$/, '')}${fx.description ? `: ${fx.description}` : ''}`, () => {
        const fact = FACTS[factName];
        expect(fact, `unknown fact ${factName}`).to.not.equal(undefined);
        expect(fact!.command(fx.args)).to.be.a('string').and.not.equal('');
        const run = (): unknown => fact!.parse({ ...fx.output, durationMs: 1 }, fx.args);
        if (fx.error) expect(run).to.throw(fx.error);
        else expect(run()).to.deep.equal(fx.expected);
      });
    }
  });
}
