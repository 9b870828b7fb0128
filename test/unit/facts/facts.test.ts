// Fact parsers on recorded command output, one fixture per case in
// test/fixtures/facts/<fact>/<case>.json: { args, output: {stdout, stderr, exitCode}, expected | error }.
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturePath } from '../../helpers/paths.js';
import type { FactDefinition } from '../../../src/facts/types.js';

// Every fact in src/facts/, found by its shape (name, command, parse), so a new fact file needs
// no registration here, only its fixtures.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const FACTS: Record<string, FactDefinition<any, any>> = {};
const factsDir = new URL('../../../src/facts/', import.meta.url);
for (const file of readdirSync(factsDir)
  .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
  .sort()) {
  const exported = (await import(new URL(file, factsDir).href)) as Record<string, unknown>;
  for (const value of Object.values(exported)) {
    const f = value as Partial<FactDefinition<unknown, unknown>>;
    if (f && typeof f === 'object' && typeof f.name === 'string' && typeof f.command === 'function' && typeof f.parse === 'function') {
      FACTS[f.name] = f as FactDefinition<unknown, unknown>;
    }
  }
}

const root = fixturePath('facts');
for (const factName of readdirSync(root).sort()) {
  describe(`fact ${factName} (recorded output)`, () => {
    for (const file of readdirSync(join(root, factName)).sort()) {
      const fx = JSON.parse(readFileSync(join(root, factName, file), 'utf8')) as {
        description?: string;
        args?: unknown;
        output: { stdout: string; stderr: string; exitCode: number };
        expected?: unknown;
        error?: string;
      };
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
