// The helpers compiled templates call (as `env.lvs.*`, see compiler.ts): strict variable and
// attribute lookup that names what is missing, Python truthiness, comparison and operators.
import { UndefinedVariableError } from '../../errors.js';
import { hasOwn, isList, pyCompare, pyEquals, pyMethod, pyStr, truthy as truthyImpl, typeName } from './python.js';

/** A variable or attribute a template read does not exist. Turned into UndefinedVariableError. */
export class TemplateUndefined extends Error {
  override name = 'TemplateUndefined';
  constructor(
    readonly variable: string,
    readonly line?: number,
    readonly col?: number,
    /** Jinja's words for what is missing ("'x' is undefined", "list object has no element 0"). */
    readonly reason = `'${variable}' is undefined`,
  ) {
    super(reason);
  }
}

/** Jinja's words for a missing attribute or element of `obj`. */
export function missingMember(obj: unknown, key: unknown): string {
  if (Array.isArray(obj) && typeof key === 'number') return `list object has no element ${key}`;
  return `'${typeName(obj)} object' has no attribute '${pyStr(key)}'`;
}

/** A filter, test or operator failed on the values it got (a user error, not a bug). */
export class TemplateFailure extends Error {
  override name = 'TemplateFailure';
  constructor(
    message: string,
    readonly line?: number,
    readonly col?: number,
  ) {
    super(message);
  }
}

/** What compiled code sees as `context` and `frame` (nunjucks' own classes, minimally typed). */
export interface RenderContext {
  ctx: Record<string, unknown>;
  /** The variables being rendered against (a plain object or a lazy view). */
  lvsVars: Record<string, unknown>;
  env: { globals: Record<string, unknown> };
}
interface RenderFrame {
  lookup(name: string): unknown;
}

const LITERALS: Record<string, unknown> = { True: true, False: false, None: null };

function indexOf(obj: unknown, key: unknown): number | undefined {
  if (typeof key !== 'number' || !Number.isInteger(key)) return undefined;
  if (!Array.isArray(obj) && typeof obj !== 'string') return undefined;
  return key < 0 ? obj.length + key : key;
}

export const runtimeHelpers = {
  /** A name in an expression: loop/set variables, then the task's variables, then globals. */
  sym(context: RenderContext, frame: RenderFrame, name: string, guarded: boolean, line: number, col: number): unknown {
    // nunjucks' frames are plain objects: `constructor` would be found on their prototype
    const local = name in Object.prototype ? undefined : frame.lookup(name);
    if (local !== undefined) return local;
    const ctx = context.ctx;
    if (hasOwn(ctx, name)) return ctx[name];
    const vars = context.lvsVars;
    if (hasOwn(vars, name)) {
      const v = guarded ? readGuarded(vars, name) : vars[name];
      if (v !== undefined) return v;
    }
    const globals = context.env.globals;
    if (hasOwn(globals, name)) return globals[name];
    if (hasOwn(LITERALS, name)) return LITERALS[name];
    if (name === 'vars') return vars;
    if (guarded) return undefined;
    throw new TemplateUndefined(name, line, col);
  },

  /** `obj.key` / `obj[key]`: own data first, then Python methods (`s.split`). */
  member(obj: unknown, key: unknown, path: string, guarded: boolean, line: number, col: number): unknown {
    if (obj !== undefined && obj !== null) {
      const index = indexOf(obj, key);
      if (index !== undefined) {
        const v = (obj as ArrayLike<unknown>)[index];
        if (v !== undefined) return v;
      } else if (typeof obj === 'object' && (typeof key === 'string' || typeof key === 'number') && hasOwn(obj, key)) {
        const v = guarded ? readGuarded(obj as Record<string, unknown>, key) : (obj as Record<string, unknown>)[key];
        if (v !== undefined) return v;
      }
      const method = typeof key === 'string' ? pyMethod(obj, key) : undefined;
      if (method) return method;
    }
    if (guarded) return undefined;
    throw new TemplateUndefined(path, line, col, obj === undefined || obj === null ? undefined : missingMember(obj, key));
  },

  /** `obj.name(args)`: a function stored on the object (cycler.next()), else a Python method. */
  callMethod(obj: unknown, key: unknown, path: string, args: unknown[], line: number, col: number): unknown {
    const name = String(key);
    if (name === 'cycle' && isLoopObject(obj)) return args.length === 0 ? null : args[obj.index0 % args.length];
    if (obj !== null && typeof obj === 'object') {
      const fn = (obj as Record<string, unknown>)[name];
      if (typeof fn === 'function' && hasOwn(obj, name)) {
        return (fn as (...a: unknown[]) => unknown).apply(obj, args);
      }
    }
    const method = pyMethod(obj, name);
    if (!method) throw new TemplateFailure(`'${typeName(obj)}' object has no method '${name}' (in ${path})`, line, col);
    try {
      return method(...args);
    } catch (err) {
      throw new TemplateFailure(`${path}: ${(err as Error).message}`, line, col);
    }
  },

  /** `x[start:stop:step]` on a list or a string, with Python's rules for None and negatives. */
  slice(obj: unknown, start: unknown, stop: unknown, step: unknown, line: number, col: number): unknown {
    if (!Array.isArray(obj) && typeof obj !== 'string') throw new TemplateFailure(`'${typeName(obj)}' object is not subscriptable (slice)`, line, col);
    for (const bound of [start, stop, step]) {
      if (bound !== null && !(typeof bound === 'number' && Number.isInteger(bound)))
        throw new TemplateFailure(`slice indices must be integers or None, not ${typeName(bound)}`, line, col);
    }
    const picked: unknown[] = pySliceIndices(obj.length, start as number | null, stop as number | null, (step as number | null) ?? 1, line, col).map(
      (i): unknown => obj[i],
    );
    return typeof obj === 'string' ? picked.join('') : picked;
  },

  /** A dict literal's key, as JavaScript will store it (Jinja allows str, int, bool, None). */
  key(k: unknown, line: number, col: number): string {
    if (k === null || typeof k === 'object' || typeof k === 'function') throw new TemplateFailure(`unhashable dict key of type '${typeName(k)}'`, line, col);
    return pyStr(k === null ? 'None' : k);
  },

  /** `{% set ns.attr = value %}`: only a namespace() takes attributes, as in Jinja. */
  setAttr(target: unknown, key: unknown, value: unknown, line: number, col: number): void {
    if (!(target instanceof Namespace)) throw new TemplateFailure(`cannot assign attribute on non-namespace object (${typeName(target)})`, line, col);
    target[String(key)] = value;
  },

  truthy(v: unknown): boolean {
    return truthyValue(v);
  },
  and(a: unknown, b: () => unknown): unknown {
    return truthyValue(a) ? b() : a;
  },
  or(a: unknown, b: () => unknown): unknown {
    return truthyValue(a) ? a : b();
  },

  /** A comparison chain: `a < b < c` means `a < b and b < c`, as in Python. */
  compare(values: unknown[], ops: string[], line: number, col: number): boolean {
    for (let i = 0; i < ops.length; i++) {
      const a = values[i];
      const b = values[i + 1];
      let ok: boolean;
      try {
        switch (ops[i]) {
          case '==':
          case '===':
            ok = pyEquals(a, b);
            break;
          case '!=':
          case '!==':
            ok = !pyEquals(a, b);
            break;
          case '<':
            ok = pyCompare(a, b) < 0;
            break;
          case '>':
            ok = pyCompare(a, b) > 0;
            break;
          case '<=':
            ok = pyCompare(a, b) <= 0;
            break;
          default:
            ok = pyCompare(a, b) >= 0;
        }
      } catch (err) {
        throw new TemplateFailure(`${(err as Error).message} (${ops[i]})`, line, col);
      }
      if (!ok) return false;
    }
    return true;
  },

  add(a: unknown, b: unknown, line: number, col: number): unknown {
    if (isList(a) && isList(b)) return [...a, ...b];
    if (typeof a === 'string' && typeof b === 'string') return a + b;
    if (isNumeric(a) && isNumeric(b)) return Number(a) + Number(b);
    throw new TemplateFailure(`cannot add ${typeName(b)} to ${typeName(a)} (use ~ to join text, | int to convert)`, line, col);
  },
  mul(a: unknown, b: unknown, line: number, col: number): unknown {
    if (isNumeric(a) && isNumeric(b)) return Number(a) * Number(b);
    const [seq, n] = isNumeric(a) ? [b, Number(a)] : [a, Number(b)];
    if (typeof seq === 'string' && Number.isInteger(n)) return seq.repeat(Math.max(0, n));
    if (isList(seq) && Number.isInteger(n)) return Array.from({ length: Math.max(0, n) }, () => seq).flat();
    throw new TemplateFailure(`cannot multiply ${typeName(a)} by ${typeName(b)}`, line, col);
  },
  /** `~`: join as text; unlike output, None reads 'None' here (Python str()). */
  concat(a: unknown, b: unknown): string {
    return (a === null ? 'None' : pyStr(a)) + (b === null ? 'None' : pyStr(b));
  },
  inOp(needle: unknown, hay: unknown, line: number, col: number): boolean {
    if (Array.isArray(hay)) return hay.some((x) => pyEquals(needle, x));
    if (typeof hay === 'string') {
      if (typeof needle !== 'string') throw new TemplateFailure(`'in <string>' needs a string on the left, not ${typeName(needle)}`, line, col);
      return hay.includes(needle);
    }
    if (hay !== null && typeof hay === 'object') return (typeof needle === 'string' || typeof needle === 'number') && hasOwn(hay, needle);
    throw new TemplateFailure(`argument of type '${typeName(hay)}' is not iterable (in)`, line, col);
  },
  /** The sequence a `for x in value` loop walks: a mapping's keys, a string's characters. */
  iter(value: unknown, line: number, col: number): unknown {
    if (Array.isArray(value)) return value;
    if (typeof value === 'string') return [...value];
    if (value !== null && typeof value === 'object') return Object.keys(value);
    throw new TemplateFailure(`'${typeName(value)}' object is not iterable (for loop)`, line, col);
  },
  /** `{{ x }}` in text: Ansible prints None as '' and True as 'True'. */
  out(v: unknown): string {
    return pyStr(v);
  },
};

/**
 * Under `is defined` / `| default`, a lazily templated variable whose template reads something
 * undefined counts as undefined itself, as in Ansible.
 */
function readGuarded(obj: Record<string | number, unknown>, key: string | number): unknown {
  try {
    return obj[key];
  } catch (err) {
    if (err instanceof UndefinedVariableError) return undefined;
    throw err;
  }
}

/** The attributes of namespace(): the one object `{% set x.y = ... %}` may change. */
export class Namespace {
  [attribute: string]: unknown;
}

/** nunjucks' `loop` of a for loop is a plain object of numbers; Jinja's has loop.cycle(...) too. */
function isLoopObject(v: unknown): v is { index0: number } {
  return (
    v !== null &&
    typeof v === 'object' &&
    typeof (v as { index0?: unknown }).index0 === 'number' &&
    typeof (v as { revindex0?: unknown }).revindex0 === 'number'
  );
}

/** The indices a Python slice picks from a sequence of `length`. */
function pySliceIndices(length: number, start: number | null, stop: number | null, step: number, line: number, col: number): number[] {
  if (step === 0) throw new TemplateFailure('slice step cannot be zero', line, col);
  const clamp = (i: number, lo: number, hi: number): number => Math.min(Math.max(i < 0 ? i + length : i, lo), hi);
  const out: number[] = [];
  if (step > 0) {
    const from = start === null ? 0 : clamp(start, 0, length);
    const to = stop === null ? length : clamp(stop, 0, length);
    for (let i = from; i < to; i += step) out.push(i);
  } else {
    const from = start === null ? length - 1 : clamp(start, -1, length - 1);
    const to = stop === null ? -1 : clamp(stop, -1, length - 1);
    for (let i = from; i > to; i += step) out.push(i);
  }
  return out;
}

function isNumeric(v: unknown): v is number | boolean {
  return typeof v === 'number' || typeof v === 'boolean';
}

function truthyValue(v: unknown): boolean {
  // SafeString (a macro's output) is an object; its text decides
  if (
    v !== null &&
    typeof v === 'object' &&
    !Array.isArray(v) &&
    Object.getPrototypeOf(v) !== Object.prototype &&
    typeof (v as { val?: unknown }).val === 'string'
  ) {
    return (v as { val: string }).val !== '';
  }
  return truthyImpl(v);
}

export type RuntimeHelpers = typeof runtimeHelpers;

/** The template text does not parse. Line and column are 1-based, inside the text. */
export class TemplateSyntax extends Error {
  override name = 'TemplateSyntax';
  constructor(
    message: string,
    readonly line: number,
    readonly col: number,
  ) {
    super(message);
  }
}
