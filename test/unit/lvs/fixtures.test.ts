// The LVS modules on fixtures: arguments and facts in, planned commands, diff and written file
// contents out. One file per case in test/fixtures/lvs/<module>/<case>.json:
// {
//   "description": "...",
//   "args": { ... },                              validated against the module's schema first
//   "facts": { "<fact name> <JSON args>": value | { "output": { "stdout", "stderr", "exitCode" } } },
//   "expected": {
//     "error": "substring",                       schema error or ModuleFailure/FactParseError
//     "steps": ["exact command", ...],            every step's command (ignored: write steps' scripts,
//                                                 listed as "write <path>" instead)
//     "changed": bool, "msg": "substring",
//     "diff": [{ "label", "before", "after" }],   exact
//     "writes": { "<path>": "exact content" },    the content each write step sends
//     "data": { ... }                             exact
//   }
// }
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { moduleRegistry } from '../../../src/modules/registry.js';
import type { Plan, Step } from '../../../src/modules/types.js';
import { fixturePath } from '../../helpers/paths.js';
import { lvsFixtureContext } from './fixture-facts.js';

interface LvsFixture {
  description?: string;
  args: Record<string, unknown>;
  facts: Record<string, unknown>;
  expected: {
    error?: string;
    steps?: string[];
    changed?: boolean;
    msg?: string;
    diff?: Array<{ label: string; before: string; after: string }>;
    writes?: Record<string, string>;
    data?: Record<string, unknown>;
  };
}

const root = fixturePath('lvs');
const registry = moduleRegistry();

/** A write step is shown as "write <path>": its script is managed-file.ts's, tested there. */
function stepText(step: Step): string {
  return step.stdin !== undefined && step.describe.startsWith('write ') ? step.describe : step.command;
}

for (const moduleName of readdirSync(root)
  .filter((d) => d !== 'facts')
  .sort()) {
  describe(`lvs module ${moduleName} (fixtures)`, () => {
    for (const file of readdirSync(join(root, moduleName))
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const fx = JSON.parse(readFileSync(join(root, moduleName, file), 'utf8')) as LvsFixture;
      it(`${file.replace(/\.json$/, '')}${fx.description ? `: ${fx.description}` : ''}`, async () => {
        const module = registry.find(moduleName);
        expect(module, `no module ${moduleName}`).to.not.equal(undefined);
        const args = structuredClone(fx.args);
        const argErrors = registry.validate(module!, args);
        if (argErrors.length) {
          expect(fx.expected.error, `arguments rejected: ${argErrors.map((e) => e.message).join('; ')}`).to.be.a('string');
          expect(argErrors.map((e) => e.message).join('; ')).to.include(fx.expected.error);
          return;
        }
        const asked: string[] = [];
        let plan: Plan;
        try {
          plan = await module!.plan(args, lvsFixtureContext(fx.facts, asked));
        } catch (err) {
          if (fx.expected.error === undefined) throw err;
          expect((err as Error).message).to.include(fx.expected.error);
          expect((err as Error).name).to.be.oneOf(['ModuleFailure', 'FactParseError']);
          return;
        }
        expect(fx.expected.error, 'the fixture expects an error').to.equal(undefined);
        if (fx.expected.steps) expect(plan.steps.map(stepText)).to.deep.equal(fx.expected.steps);
        if (fx.expected.changed !== undefined) expect(plan.steps.length > 0, 'changed').to.equal(fx.expected.changed);
        if (fx.expected.msg !== undefined) expect(plan.msg ?? '').to.include(fx.expected.msg);
        if (fx.expected.diff) expect(plan.diff ?? []).to.deep.equal(fx.expected.diff);
        if (fx.expected.data) expect(plan.data).to.deep.equal(fx.expected.data);
        const writes = Object.fromEntries(plan.steps.filter((s) => s.stdin !== undefined).map((s) => [s.describe.replace(/^write /, ''), s.stdin]));
        expect(writes, 'written files').to.deep.equal(fx.expected.writes ?? {});
        for (const s of plan.steps) expect(s.command, 'never clear the IPVS table').to.not.match(/ipvsadm\s+-C\b|--clear/);
        const unused = Object.keys(fx.facts).filter((k) => !asked.includes(k));
        expect(unused, 'fixture facts the module never asked for').to.deep.equal([]);
      });
    }
  });
}
