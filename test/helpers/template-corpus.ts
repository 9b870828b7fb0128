// Every template in a corpus laid out like ../shared/ansible-conformance: each `{{ }}` / `{% %}`
// string in the YAML files under targets/ (keys included), the bare expressions of when:,
// changed_when:, failed_when:, until: and assert's that:, and each templates/*.j2 file.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { repoPath } from './paths.js';

export interface CorpusTemplate {
  /** file inside the corpus, relative to its targets/ folder */
  file: string;
  /** 'text' for a templated string or a .j2 file, 'expression' for a bare condition */
  kind: 'text' | 'expression';
  source: string;
}

/**
 * The corpus's targets/ folder: $ANSIBLE_CONFORMANCE, else ../shared/ansible-conformance beside
 * the clone (or beside the folder of worktrees); undefined when there is none (a fresh clone).
 */
export function conformanceTargets(): string | undefined {
  const candidates = [process.env.ANSIBLE_CONFORMANCE, repoPath('..', 'shared', 'ansible-conformance'), repoPath('..', '..', 'shared', 'ansible-conformance')];
  for (const dir of candidates) if (dir && existsSync(join(dir, 'targets'))) return join(dir, 'targets');
  return undefined;
}

const CONDITION_KEYS = new Set(['when', 'changed_when', 'failed_when', 'until', 'that']);

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push(path);
  }
  return out;
}

function isTemplate(s: string): boolean {
  return s.includes('{{') || s.includes('{%');
}

function collect(value: unknown, file: string, key: string | undefined, out: CorpusTemplate[]): void {
  if (typeof value === 'string') {
    if (isTemplate(value)) out.push({ file, kind: 'text', source: value });
    else if (key !== undefined && CONDITION_KEYS.has(key) && value.trim() !== '') out.push({ file, kind: 'expression', source: value });
  } else if (Array.isArray(value)) {
    for (const v of value) collect(v, file, key, out);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (isTemplate(k)) out.push({ file, kind: 'text', source: k });
      collect(v, file, k, out);
    }
  }
}

/** The templates of the corpus at `targets`, in a stable order, duplicates kept. */
export function corpusTemplates(targets: string): CorpusTemplate[] {
  const out: CorpusTemplate[] = [];
  for (const path of filesUnder(targets)) {
    const file = relative(targets, path);
    if (/\.ya?ml$/.test(path)) {
      let docs;
      try {
        docs = parseAllDocuments(readFileSync(path, 'utf8'), { uniqueKeys: false, strict: false });
      } catch {
        continue;
      }
      for (const doc of Array.isArray(docs) ? docs : [docs]) {
        if (doc.errors.length > 0) continue;
        collect(doc.toJS({ maxAliasCount: -1 }), file, undefined, out);
      }
    } else if (/\/templates\/[^/]+\.j2$/.test(path)) {
      out.push({ file, kind: 'text', source: readFileSync(path, 'utf8') });
    }
  }
  return out;
}

/** How one template fares in the evaluator with some variables defined. */
export type Evaluation = { ok: true; value: unknown } | { ok: false; undefinedName?: string; message: string };

export type Evaluate = (template: CorpusTemplate, vars: Record<string, unknown>) => Evaluation;

/** Values tried, in order, for a variable the evaluator says is undefined. */
const CANDIDATES: (() => unknown)[] = [() => 'x', () => 1, () => ['x'], () => ({ x: 'x' }), () => true, () => []];

/**
 * Variables with which `evaluate` accepts the template: start with none; for each undefined
 * variable it names, try the candidate values in turn, depth first, within a budget of
 * evaluations. Undefined when no combination found this way is accepted.
 */
export function acceptingVars(template: CorpusTemplate, evaluate: Evaluate, budget = 40): Record<string, unknown> | undefined {
  let left = budget;
  const search = (vars: Record<string, unknown>, result: Evaluation): Record<string, unknown> | undefined => {
    if (result.ok) return vars;
    const name = result.undefinedName?.split(/[.[]/)[0];
    if (!name || name in vars) return undefined;
    for (const make of CANDIDATES) {
      if (left-- <= 0) return undefined;
      const next = { ...vars, [name]: make() };
      const found = search(next, evaluate(template, next));
      if (found) return found;
    }
    return undefined;
  };
  return search({}, evaluate(template, {}));
}
