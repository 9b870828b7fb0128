// Every fact's command and parser, on recorded output: one fixture per case in
// test/fixtures/facts/<fact name>/<case>.json (format in test/fixtures/README.md). The fixture
// pins the command, so a changed command fails here until its recorded output is renewed.
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturePath } from '../../helpers/paths.js';
import type { FactDefinition } from '../../../src/facts/types.js';

interface FactFixture {
  description?: string;
  args?: unknown;
  /** Exactly what fact.command(args) returns. */
  command: string;
  output: { stdout: string; stderr: string; exitCode: number };
  expected?: unknown;
  /** Instead of expected: a substring of the error's message. */
  error?: string;
  /** The error's name when not FactParseError or ModuleFailure. */
  errorName?: string;
}

// Every fact in src/facts/, found by its shape (name, command, parse): a new fact file needs no
// registration, only its fixture folder.
const FACTS = new Map<string, FactDefinition<unknown, unknown>>();
const factsDir = new URL('../../../src/facts/', import.meta.url);
for (const file of readdirSync(factsDir)
  .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
  .sort()) {
  const exported = (await import(new URL(file, factsDir).href)) as Record<string, unknown>;
  for (const value of Object.values(exported)) {
    const f = value as Partial<FactDefinition<unknown, unknown>> | undefined;
    if (f && typeof f === 'object' && typeof f.name === 'string' && typeof f.command === 'function' && typeof f.parse === 'function') {
      FACTS.set(f.name, f as FactDefinition<unknown, unknown>);
    }
  }
}

const root = fixturePath('facts');

describe('fact fixtures', () => {
  it('every fact has a fixture folder', () => {
    const folders = new Set(readdirSync(root));
    expect([...FACTS.keys()].filter((name) => !folders.has(name))).to.deep.equal([]);
  });
});

for (const factName of readdirSync(root).sort()) {
  describe(`fact ${factName} (recorded output)`, () => {
    for (const file of readdirSync(join(root, factName))
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const fx = JSON.parse(readFileSync(join(root, factName, file), 'utf8')) as FactFixture;
      it(`${file.replace(/\.json$/, '')}${fx.description ? `: ${fx.description}` : ''}`, () => {
        const fact = FACTS.get(factName);
        expect(fact, `unknown fact ${factName}`).to.not.equal(undefined);
        expect(fact!.command(fx.args), 'the command the output was recorded from').to.equal(fx.command);
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
