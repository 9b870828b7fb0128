// The one nunjucks environment: Jinja-compatible settings as Ansible's template module uses
// them (no HTML autoescape, trim_blocks on, trailing newline kept), Ansible's filters and tests,
// Python-style methods, and lvsplay's variable lookup (render-state.ts).
import nunjucks from 'nunjucks';
import { FILTERS } from './filters.js';
import { TESTS } from './tests.js';
import { pythonMethod } from './python-methods.js';
import { currentFrame } from './render-state.js';

/** Raised from the patched ensureDefined: an output expression produced undefined. */
export class UndefinedOutputError extends Error {
  constructor(readonly lineno: number, readonly colno: number) {
    super('undefined value in output');
  }
}

interface CompilerProto {
  compile(node: unknown, frame: unknown): void;
  _emit(code: string): void;
  compileAdd(node: { left: unknown; right: unknown }, frame: unknown): void;
}

interface NunjucksRuntime {
  lvsAdd?: (a: unknown, b: unknown) => unknown;
  contextOrFrameLookup(context: { ctx: Record<string, unknown>; env: { globals: Record<string, unknown> } }, frame: { lookup(n: string): unknown }, name: string): unknown;
  memberLookup(obj: unknown, val: unknown): unknown;
  ensureDefined(val: unknown, lineno: number, colno: number): unknown;
}

const runtime = (nunjucks as unknown as { runtime: NunjucksRuntime }).runtime;
let installed = false;

function installHooks(): void {
  if (installed) return;
  installed = true;
  const PY_CONSTANTS: Record<string, unknown> = { True: true, False: false, None: null, true: true, false: false, none: null };
  runtime.contextOrFrameLookup = (context, frame, name) => {
    const local = frame.lookup(name);
    if (local !== undefined) return local;
    if (Object.prototype.hasOwnProperty.call(context.ctx, name)) return context.ctx[name];
    const render = currentFrame();
    if (render) {
      const value = render.vars[name];
      if (value !== undefined) return value;
    }
    if (name in context.env.globals) return context.env.globals[name];
    if (name in PY_CONSTANTS) return PY_CONSTANTS[name];
    render?.misses.push(name);
    return undefined;
  };
  const originalMemberLookup = runtime.memberLookup;
  runtime.memberLookup = (obj, val) => {
    if (obj !== null && obj !== undefined && typeof val === 'string') {
      const own = (obj as Record<string, unknown>)[val];
      if (own === undefined || typeof own === 'function') {
        const method = pythonMethod(obj, val);
        if (method) return method;
      }
    }
    return originalMemberLookup(obj, val);
  };
  // Jinja's + concatenates lists ([1] + [2] == [1, 2]); JavaScript's would make a string.
  runtime.lvsAdd = (a, b) => (Array.isArray(a) && Array.isArray(b) ? [...a, ...b] : (a as number) + (b as number));
  const compiler = (nunjucks as unknown as { compiler: { Compiler: { prototype: CompilerProto } } }).compiler.Compiler.prototype;
  compiler.compileAdd = function compileAdd(this: CompilerProto, node, frame) {
    this._emit('runtime.lvsAdd(');
    this.compile(node.left, frame);
    this._emit(', ');
    this.compile(node.right, frame);
    this._emit(')');
  };
  runtime.ensureDefined = (val, lineno, colno) => {
    if (val === undefined) throw new UndefinedOutputError(lineno, colno);
    return val === null ? '' : val;
  };
}

let env: nunjucks.Environment | undefined;

export function templateEnvironment(): nunjucks.Environment {
  if (env) return env;
  installHooks();
  env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: true, trimBlocks: true, lstripBlocks: false });
  for (const [name, filter] of Object.entries(FILTERS)) env.addFilter(name, filter);
  const withTests = env as unknown as { addTest(name: string, test: (...a: never[]) => boolean): void };
  for (const [name, test] of Object.entries(TESTS)) withTests.addTest(name, test);
  env.addGlobal('__lvs_capture', (value: unknown) => {
    const frame = currentFrame();
    if (frame) (frame as { captured?: unknown }).captured = value;
    return '';
  });
  env.addGlobal('range', (start: number, stop?: number, step = 1) => {
    const [a, b] = stop === undefined ? [0, start] : [start, stop];
    const out: number[] = [];
    for (let i = a; step > 0 ? i < b : i > b; i += step) out.push(i);
    return out;
  });
  env.addGlobal('lookup', (kind: string, ...args: unknown[]) => {
    if (kind === 'env') return process.env[String(args[0])] ?? '';
    throw new Error(`lookup('${kind}') is not supported (supported: env)`);
  });
  return env;
}

const compiled = new Map<string, nunjucks.Template>();
const MAX_CACHED = 5000;

/** A compiled template for this source text (cached: the same arguments render thousands of times). */
export function compileTemplate(source: string, name: string): nunjucks.Template {
  let t = compiled.get(source);
  if (!t) {
    t = new nunjucks.Template(source, templateEnvironment(), name, true);
    if (compiled.size >= MAX_CACHED) compiled.delete(compiled.keys().next().value as string);
    compiled.set(source, t);
  }
  return t;
}
