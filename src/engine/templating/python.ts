// Python/Jinja value semantics that JavaScript gets differently: truthiness (empty list and
// dict are false), equality (deep, no type coercion), str() of True/None/lists, and the few
// str/dict/list methods playbooks call (`x.split(',')`, `d.items()`).
import { types } from 'node:util';

export type Dict = Record<string, unknown>;

export function isDict(v: unknown): v is Dict {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Array.isArray that says the items are unknown (not any), so they get checked where used. */
export function isList(v: unknown): v is unknown[] {
  return Array.isArray(v);
}

export function hasOwn(obj: object, key: PropertyKey): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** Jinja truthiness: '', 0, none, [], {} and undefined are false. */
export function truthy(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '' || Number.isNaN(v)) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') {
    if (v instanceof Map || v instanceof Set) return v.size > 0;
    // a lazy mapping (hostvars, a variable view) is never empty in practice; don't enumerate it
    if (types.isProxy(v)) return true;
    for (const k in v) if (hasOwn(v, k)) return true;
    return false;
  }
  return true;
}

/** Python ==: no coercion between types, lists and dicts compare by content. */
export function pyEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return a === b;
  if (typeof a === 'number' && typeof b === 'boolean') return a === Number(b);
  if (typeof a === 'boolean' && typeof b === 'number') return Number(a) === b;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => pyEquals(x, b[i]));
  if (isDict(a) && isDict(b) && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => hasOwn(b, k) && pyEquals(a[k], b[k]));
  }
  return false;
}

/** Python ordering for sort/min/max/<: numbers with numbers, strings with strings, lists by item. */
export function pyCompare(a: unknown, b: unknown): number {
  if (typeof a === 'number' || typeof a === 'boolean') {
    if (typeof b === 'number' || typeof b === 'boolean') return Number(a) - Number(b);
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = pyCompare(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  throw new TypeError(`cannot compare ${typeName(a)} with ${typeName(b)}`);
}

export function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'object') return 'dict';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'str';
  return typeof v;
}

/** str(v) as Ansible prints it into text: None becomes '' (Ansible's finalize), True is 'True'. */
export function pyStr(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'object') {
    // nunjucks' SafeString (macro output) and anything else with its own text
    if (!Array.isArray(v) && !isPlain(v)) return (v as { toString(): string }).toString();
    return pyRepr(v);
  }
  // what is left: bigint, symbol, function
  return (v as bigint | symbol | ((...args: never[]) => unknown)).toString();
}

function isPlain(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null || types.isProxy(v);
}

/** repr() of a value inside a list or dict: ['a', 1, True, None]. */
export function pyRepr(v: unknown): string {
  if (v === undefined || v === null) return 'None';
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (typeof v === 'object') {
    if (!isPlain(v)) return pyRepr(pyStr(v));
    return `{${Object.entries(v)
      .map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`)
      .join(', ')}}`;
  }
  return pyStr(v);
}

/** Python's str.split(): no separator splits on runs of whitespace. */
function pySplit(s: string, sep?: unknown, maxsplit?: unknown): string[] {
  const max = typeof maxsplit === 'number' && maxsplit >= 0 ? maxsplit : Infinity;
  if (sep === undefined || sep === null) {
    const out: string[] = [];
    let rest = s.replace(/^\s+/, '');
    while (rest !== '') {
      if (out.length >= max) {
        out.push(rest.replace(/\s+$/, ''));
        break;
      }
      const m = /\s+/.exec(rest);
      if (!m) {
        out.push(rest);
        break;
      }
      out.push(rest.slice(0, m.index));
      rest = rest.slice(m.index + m[0].length);
    }
    return out;
  }
  const parts = s.split(pyStr(sep));
  if (parts.length - 1 <= max) return parts;
  return [...parts.slice(0, max), parts.slice(max).join(pyStr(sep))];
}

function stripChars(chars: unknown): string {
  return chars === undefined || chars === null ? '\\s' : pyStr(chars).replace(/[\\\]^-]/g, '\\$&');
}

type Method = (self: never, ...args: unknown[]) => unknown;

const STRING_METHODS: Record<string, (s: string, ...args: unknown[]) => unknown> = {
  split: (s, sep, max) => pySplit(s, sep, max),
  rsplit: (s, sep, max) => {
    if (max === undefined || max === -1) return pySplit(s, sep);
    const parts = pySplit(s, sep);
    const n = Number(max);
    const joiner = sep === undefined || sep === null ? ' ' : pyStr(sep);
    return parts.length - 1 <= n ? parts : [parts.slice(0, parts.length - n).join(joiner), ...parts.slice(parts.length - n)];
  },
  splitlines: (s) => s.split(/\r?\n/).filter((_, i, a) => i < a.length - 1 || a[i] !== ''),
  strip: (s, chars) => s.replace(new RegExp(`^[${stripChars(chars)}]+|[${stripChars(chars)}]+$`, 'g'), ''),
  lstrip: (s, chars) => s.replace(new RegExp(`^[${stripChars(chars)}]+`), ''),
  rstrip: (s, chars) => s.replace(new RegExp(`[${stripChars(chars)}]+$`), ''),
  startswith: (s, p) => (Array.isArray(p) ? p.some((x) => s.startsWith(String(x))) : s.startsWith(String(p))),
  endswith: (s, p) => (Array.isArray(p) ? p.some((x) => s.endsWith(String(x))) : s.endsWith(String(p))),
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  capitalize: (s) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(),
  title: (s) => s.replace(/\w\S*/g, (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()),
  replace: (s, a, b, count) => {
    const parts = s.split(String(a));
    const n = typeof count === 'number' && count >= 0 ? count : Infinity;
    if (parts.length - 1 <= n) return parts.join(String(b));
    return parts.slice(0, n + 1).join(String(b)) + String(a) + parts.slice(n + 1).join(String(a));
  },
  join: (s, items) => (Array.isArray(items) ? items.map(pyStr).join(s) : pyStr(items)),
  find: (s, sub) => s.indexOf(String(sub)),
  index: (s, sub) => {
    const i = s.indexOf(String(sub));
    if (i < 0) throw new TypeError('substring not found');
    return i;
  },
  count: (s, sub) => (String(sub) === '' ? s.length + 1 : s.split(String(sub)).length - 1),
  isdigit: (s) => /^\d+$/.test(s),
  isalpha: (s) => /^[A-Za-z]+$/.test(s),
  isalnum: (s) => /^[A-Za-z0-9]+$/.test(s),
  isspace: (s) => /^\s+$/.test(s),
  isupper: (s) => s !== s.toLowerCase() && s === s.toUpperCase(),
  islower: (s) => s !== s.toUpperCase() && s === s.toLowerCase(),
  zfill: (s, width) => s.padStart(Number(width), '0'),
  ljust: (s, width, fill) => s.padEnd(Number(width), fill === undefined ? ' ' : pyStr(fill)),
  rjust: (s, width, fill) => s.padStart(Number(width), fill === undefined ? ' ' : pyStr(fill)),
  format: (s, ...args) => {
    let next = 0;
    return s.replace(/\{(\d*)\}/g, (_, i: string) => pyStr(args[i === '' ? next++ : Number(i)]));
  },
};

const DICT_METHODS: Record<string, (d: Dict, ...args: unknown[]) => unknown> = {
  items: (d) => Object.entries(d),
  keys: (d) => Object.keys(d),
  values: (d) => Object.values(d),
  get: (d, k, dflt) => (hasOwn(d, String(k)) ? d[String(k)] : dflt === undefined ? null : dflt),
  copy: (d) => ({ ...d }),
};

const LIST_METHODS: Record<string, (l: unknown[], ...args: unknown[]) => unknown> = {
  index: (l, x) => {
    const i = l.findIndex((y) => pyEquals(x, y));
    if (i < 0) throw new TypeError(`${pyRepr(x)} is not in list`);
    return i;
  },
  count: (l, x) => l.filter((y) => pyEquals(x, y)).length,
  copy: (l) => [...l],
};

/** The Python method `name` of `obj`, bound, or undefined when it has none. */
export function pyMethod(obj: unknown, name: string): ((...args: unknown[]) => unknown) | undefined {
  let table: Record<string, Method> | undefined;
  if (typeof obj === 'string') table = STRING_METHODS;
  else if (Array.isArray(obj)) table = LIST_METHODS;
  else if (isDict(obj)) table = DICT_METHODS;
  const fn = table && hasOwn(table, name) ? table[name] : undefined;
  if (!fn) return undefined;
  return (...args: unknown[]) => fn(obj as never, ...stripKeywords(args));
}

/** nunjucks passes keyword arguments as a trailing object marked __keywords. */
export function splitKeywords(args: unknown[]): { positional: unknown[]; keywords: Dict } {
  const last = args[args.length - 1];
  if (isDict(last) && last.__keywords === true) {
    const { __keywords: _ignored, ...keywords } = last;
    return { positional: args.slice(0, -1), keywords };
  }
  return { positional: args, keywords: {} };
}

function stripKeywords(args: unknown[]): unknown[] {
  const { positional, keywords } = splitKeywords(args);
  return Object.keys(keywords).length ? [...positional, ...Object.values(keywords)] : positional;
}
