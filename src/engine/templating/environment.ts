// The one nunjucks environment: no HTML autoescape, trim_blocks on and lstrip_blocks off (the
// defaults of Ansible's template module), our compiler (compiler.ts), filters, tests and
// globals. Compiled templates are cached by source text: a run renders the same few hundred
// strings thousands of times.
import nunjucks from 'nunjucks';
import { StrictCompiler, isSingleExpression, type AstNode, type KnownNames } from './compiler.js';
import { addFilters, addTests, type Env } from './define.js';
import { collectionFilters } from './filters-collections.js';
import { keyedFilters } from './filters-keyed.js';
import { coreFilters } from './filters-core.js';
import { dataFilters } from './filters-data.js';
import { jsonQueryFilters } from './filters-json-query.js';
import { mathFilters } from './filters-math.js';
import { netFilters } from './filters-net.js';
import { textFilters } from './filters-text.js';
import { templateGlobals } from './globals.js';
import { parseTemplate } from './parse.js';
import { TemplateSyntax, runtimeHelpers, type RenderContext } from './runtime.js';
import type { TemplateSyntaxOptions } from './syntax-options.js';
import { renderFileTemplate } from './file-template.js';
import { tests } from './tests.js';
import { fileTests } from './tests-files.js';
import { readTemplateFile, templateLoader, withRenderVars } from './template-files.js';

interface Frame {
  topLevel: boolean;
  push(isolateWrites?: boolean): Frame;
}
interface NunjucksInternals {
  runtime: { Frame: new () => Frame };
}
interface CompiledTemplate {
  blocks: Record<string, unknown>;
  rootRenderFunc(env: unknown, context: unknown, frame: unknown, runtime: unknown, cb: (err: Error | null, res: unknown) => void): void;
}

const nj = nunjucks as unknown as NunjucksInternals & typeof nunjucks;
// nunjucks' transformer step is skipped: it only rewrites async filters, which lvsplay has none of.

export const env = new nunjucks.Environment(null, {
  autoescape: false,
  trimBlocks: true,
  lstripBlocks: false,
  throwOnUndefined: false,
}) as Env;
(env as unknown as { lvs: typeof runtimeHelpers }).lvs = runtimeHelpers;
addFilters(env, { ...coreFilters, ...textFilters, ...collectionFilters, ...keyedFilters, ...dataFilters, ...jsonQueryFilters, ...netFilters, ...mathFilters });
addTests(env, { ...tests, ...fileTests });
// lookup('template') renders a file in this same environment
for (const [name, fn] of Object.entries(
  templateGlobals((text, vars, name) => renderFileTemplate(text, name, false, (body, syntax) => String(run(compile(body, 'text', name, syntax), vars)))),
))
  env.addGlobal(name, fn);

const envInternals = env as unknown as { extensionsList: unknown[]; opts: object; filters: object; tests: object };
const knownNames: KnownNames = {
  filter: (name) => Object.prototype.hasOwnProperty.call(envInternals.filters, name),
  test: (name) => Object.prototype.hasOwnProperty.call(envInternals.tests, name),
};

// nunjucks does not export its Context class; take it from a probe render.
const ContextClass = ((): new (ctx: object, blocks: object, env: unknown) => RenderContext => {
  let proto: object | undefined;
  new nunjucks.Template('{{ probe() }}', env).render({
    probe(this: object) {
      proto = Object.getPrototypeOf(this) as object;
      return '';
    },
  });
  if (!proto) throw new Error('nunjucks internals changed: cannot find Context');
  return (proto as { constructor: new (ctx: object, blocks: object, env: unknown) => RenderContext }).constructor;
})();

/** Parse with the environment's own settings: the one parse the evaluator and names.ts share. */
export function parse(text: string, syntax: TemplateSyntaxOptions = {}): AstNode {
  return parseTemplate(text, envInternals.extensionsList, { ...envInternals.opts, ...syntax });
}

/** A name the evaluator finds without any variable: a global function (range, lookup, namespace...). */
export function isGlobalName(name: string): boolean {
  return Object.prototype.hasOwnProperty.call((env as unknown as { globals: object }).globals, name);
}

export interface Compiled {
  /** One `{{ expression }}`: rendering returns the value, not text. */
  expression: boolean;
  template: CompiledTemplate;
}

const MAX_CACHED = 20_000;
const cache = new Map<string, Compiled>();

/**
 * Compile `text`. In 'value' mode a text that is exactly one expression compiles to return its
 * value; 'text' mode (template files) always returns a string. Throws nunjucks' TemplateError
 * (with lineno/colno) on a syntax error.
 */
export function compile(text: string, mode: 'value' | 'text', name: string, syntax: TemplateSyntaxOptions = {}): Compiled {
  // a template file's name is where its includes are looked for: part of what it compiles to
  const settings = Object.keys(syntax).length > 0 ? JSON.stringify(syntax) : '';
  const key = mode === 'text' ? `text\u0000${name}\u0000${settings}\u0000${text}` : `value\u0000${settings}\u0000${text}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const ast = parse(text, syntax);
  const expression = mode === 'value' && isSingleExpression(ast);
  const compiler = new StrictCompiler(name, expression, knownNames);
  try {
    compiler.compile(ast);
  } catch (err) {
    const e = err as { message: string; lineno?: number; colno?: number };
    // the compiler's fail() already made the position 1-based
    throw new TemplateSyntax(e.message.replace(/^Template render error:?\s*/, ''), e.lineno ?? 1, e.colno ?? 1);
  }
  // this is how nunjucks itself runs compiled code: the code is nunjucks' compiler output, not user text
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- see above; nunjucks has no other way to load it
  const makeProps = new Function(compiler.getCode()) as () => object;
  const props = makeProps();
  const TemplateCtor = nunjucks.Template as unknown as new (src: object, env: unknown, path: string, eager: boolean) => CompiledTemplate;
  const template = new TemplateCtor({ type: 'code', obj: props }, env, name, true);
  const compiled: Compiled = { expression, template };
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(key, compiled);
  return compiled;
}

/** Run a compiled template against `vars` (a plain object or a lazy view, never copied). */
export function run(compiled: Compiled, vars: Record<string, unknown>): unknown {
  const context = new ContextClass({}, compiled.template.blocks, env);
  context.lvsVars = vars;
  const frame = new nj.runtime.Frame();
  frame.topLevel = true;
  let result: unknown;
  // nunjucks hands render errors over as TemplateError (an Error), never a bare value
  let error: Error | undefined;
  withRenderVars(vars, () =>
    compiled.template.rootRenderFunc(env, context, frame, nj.runtime, (err, res) => {
      if (err) error ??= err;
      else result = res;
    }),
  );
  if (error !== undefined) throw error;
  return result;
}

// Templates that templates include or import (template-files.ts), run in this environment.
(env as unknown as { getTemplate: ReturnType<typeof templateLoader> }).getTemplate = templateLoader({
  load(path) {
    // Jinja drops one trailing newline of every template; Ansible puts it back on the one it
    // renders, not on those it includes
    const compiled = compile(readTemplateFile(path).replace(/\r?\n$/, ''), 'text', path);
    return (ctx, parentFrame, vars, cb, exported) => {
      const context = new ContextClass(ctx, compiled.template.blocks, env);
      context.lvsVars = vars;
      // an include writes nothing back into the including template; an import's top level is its own
      const frame = parentFrame ? (parentFrame as Frame).push(!exported) : new nj.runtime.Frame();
      frame.topLevel = true;
      const done = (err: Error | null, res: unknown): void => {
        if (err) cb(err);
        else cb(null, exported ? (context as unknown as { getExported(): unknown }).getExported() : res);
      };
      withRenderVars(vars, () => compiled.template.rootRenderFunc(env, context, frame, nj.runtime, done));
    };
  },
});
