// Every module fixture: arguments and facts in, planned commands out. One file per case in
// test/fixtures/modules/<module>/<case>.json (format: test/helpers/fixture-context.ts).
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { moduleRegistry } from '../../../src/modules/registry.js';
import { fixturePath } from '../../helpers/paths.js';
import { fixtureContext, type ModuleFixture } from '../../helpers/fixture-context.js';

const root = fixturePath('modules');
const registry = moduleRegistry();

describe('module schemas', () => {
  it('every module schema compiles', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    for (const name of registry.names()) expect(() => ajv.compile(registry.find(name)!.argsSchema), name).to.not.throw();
  });
});

for (const moduleName of readdirSync(root).sort()) {
  describe(`module ${moduleName} (fixtures)`, () => {
    for (const file of readdirSync(join(root, moduleName)).filter((f) => f.endsWith('.json')).sort()) {
      const fx = JSON.parse(readFileSync(join(root, moduleName, file), 'utf8')) as ModuleFixture;
      it(`${file.replace(/\.json$/, '')}${fx.description ? `: ${fx.description}` : ''}`, async () => {
        const module = registry.find(moduleName);
        expect(module, `no module ${moduleName}`).to.not.equal(undefined);
        const args = structuredClone(fx.args);
        const argErrors = registry.validate(module!, args);
        if (fx.expected.error && argErrors.length) {
          expect(argErrors.map((e) => e.message).join('; ')).to.include(fx.expected.error);
          return;
        }
        expect(argErrors, 'fixture arguments must validate').to.deep.equal([]);
        const asked: string[] = [];
        let plan;
        try {
          plan = await module!.plan(args, fixtureContext(fx, asked));
        } catch (err) {
          if (fx.expected.error) {
            expect((err as Error).message).to.include(fx.expected.error);
            return;
          }
          throw err;
        }
        expect(fx.expected.error, 'expected an error').to.equal(undefined);
        if (fx.expected.steps) expect(plan.steps.map((s) => s.command)).to.deep.equal(fx.expected.steps);
        if (fx.expected.describes) expect(plan.steps.map((s) => s.describe)).to.deep.equal(fx.expected.describes);
        if (fx.expected.changed !== undefined) expect(plan.steps.length > 0, 'changed').to.equal(fx.expected.changed);
        if (fx.expected.failed !== undefined) expect(plan.failed === true, 'failed').to.equal(fx.expected.failed);
        for (const s of fx.expected.diffAfterIncludes ?? []) expect((plan.diff ?? []).map((d) => d.after).join('\n')).to.include(s);
        for (const s of fx.expected.stdinIncludes ?? []) expect(plan.steps.map((st) => st.stdin ?? '').join('\n')).to.include(s);
        if (fx.expected.writes !== undefined) {
          const writes = plan.steps.filter((s) => s.stdin !== undefined);
          expect(writes.length, 'a file write step').to.be.greaterThan(0);
          expect(writes[writes.length - 1]!.stdin).to.equal(fx.expected.writes);
        }
        if (fx.expected.msgIncludes) expect(plan.msg ?? '').to.include(fx.expected.msgIncludes);
        const unused = Object.keys(fx.facts).filter((k) => !asked.includes(k));
        expect(unused, 'fixture facts the module never asked for').to.deep.equal([]);
      });
    }
  });
}
