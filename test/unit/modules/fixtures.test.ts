// Every module fixture: arguments and facts in, planned commands out. One file per case in
// test/fixtures/modules/<module>/<case>.json; the format is described in test/fixtures/README.md.
// The context answers facts only from the fixture: a fact the fixture does not list fails the
// test, and so does a listed fact the module never asked (fixtures stay exact).
import { expect } from 'chai';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import { moduleRegistry } from '../../../src/modules/registry.js';
import { builtinModules } from '../../../src/modules/builtin.js';
import type { ModuleContext, Plan } from '../../../src/modules/types.js';
import type { ExecResult } from '../../../src/connection/types.js';
import { fixturePath } from '../../helpers/paths.js';
import { fixtureContext, type ModuleFixture } from '../../helpers/fixture-context.js';
import { removeDir, scratchDir } from '../../helpers/scratch.js';

interface RecordedRead {
  /** Substrings the command must contain. */
  commandIncludes?: string[];
  stdout?: string;
  stderr?: string;
  exitCode?: number;
}

interface Fixture extends ModuleFixture {
  /** Answers to ctx.read(), in order (wait_for, ping). */
  reads?: RecordedRead[];
  /** What the steps printed, fed to summarize(). */
  outputs?: Array<Partial<ExecResult>>;
  expected: ModuleFixture['expected'] & {
    /** Substrings that must appear in the steps' commands (for long scripts). */
    stepsInclude?: string[];
    /** Exact diff entries. */
    diff?: Plan['diff'];
    msg?: string;
    /** Each key must deep-equal the plan's data[key]. */
    data?: Record<string, unknown>;
    /** Each key must deep-equal what summarize() returns for `outputs`. */
    summary?: Record<string, unknown>;
  };
}

const root = fixturePath('modules');
const registry = moduleRegistry();
const exec = (r: Partial<ExecResult>): ExecResult => ({
  stdout: r.stdout ?? '',
  stderr: r.stderr ?? '',
  exitCode: r.exitCode ?? 0,
  durationMs: r.durationMs ?? 1,
});

function contextFor(fx: Fixture, asked: string[], filesDir: string): ModuleContext {
  const base = fixtureContext(fx, asked);
  const reads = [...(fx.reads ?? [])];
  return {
    ...base,
    read: async (command) => {
      const next = reads.shift();
      if (!next) throw new Error(`the module ran a command the fixture does not answer: ${command}`);
      for (const s of next.commandIncludes ?? []) expect(command, 'read command').to.include(s);
      return exec(next);
    },
    // Controller files are real files, as the modules read them with node:fs.
    findFile: (p) => {
      if (!fx.files || !(p in fx.files)) throw new Error(`no fixture file ${p}`);
      const full = join(filesDir, p);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, fx.files[p]!);
      return full;
    },
  };
}

describe('module schemas', () => {
  const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: true, coerceTypes: false });
  for (const name of registry.names()) {
    it(`${name}: argsSchema compiles`, () => {
      expect(() => ajv.compile(registry.find(name)!.argsSchema)).to.not.throw();
    });
  }
  it('every builtin module has fixtures: a change, no change, and an invalid or edge case at least', () => {
    const dirs = new Set(readdirSync(root));
    for (const m of builtinModules) {
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
      const fx = JSON.parse(readFileSync(join(root, moduleName, file), 'utf8')) as Fixture;
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
        let plan: Plan;
        try {
          plan = await module!.plan(args, contextFor(fx, asked, join(filesDir, file)));
        } catch (err) {
          if (fx.expected.error) {
            expect((err as Error).message).to.include(fx.expected.error);
            return;
          }
          throw err;
        }
        expect(fx.expected.error, 'expected an error').to.equal(undefined);
        const e = fx.expected;
        if (e.steps) expect(plan.steps.map((s) => s.command)).to.deep.equal(e.steps);
        if (e.describes) expect(plan.steps.map((s) => s.describe)).to.deep.equal(e.describes);
        for (const s of e.stepsInclude ?? []) expect(plan.steps.map((st) => st.command).join('\n')).to.include(s);
        if (e.changed !== undefined) expect(plan.steps.length > 0, 'changed').to.equal(e.changed);
        if (e.failed !== undefined) expect(plan.failed === true, 'failed').to.equal(e.failed);
        if (e.diff !== undefined) expect(plan.diff ?? []).to.deep.equal(e.diff);
        for (const s of e.diffAfterIncludes ?? []) expect((plan.diff ?? []).map((d) => d.after).join('\n')).to.include(s);
        for (const s of e.stdinIncludes ?? []) expect(plan.steps.map((st) => st.stdin ?? '').join('\n')).to.include(s);
        if (e.writes !== undefined) {
          const writes = plan.steps.filter((s) => s.stdin !== undefined);
          expect(writes.length, 'a file write step').to.be.greaterThan(0);
          expect(writes[writes.length - 1]!.stdin).to.equal(e.writes);
        }
        if (e.msg !== undefined) expect(plan.msg).to.equal(e.msg);
        if (e.msgIncludes) expect(plan.msg ?? '').to.include(e.msgIncludes);
        for (const [k, v] of Object.entries(e.data ?? {})) expect(plan.data?.[k], `data.${k}`).to.deep.equal(v);
        if (e.summary) {
          expect(module!.summarize, 'summarize').to.be.a('function');
          const summary = module!.summarize!(args, plan, (fx.outputs ?? []).map(exec));
          for (const [k, v] of Object.entries(e.summary)) expect(summary[k], `summary.${k}`).to.deep.equal(v);
        }
        const unused = Object.keys(fx.facts).filter((k) => !asked.includes(k));
        expect(unused, 'fixture facts the module never asked for').to.deep.equal([]);
      });
    }
  });
}
