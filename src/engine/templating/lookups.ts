// Ansible's lookup plugins, for lookup()/query() in templates and for the `with_<name>` loops
// (a `with_X: terms` loop is `query('X', terms...)`). Each plugin takes the rendered terms and
// keyword arguments and returns a list; lookup() joins a list of several with ','.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fail } from './define.js';
import { TemplateFailure } from './runtime.js';
import { firstFound } from './lookup-first-found.js';
import { subelements } from './lookup-subelements.js';
import { sequence } from './lookup-sequence.js';
import { hasOwn, isDict, isList, pyStr, truthy, typeName, type Dict } from './python.js';

export interface LookupContext {
  /** The variables of the render (a plain object or a lazy view). */
  vars: Record<string, unknown>;
  /** Render a template file's text with the same variables (lookup('template')). */
  renderText(text: string, name: string): string;
  /**
   * The subfolder first_found looks in first, by the task's module: a template's templates/, an
   * include_vars's vars/, else files/ (fileKindOf).
   */
  fileKind?: FileKind;
}

export type FileKind = 'files' | 'templates' | 'vars';

/** The subfolder relative files of a task's lookups are looked for in, by its module (as in Ansible). */
export function fileKindOf(module: string): FileKind {
  const short = module.replace(/^ansible\.(?:builtin|legacy)\./, '');
  return short === 'template' ? 'templates' : short === 'include_vars' ? 'vars' : 'files';
}

type LookupPlugin = (terms: unknown[], kw: Dict, ctx: LookupContext) => unknown[];

/**
 * Where relative paths of file, template and first_found are looked for, as in Ansible: each
 * folder of ansible_search_path (the task's role, then the folder of the task's file), else the
 * role; then the playbook's folder; then the working directory. In each, `subdir` first.
 */
function searchPath(ctx: LookupContext, subdir: string): string[] {
  const stack = hasOwn(ctx.vars, 'ansible_search_path') && isList(ctx.vars.ansible_search_path) ? ctx.vars.ansible_search_path : [ctx.vars.role_path];
  const playbookDir = hasOwn(ctx.vars, 'playbook_dir') ? ctx.vars.playbook_dir : undefined;
  const dirs: string[] = [];
  for (const base of [...stack, playbookDir]) if (typeof base === 'string') dirs.push(join(base, subdir), base);
  dirs.push(process.cwd());
  return dirs;
}

function findFile(ctx: LookupContext, name: string, subdir: string): string | undefined {
  if (isAbsolute(name)) return existsSync(name) ? name : undefined;
  return searchPath(ctx, subdir)
    .map((d) => resolve(d, name))
    .find((p) => existsSync(p));
}

function list(plugin: string, value: unknown): unknown[] {
  if (isList(value)) return value;
  return fail(`lookup('${plugin}'): expected a list, got ${typeName(value)}`);
}

const PLUGINS: Record<string, LookupPlugin> = {
  env: (terms, kw) => terms.map((t) => process.env[pyStr(t)] ?? (hasOwn(kw, 'default') ? kw.default : '')),
  file: (terms, kw, ctx) =>
    terms.map((t) => {
      const path = findFile(ctx, pyStr(t), 'files');
      if (!path) return fail(`lookup('file'): could not find '${pyStr(t)}'`);
      const content = readFileSync(path, 'utf8');
      return kw.rstrip === false ? content : content.replace(/\s+$/, '');
    }),
  template: (terms, _kw, ctx) =>
    terms.map((t) => {
      const path = findFile(ctx, pyStr(t), 'templates');
      if (!path) return fail(`lookup('template'): could not find '${pyStr(t)}'`);
      return ctx.renderText(readFileSync(path, 'utf8'), path);
    }),
  lines: (terms) => terms.flatMap((t) => runLocal(pyStr(t)).replace(/\n$/, '').split('\n')),
  pipe: (terms) => terms.map((t) => runLocal(pyStr(t)).replace(/\n$/, '')),
  vars: (terms, kw, ctx) =>
    terms.map((t) => {
      const name = pyStr(t);
      if (hasOwn(ctx.vars, name) && ctx.vars[name] !== undefined) return ctx.vars[name];
      if (hasOwn(kw, 'default')) return kw.default;
      return fail(`lookup('vars'): no variable '${name}'`);
    }),
  items: (terms) => terms.flatMap((t) => (isList(t) ? t : [t])),
  list: (terms) => (terms.length === 1 && isList(terms[0]) ? terms[0] : terms),
  flattened: (terms) => deepFlatten(terms),
  // the terms flattened one level, as Ansible's plugin does
  indexed_items: (terms) => terms.flatMap((t) => (isList(t) ? t : [t])).map((v, i) => [i, v]),
  dict: (terms) =>
    terms.flatMap((d) => {
      if (!isDict(d)) return fail('with_dict expects a dict');
      return Object.entries(d).map(([key, value]) => ({ key, value }));
    }),
  together: (terms) => {
    const lists = terms.map((l) => list('together', l));
    if (lists.length === 0) return fail('with_together requires at least one element in each list');
    const n = Math.max(...lists.map((l) => l.length));
    return Array.from({ length: n }, (_, i) => lists.map((l) => (i < l.length ? l[i] : null)));
  },
  nested: (terms) => {
    const lists = (terms.length === 1 && isList(terms[0]) && terms[0].every(Array.isArray) ? terms[0] : terms).map((l) => (isList(l) ? l : [l]));
    if (lists.length === 0) return fail("lookup('nested') needs at least one list");
    return lists.reduce<unknown[][]>((acc, l) => acc.flatMap((prefix) => l.map((v) => [...prefix, v])), [[]]);
  },
  subelements: (terms, kw) => subelements(terms, kw, true),
  sequence: (terms, kw) => sequence(terms, kw),
  first_found: (terms, kw, ctx) => firstFound(terms, kw, (name) => findFile(ctx, name, ctx.fileKind ?? 'files')),
};

function deepFlatten(v: unknown[]): unknown[] {
  return v.flatMap((x) => (isList(x) ? deepFlatten(x) : [x]));
}

/** lookup('pipe') / lookup('lines'): a command on the controller, through the shell, as Ansible runs it. */
function runLocal(command: string): string {
  try {
    return execFileSync('/bin/sh', ['-c', command], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    return fail(`lookup('pipe'): '${command}' failed: ${(err as Error).message.split('\n')[0] ?? ''}`);
  }
}

export const LOOKUP_NAMES = Object.keys(PLUGINS);

/** Run lookup plugin `name` over `terms`: always a list (query()'s answer). */
export function queryLookup(name: string, terms: unknown[], kw: Dict, ctx: LookupContext): unknown[] {
  return runPlugin(name, terms, kw, ctx) ?? [];
}

/**
 * The plugin's values; undefined when it failed and `errors='ignore'` (or 'warn') says to go
 * on, as Ansible's lookups do (lookup() then gives '', query() nothing).
 */
function runPlugin(name: string, terms: unknown[], kw: Dict, ctx: LookupContext): unknown[] | undefined {
  const plugin = name.replace(/^ansible\.builtin\./, '');
  if (!hasOwn(PLUGINS, plugin)) return fail(`lookup plugin '${plugin}' is not supported (${LOOKUP_NAMES.join(', ')})`);
  const { errors = 'strict', ...rest } = kw;
  if (errors !== 'strict' && errors !== 'warn' && errors !== 'ignore')
    return fail(`lookup('${plugin}'): errors must be strict, warn or ignore, got ${pyStr(errors)}`);
  try {
    return PLUGINS[plugin]!(terms, rest, ctx);
  } catch (err) {
    if (errors !== 'strict' && err instanceof TemplateFailure) return undefined;
    throw err;
  }
}

/**
 * `with_<name>: value`: the plugin over the value's terms. As Ansible's loops do, a string is
 * one term and a list is the terms; a mapping is handed over whole (with_dict reads it;
 * with_indexed_items refuses it).
 */
export function loopLookup(name: string, value: unknown, ctx: LookupContext): unknown[] {
  if (isList(value)) return queryLookup(name, value, {}, ctx);
  if (value === null || value === undefined) return queryLookup(name, [], {}, ctx);
  if (isDict(value) && name === 'indexed_items') return fail('with_indexed_items expects a list');
  return queryLookup(name, [value], {}, ctx);
}

/**
 * lookup(): as Ansible, strings are joined with ','; otherwise one value comes alone and
 * several stay a list. wantlist=True gives the list.
 */
export function lookupValue(name: string, terms: unknown[], kw: Dict, ctx: LookupContext): unknown {
  const { wantlist, ...rest } = kw;
  const values = runPlugin(name, terms, rest, ctx);
  // a failure that errors='ignore' lets pass renders as '' (measured on ansible-core 2.14)
  if (values === undefined) return truthy(wantlist) ? [] : '';
  if (truthy(wantlist)) return values;
  // no values: the empty list itself, as in Ansible (first_found with skip)
  if (values.length === 0) return values;
  if (values.every((v) => typeof v === 'string')) return values.join(',');
  return values.length === 1 ? values[0] : values;
}
