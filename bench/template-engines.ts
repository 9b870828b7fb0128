// Measures template engines against Ansible on the conformance corpus's templates (issue 12):
// for each distinct template of `<corpus>/targets` (YAML values and bare conditions), variables
// with which lvsplay's evaluator (or minijinja) accepts it, then the same template and
// variables through ansible-core (one playbook of debug tasks, JSON callback), lvsplay's engine
// and, when MINIJINJA_JS points at an installed minijinja-js, minijinja with lvsplay's Ansible
// filters added. Prints how many evaluate identically to Ansible.
//   node dist/bench/template-engines.js [corpus-dir]   (MINIJINJA_JS=/path/to/node_modules/minijinja-js)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { collectionFilters } from '../src/engine/templating/filters-collections.js';
import { coreFilters } from '../src/engine/templating/filters-core.js';
import { dataFilters } from '../src/engine/templating/filters-data.js';
import { mathFilters } from '../src/engine/templating/filters-math.js';
import { netFilters } from '../src/engine/templating/filters-net.js';
import { textFilters } from '../src/engine/templating/filters-text.js';
import { evaluateExpression, renderValue } from '../src/engine/templating/index.js';
import { UndefinedVariableError } from '../src/errors.js';
import { acceptingVars, conformanceTargets, corpusTemplates, type CorpusTemplate, type Evaluation } from '../test/helpers/template-corpus.js';

type Outcome = { ok: true; value: unknown } | { ok: false };

function lvsplay(t: CorpusTemplate, vars: Record<string, unknown>): Evaluation {
  try {
    return { ok: true, value: t.kind === 'expression' ? evaluateExpression(t.source, vars) : renderValue(t.source, vars) };
  } catch (err) {
    return { ok: false, undefinedName: err instanceof UndefinedVariableError ? err.variable : undefined, message: (err as Error).message };
  }
}

interface MiniJinjaEnv {
  undefinedBehavior: string;
  enablePyCompat(): void;
  renderStr(source: string, ctx: unknown): string;
  evalExpr(expr: string, ctx: unknown): unknown;
  addFilter(name: string, fn: (...args: unknown[]) => unknown): void;
}

// minijinja's own filters; lvsplay's Ansible filters are added for every other name
const MINIJINJA_BUILTIN = new Set(
  'abs attr batch bool capitalize count d default dictsort escape e first float groupby indent int items join last length lines list lower map max min pprint reject rejectattr replace reverse round safe select selectattr slice sort split string sum title tojson trim unique upper urlencode'.split(
    ' ',
  ),
);

function fromMiniJinja(v: unknown): unknown {
  if (v instanceof Map) return Object.fromEntries([...(v as Map<string, unknown>)].map(([k, x]) => [k, fromMiniJinja(x)]));
  if (Array.isArray(v)) return v.map(fromMiniJinja);
  return v;
}

async function miniJinja(): Promise<((t: CorpusTemplate, vars: Record<string, unknown>) => Evaluation) | undefined> {
  const path = process.env.MINIJINJA_JS;
  if (!path) return undefined;
  const mod = (await import(join(path, 'dist/node/minijinja_js.js'))) as { Environment: new () => MiniJinjaEnv };
  const makeEnv = (): MiniJinjaEnv => {
    const env = new mod.Environment();
    env.enablePyCompat();
    env.undefinedBehavior = 'strict';
    const filters = { ...coreFilters, ...textFilters, ...collectionFilters, ...dataFilters, ...netFilters, ...mathFilters };
    for (const [name, fn] of Object.entries(filters)) {
      if (MINIJINJA_BUILTIN.has(name)) continue;
      env.addFilter(name, (value: unknown, ...rest: unknown[]) => {
        const last = rest[rest.length - 1];
        const kw = last instanceof Map ? (fromMiniJinja(rest.pop()) as Record<string, unknown>) : {};
        return fn(fromMiniJinja(value), rest.map(fromMiniJinja), kw, undefined as never);
      });
    }
    return env;
  };
  let env = makeEnv();
  return (t, vars) => {
    try {
      return evaluate(t, vars);
    } catch (err) {
      // a JavaScript filter that throws aborts the WebAssembly instance: start a new one
      if (err instanceof WebAssembly.RuntimeError) env = makeEnv();
      return { ok: false, message: String((err as Error).message ?? err) };
    }
  };
  function evaluate(t: CorpusTemplate, vars: Record<string, unknown>): Evaluation {
    try {
      if (t.kind === 'expression') return { ok: true, value: fromMiniJinja(env.evalExpr(t.source, vars)) };
      const out = env.renderStr(t.source, vars);
      // a template that is one expression: read the value back as Ansible does
      return { ok: true, value: /^\s*\{\{((?!\}\}).)*\}\}\s*$/s.test(t.source) ? fromMiniJinja(env.evalExpr(t.source.trim().slice(2, -2), vars)) : out };
    } catch (err) {
      const m = /undefined value/.exec(String((err as Error).message ?? err));
      // minijinja does not name the undefined variable: guess the first name its error marks
      if (err instanceof WebAssembly.RuntimeError) throw err;
      return { ok: false, undefinedName: m ? undefined : undefined, message: String((err as Error).message ?? err) };
    }
  }
}

/** Every (template, vars) pair through ansible-playbook at once: a debug task each, errors ignored. */
function ansible(cases: { t: CorpusTemplate; vars: Record<string, unknown> }[]): Outcome[] {
  const dir = mkdtempSync(join(tmpdir(), 'lvsplay-engines-'));
  try {
    const tasks = cases.map(({ t, vars }) => {
      const msg = t.kind === 'expression' ? `{{ (${t.source}\n) }}` : t.source;
      return { debug: { msg }, vars, ignore_errors: true };
    });
    writeFileSync(join(dir, 'play.json'), JSON.stringify([{ hosts: 'localhost', gather_facts: false, tasks }]));
    const out = execFileSync('ansible-playbook', ['-i', 'localhost,', '-c', 'local', join(dir, 'play.json')], {
      cwd: dir,
      env: { ...process.env, ANSIBLE_STDOUT_CALLBACK: 'json', ANSIBLE_LOCALHOST_WARNING: 'false', ANSIBLE_DEPRECATION_WARNINGS: 'false' },
      maxBuffer: 1 << 30,
      encoding: 'utf8',
    });
    const report = JSON.parse(out.slice(out.indexOf('{'))) as { plays: { tasks: { hosts: Record<string, { failed?: boolean; msg?: unknown }> }[] }[] };
    return report.plays[0]!.tasks.map((task) => {
      const r = Object.values(task.hosts)[0];
      return r && !r.failed ? { ok: true, value: r.msg } : { ok: false };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function same(a: Outcome, b: Outcome): boolean {
  if (!a.ok || !b.ok) return a.ok === b.ok;
  try {
    return isDeepStrictEqual(JSON.parse(JSON.stringify(a.value ?? null)) as unknown, JSON.parse(JSON.stringify(b.value ?? null)) as unknown);
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const targets = process.argv[2] ? join(process.argv[2], 'targets') : conformanceTargets();
  if (!targets) throw new Error('no corpus: pass its folder or set ANSIBLE_CONFORMANCE');
  const all = corpusTemplates(targets).filter((t) => !t.file.endsWith('.j2'));
  const distinct = [...new Map(all.map((t) => [`${t.kind}${t.source}`, t])).values()];
  const mj = await miniJinja();
  const cases: { t: CorpusTemplate; vars: Record<string, unknown> }[] = [];
  for (const t of distinct) {
    const vars = acceptingVars(t, lvsplay) ?? (mj ? acceptingVars(t, mj) : undefined);
    if (vars) cases.push({ t, vars });
  }
  // ansible-playbook takes minutes over the corpus: keep its answers for reruns on the same cases
  const cacheFile = join(tmpdir(), 'lvsplay-template-engines-ansible.json');
  const key = JSON.stringify(cases);
  let truth: Outcome[];
  try {
    const cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as { key: string; truth: Outcome[] };
    truth = cached.key === key ? cached.truth : ansible(cases);
  } catch {
    truth = ansible(cases);
  }
  writeFileSync(cacheFile, JSON.stringify({ key, truth }));
  const score = (engine: (t: CorpusTemplate, vars: Record<string, unknown>) => Evaluation): number =>
    cases.filter(({ t, vars }, i) => same(engine(t, vars), truth[i]!)).length;
  console.log(`templates (YAML values and conditions): ${all.length}, distinct ${distinct.length}, with variables some engine accepts: ${cases.length}`);
  console.log(`ansible-core accepts: ${truth.filter((o) => o.ok).length}`);
  console.log(`lvsplay (nunjucks + parse.ts/compiler.ts): ${score(lvsplay)} identical to Ansible`);
  if (mj) console.log(`minijinja-js + lvsplay's Ansible filters: ${score(mj)} identical to Ansible`);
}

await main();
