// Functions templates can call: lookup/query/q (lookups.ts), namespace(), dict(), and
// nunjucks' own range/cycler/joiner.
import { lookupValue, queryLookup, type LookupContext } from './lookups.js';
import { pyStr, splitKeywords, type Dict } from './python.js';
import { Namespace, type RenderContext } from './runtime.js';

function lookupContext(context: RenderContext, renderText: (text: string, vars: Record<string, unknown>, name: string) => string): LookupContext {
  const vars = context.lvsVars;
  return { vars, renderText: (text, name) => renderText(text, vars, name) };
}

/** The globals; `renderText` renders a template file (lookup('template')) in the same environment. */
export function templateGlobals(renderText: (text: string, vars: Record<string, unknown>, name: string) => string): Record<string, unknown> {
  const globals: Record<string, unknown> = {
    lookup(this: RenderContext, ...args: unknown[]) {
      const { positional, keywords } = splitKeywords(args);
      const [name, ...terms] = positional;
      return lookupValue(pyStr(name), terms, keywords, lookupContext(this, renderText));
    },
    query(this: RenderContext, ...args: unknown[]) {
      const { positional, keywords } = splitKeywords(args);
      const [name, ...terms] = positional;
      return queryLookup(pyStr(name), terms, keywords, lookupContext(this, renderText));
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
  globals.q = globals.query;
  return globals;
}
