// How filters, tests and globals are declared: plain functions of (value, positional args,
// keyword args). nunjucks passes keyword arguments as a trailing marked object; the wrapper
// here splits them off so no function has to know.
import type nunjucks from 'nunjucks';
import { splitKeywords, type Dict } from './python.js';
import { TemplateFailure } from './runtime.js';

/** The environment with the test registry @types/nunjucks leaves out. */
export type Env = nunjucks.Environment & {
  addTest(name: string, fn: (...args: never[]) => boolean): void;
  getTest(name: string): (...args: unknown[]) => unknown;
};

export type FilterFn = (value: unknown, args: unknown[], kw: Dict, env: Env) => unknown;
export type TestFn = (value: unknown, args: unknown[], kw: Dict) => boolean;

export function addFilters(env: Env, filters: Record<string, FilterFn>): void {
  for (const [name, fn] of Object.entries(filters)) {
    const wrapped = function (value: unknown, ...rest: unknown[]): unknown {
      const { positional, keywords } = splitKeywords(rest);
      return fn(value, positional, keywords, env);
    };
    env.addFilter(name, wrapped);
    // Ansible's fully qualified names work too: `| ansible.builtin.to_json`
    if (!name.includes('.')) env.addFilter(`ansible.builtin.${name}`, wrapped);
  }
}

export function addTests(env: Env, tests: Record<string, TestFn>): void {
  for (const [name, fn] of Object.entries(tests)) {
    env.addTest(name, function (value: unknown, ...rest: unknown[]): boolean {
      const { positional, keywords } = splitKeywords(rest);
      return fn(value, positional, keywords) === true;
    });
  }
}

/** Argument `index` (or keyword `name`), else `fallback`. */
export function arg(args: unknown[], kw: Dict, index: number, name: string, fallback: unknown): unknown {
  if (Object.prototype.hasOwnProperty.call(kw, name)) return kw[name];
  return index < args.length ? args[index] : fallback;
}

export function fail(message: string): never {
  throw new TemplateFailure(message);
}

/** A filter needs a list: say which filter and what it got instead. */
export function needList(filter: string, value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return [...value];
  if (value !== null && typeof value === 'object') return Object.keys(value);
  return fail(`${filter}: expected a list, got ${value === null || value === undefined ? 'None' : typeof value}`);
}

/** `a.b.0` style attribute path of map/selectattr/sort; undefined when missing. */
export function attributeOf(item: unknown, path: unknown): unknown {
  let cur: unknown = item;
  for (const part of String(path).split('.')) {
    if (cur === null || cur === undefined || typeof cur !== 'object') return undefined;
    if (Array.isArray(cur) && /^-?\d+$/.test(part)) {
      const i = Number(part);
      cur = cur[i < 0 ? cur.length + i : i];
    } else cur = Object.prototype.hasOwnProperty.call(cur, part) ? (cur as Dict)[part] : undefined;
  }
  return cur;
}
