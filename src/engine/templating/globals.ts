// Functions templates can call: lookup/query (env, file, vars, items/list, first_found is not
// here), dict(), and nunjucks' own range/cycler/joiner.
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fail } from './define.js';
import { hasOwn, splitKeywords, type Dict } from './python.js';
import { Namespace, type RenderContext } from './runtime.js';

function runLookup(context: RenderContext | undefined, wantList: boolean, args: unknown[]): unknown {
  const { positional, keywords } = splitKeywords(args);
  const [plugin, ...terms] = positional;
  const name = String(plugin).replace(/^ansible\.builtin\./, '');
  let values: unknown[];
  switch (name) {
    case 'env':
      values = terms.map((t) => process.env[String(t)] ?? keywords.default ?? '');
      break;
    case 'file': {
      const vars = context?.lvsVars ?? {};
      const base = typeof vars.playbook_dir === 'string' ? vars.playbook_dir : process.cwd();
      values = terms.map((t) => {
        const path = isAbsolute(String(t)) ? String(t) : resolve(base, String(t));
        try {
          const content = readFileSync(path, 'utf8');
          return keywords.rstrip === false ? content : content.replace(/\s+$/, '');
        } catch {
          return fail(`lookup('file'): cannot read ${path}`);
        }
      });
      break;
    }
    case 'vars': {
      const vars = context?.lvsVars ?? {};
      values = terms.map((t) => {
        if (hasOwn(vars, String(t)) && vars[String(t)] !== undefined) return vars[String(t)];
        if ('default' in keywords) return keywords.default;
        return fail(`lookup('vars'): no variable '${String(t)}'`);
      });
      break;
    }
    case 'items':
    case 'list':
    case 'flattened':
      values = terms.flatMap((t) => (Array.isArray(t) ? t : [t]));
      return values;
    case 'dict': {
      const d = terms[0];
      if (d === null || typeof d !== 'object') return fail("lookup('dict') needs a mapping");
      return Object.entries(d).map(([key, value]) => ({ key, value }));
    }
    default:
      return fail(`lookup plugin '${name}' is not supported (env, file, vars, items, list, dict)`);
  }
  if (wantList || keywords.wantlist === true) return values;
  return values.length === 1 ? values[0] : values.map(String).join(',');
}

export function templateGlobals(): Record<string, unknown> {
  return {
    lookup(this: RenderContext, ...args: unknown[]) {
      return runLookup(this, false, args);
    },
    query(this: RenderContext, ...args: unknown[]) {
      return runLookup(this, true, args);
    },
    q(this: RenderContext, ...args: unknown[]) {
      return runLookup(this, true, args);
    },
    /** Jinja's namespace(): an object whose attributes `{% set ns.x = ... %}` may change, also inside loops. */
    namespace(...args: unknown[]): Namespace {
      const { positional, keywords } = splitKeywords(args);
      const ns = new Namespace();
      for (const p of positional) if (p !== null && typeof p === 'object' && !Array.isArray(p)) Object.assign(ns, p);
      return Object.assign(ns, keywords);
    },
    dict(...args: unknown[]): Dict {
      const { positional, keywords } = splitKeywords(args);
      const out: Dict = {};
      for (const p of positional) {
        if (Array.isArray(p)) for (const pair of p) if (Array.isArray(pair)) out[String(pair[0])] = pair[1];
        if (p !== null && typeof p === 'object' && !Array.isArray(p)) Object.assign(out, p);
      }
      return Object.assign(out, keywords);
    },
  };
}
