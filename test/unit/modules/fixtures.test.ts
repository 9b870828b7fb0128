// Every module on its fixtures: arguments and facts in, planned commands, diff, written files and
// result out. One file per case in test/fixtures/modules/<module>/<case>.json, found by folder
// (format in test/fixtures/README.md). Facts are exact both ways: a fact the fixture does not
// list fails the test, and so does a listed fact the module never asked for.
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { moduleRegistry } from '../../../src/modules/registry.js';
import { moduleIndex } from '../../../src/modules/index.js';
import { planChanges, type Plan, type Step } from '../../../src/modules/types.js';
import { fixturePath } from '../../helpers/paths.js';
import { execResult, fixtureContext, type ModuleFixture } from '../../helpers/fixture-context.js';
import { removeDir, scratchDir } from '../../helpers/scratch.js';

const root = fixturePath('modules');
const registry = moduleRegistry();

/** A file write is shown as "write <path>": its script is managed-file.ts's, tested there. */
function stepText(step: Step): string {
  return step.stdin !== undefined && step.describe.startsWith('write ') ? step.describe : step.command;
}

function writesOf(plan: Plan): Record<string, string | undefined> {
  return Object.fromEntries(plan.steps.filter((s) => s.stdin !== undefined && s.describe.startsWith('write ')).map((s) => [s.describe.slice(6), s.stdin]));
}

describe('module declarations', () => {
  for (const name of registry.names()) {
    it(`${name}: its declaration compiles`, () => {
      expect(() => registry.check(registry.find(name)!, {})).to.not.throw();
    });
  }
  it('every module has fixtures: a change, no change, and an invalid or edge case at least', () => {
    const dirs = new Set(readdirSync(root));
    for (const m of moduleIndex) {
      expect(dirs.has(m.name), `test/fixtures/modules/${m.name}`).to.equal(true);
      expect(readdirSync(join(root, m.name)).filter((f) => f.endsWith('.json')).length, m.name).to.be.at.least(3);
    }
  });
  it('Ansible spellings find the same module', () => {
    expect(registry.find('ansible.builtin.copy')?.name).to.equal('copy');
    expect(registry.find('systemd_service')?.name).to.equal('systemd');
    expect(registry.find('ansible.builtin.service')?.name).to.equal('service');
    expect(registry.find('package')?.name).to.equal('package');
  });
});

for (const moduleName of readdirSync(root).sort()) {
  describe(`module ${moduleName} (fixtures)`, () => {
    let filesDir: string;
    before(() => {
      filesDir = scratchDir('lvsplay-fixture-files-');
    });
    after(() => removeDir(filesDir));
    for (const file of readdirSync(join(root, moduleName))
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const fx = JSON.parse(readFileSync(join(root, moduleName, file), 'utf8')) as ModuleFixture;
      it(`${file.replace(/\.json$/, '')}${fx.description ? `: ${fx.description}` : ''}`, async () => {
        const module = registry.find(moduleName);
        expect(module, `no module ${moduleName}`).to.not.equal(undefined);
        const e = fx.expected;
        const { args, problems: argErrors } = registry.check(module!, structuredClone(fx.args));
        if (argErrors.length) {
          expect(e.error, `arguments rejected: ${argErrors.map((a) => a.message).join('; ')}`).to.be.a('string');
          expect(argErrors.map((a) => a.message).join('; ')).to.include(e.error);
          return;
        }
        const asked: string[] = [];
        let plan: Plan;
        try {
          plan = await module!.plan(args, fixtureContext(fx, asked, join(filesDir, file)));
        } catch (err) {
          if (e.error === undefined) throw err;
          expect((err as Error).message).to.include(e.error);
          expect((err as Error).name).to.be.oneOf(e.errorName ? [e.errorName] : ['ModuleFailure', 'FactParseError']);
          return;
        }
        expect(e.error, 'the fixture expects an error').to.equal(undefined);
        const commands = plan.steps.map((s) => s.command);
        if (e.steps) expect(plan.steps.map(stepText)).to.deep.equal(e.steps);
        if (e.describes) expect(plan.steps.map((s) => s.describe)).to.deep.equal(e.describes);
        for (const s of e.stepsInclude ?? []) expect(commands.join('\n')).to.include(s);
        if (e.changed !== undefined) expect(planChanges(plan), 'changed').to.equal(e.changed);
        if (e.failed !== undefined) expect(plan.failed === true, 'failed').to.equal(e.failed);
        if (e.diff !== undefined) expect(plan.diff ?? []).to.deep.equal(e.diff);
        for (const s of e.diffAfterIncludes ?? []) expect((plan.diff ?? []).map((d) => d.after).join('\n')).to.include(s);
        if (e.writes !== undefined) expect(writesOf(plan), 'written files').to.deep.equal(e.writes);
        for (const s of e.stdinIncludes ?? []) expect(plan.steps.map((st) => st.stdin ?? '').join('\n')).to.include(s);
        if (e.msg !== undefined) expect(plan.msg).to.equal(e.msg);
        if (e.msgIncludes !== undefined) expect(plan.msg ?? '').to.include(e.msgIncludes);
        if (e.checkModeSkip !== undefined) expect(plan.checkModeSkip, 'checkModeSkip').to.equal(e.checkModeSkip);
        for (const [k, v] of Object.entries(e.data ?? {})) expect(plan.data?.[k], `data.${k}`).to.deep.equal(v);
        if (e.summary) {
          expect(typeof module!.summarize, 'summarize').to.equal('function');
          const summary = module!.summarize!(args, plan, (fx.outputs ?? []).map(execResult));
          for (const [k, v] of Object.entries(e.summary)) expect(summary[k], `summary.${k}`).to.deep.equal(v);
        }
        // Whatever the module: nothing ever clears the whole IPVS table (other services live there).
        for (const c of commands) expect(c, 'never clear the IPVS table').to.not.match(/ipvsadm\s+-C\b|--clear/);
        const unused = Object.keys(fx.facts).filter((k) => !asked.includes(k));
        expect(unused, 'fixture facts the module never asked for').to.deep.equal([]);
      });
    }
  });
}
