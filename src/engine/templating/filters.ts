// The filters of Jinja and Ansible that playbooks commonly use, with Ansible's semantics where
// they differ from nunjucks' built-ins (default, int, bool, map, selectattr, sort, ...).
import { parse as parseYaml, stringify as toYaml } from 'yaml';
import { quote as shellQuote } from '../../util/shell.js';
import { runTest } from './tests.js';

type Filter = (value: unknown, ...args: unknown[]) => unknown;

interface Keywords {
  __keywords: true;
  [k: string]: unknown;
}

/** nunjucks passes keyword arguments as a last object flagged __keywords. */
function splitKeywords(args: unknown[]): { positional: unknown[]; keywords: Record<string, unknown> } {
  const last = args[args.length - 1];
  if (last && typeof last === 'object' && (last as Keywords).__keywords) {
    const { __keywords: _, ...keywords } = last as Keywords;
    return { positional: args.slice(0, -1), keywords };
  }
  return { positional: args, keywords: {} };
}

function attributeOf(item: unknown, path: string): unknown {
  let cur: unknown = item;
  for (const part of path.split('.')) {
    if (cur === null || cur === undefined) return undefined;
    cur = (cur as Record<string, unknown>)[/^\d+$/.test(part) && Array.isArray(cur) ? Number(part) : part];
  }
  return cur;
}

function toList(value: unknown): unknown[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return [...value];
  if (typeof value === 'object') return Object.keys(value);
  return [value];
}

export function toBool(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1;
  if (typeof value === 'string') return ['yes', 'on', '1', 'true', 'y', 't'].includes(value.trim().toLowerCase());
  return false;
}

function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: false });
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function ipv4Filter(value: unknown, query?: unknown): unknown {
  const check = (v: unknown): unknown => {
    const s = String(v);
    const [addr, prefix] = s.split('/');
    if (!addr || !IPV4.test(addr)) return false;
    if (prefix !== undefined && !/^(3[0-2]|[12]?\d)$/.test(prefix)) return false;
    if (query === 'address') return addr;
    if (query === 'prefix') return prefix === undefined ? 32 : Number(prefix);
    return s;
  };
  if (Array.isArray(value)) return value.map(check).filter((v) => v !== false);
  return check(value);
}

export const FILTERS: Record<string, Filter> = {
  default: (value, fallback = '', boolean = false) => (value === undefined || (toBool(boolean) && !value) ? fallback : value),
  int: (value, fallback = 0) => {
    const n = typeof value === 'number' ? Math.trunc(value) : parseInt(String(value).trim(), 10);
    return Number.isNaN(n) ? fallback : n;
  },
  float: (value, fallback = 0) => {
    const n = typeof value === 'number' ? value : parseFloat(String(value));
    return Number.isNaN(n) ? fallback : n;
  },
  bool: (value) => toBool(value),
  string: (value) => pyRepr(value),
  join: (value, sep = '', attribute?: unknown) => toList(value).map((v) => pyRepr(typeof attribute === 'string' ? attributeOf(v, attribute) : v)).join(String(sep)),
  length: (value) => (value === null || value === undefined ? 0 : typeof value === 'object' && !Array.isArray(value) ? Object.keys(value).length : (value as { length: number }).length ?? 0),
  upper: (value) => String(value).toUpperCase(),
  lower: (value) => String(value).toLowerCase(),
  capitalize: (value) => { const s = String(value); return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(); },
  trim: (value) => String(value).trim(),
  replace: (value, a, b) => String(value).split(String(a)).join(String(b)),
  first: (value) => toList(value)[0],
  last: (value) => { const l = toList(value); return l[l.length - 1]; },
  unique: (value) => [...new Map(toList(value).map((v) => [JSON.stringify(v), v])).values()],
  sort: (value, ...args) => {
    const { positional, keywords } = splitKeywords(args);
    const reverse = toBool(keywords.reverse ?? positional[0] ?? false);
    const attribute = keywords.attribute as string | undefined;
    const key = (v: unknown): unknown => (attribute ? attributeOf(v, attribute) : v);
    const sorted = [...toList(value)].sort((a, b) => compareValues(key(a), key(b)));
    return reverse ? sorted.reverse() : sorted;
  },
  reverse: (value) => (typeof value === 'string' ? [...value].reverse().join('') : [...toList(value)].reverse()),
  list: (value) => toList(value),
  flatten: (value, levels?: unknown) => {
    const depth = levels === undefined ? Infinity : Number(levels);
    const flat = (l: unknown[], d: number): unknown[] => l.flatMap((v) => (Array.isArray(v) && d > 0 ? flat(v, d - 1) : [v]));
    return flat(toList(value), depth);
  },
  dict2items: (value, ...args) => {
    const { keywords } = splitKeywords(args);
    const k = String(keywords.key_name ?? 'key');
    const v = String(keywords.value_name ?? 'value');
    return Object.entries((value ?? {}) as Record<string, unknown>).map(([key, val]) => ({ [k]: key, [v]: val }));
  },
  items2dict: (value, ...args) => {
    const { keywords } = splitKeywords(args);
    const k = String(keywords.key_name ?? 'key');
    const v = String(keywords.value_name ?? 'value');
    return Object.fromEntries(toList(value).map((item) => [String((item as Record<string, unknown>)[k]), (item as Record<string, unknown>)[v]]));
  },
  combine: (value, ...args) => {
    const { positional, keywords } = splitKeywords(args);
    const recursive = toBool(keywords.recursive ?? false);
    const merge = (a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> => {
      const out: Record<string, unknown> = { ...a };
      for (const [k, v] of Object.entries(b)) {
        const av = out[k];
        out[k] = recursive && av && v && typeof av === 'object' && typeof v === 'object' && !Array.isArray(av) && !Array.isArray(v) ? merge(av as Record<string, unknown>, v as Record<string, unknown>) : v;
      }
      return out;
    };
    return positional.flatMap((p) => (Array.isArray(p) ? p : [p])).reduce<Record<string, unknown>>((acc, p) => merge(acc, (p ?? {}) as Record<string, unknown>), { ...((value ?? {}) as Record<string, unknown>) });
  },
  to_json: (value) => JSON.stringify(value ?? null),
  to_nice_json: (value, ...args) => JSON.stringify(value ?? null, null, Number(splitKeywords(args).keywords.indent ?? 4)),
  from_json: (value) => JSON.parse(String(value)),
  to_yaml: (value) => toYaml(value, { lineWidth: 0 }),
  to_nice_yaml: (value, ...args) => toYaml(value, { indent: Number(splitKeywords(args).keywords.indent ?? 4), lineWidth: 0 }),
  from_yaml: (value) => parseYaml(String(value), { version: '1.1' }),
  map: (value, ...args) => {
    const { positional, keywords } = splitKeywords(args);
    const list = toList(value);
    if (keywords.attribute !== undefined) {
      return list.map((v) => attributeOf(v, String(keywords.attribute)) ?? keywords.default);
    }
    const [name, ...rest] = positional;
    if (name === 'extract') {
      const [container, ...path] = rest;
      return list.map((v) => path.reduce<unknown>((cur, p) => (cur as Record<string, unknown> | undefined)?.[String(p)], (container as Record<string, unknown>)?.[String(v)]));
    }
    const filter = FILTERS[String(name)];
    if (!filter) throw new Error(`map: no filter named '${String(name)}'`);
    return list.map((v) => filter(v, ...rest));
  },
  select: (value, test?: unknown, ...args) => toList(value).filter((v) => (test === undefined ? Boolean(v) : runTest(String(test), v, args))),
  reject: (value, test?: unknown, ...args) => toList(value).filter((v) => !(test === undefined ? Boolean(v) : runTest(String(test), v, args))),
  selectattr: (value, attr, test?: unknown, ...args) => toList(value).filter((v) => { const a = attributeOf(v, String(attr)); return test === undefined ? Boolean(a) : runTest(String(test), a, args); }),
  rejectattr: (value, attr, test?: unknown, ...args) => toList(value).filter((v) => { const a = attributeOf(v, String(attr)); return !(test === undefined ? Boolean(a) : runTest(String(test), a, args)); }),
  regex_replace: (value, pattern, replacement = '', ...args) => {
    const { keywords } = splitKeywords(args);
    const flags = `g${toBool(keywords.ignorecase ?? false) ? 'i' : ''}${toBool(keywords.multiline ?? false) ? 'm' : ''}`;
    // Python's \1 back-references become JavaScript's $1.
    return String(value ?? '').replace(new RegExp(String(pattern), flags), String(replacement).replace(/\\(\d)/g, '$$$1').replace(/\\g<(\w+)>/g, '$<$1>'));
  },
  regex_search: (value, pattern, ...args) => {
    const m = new RegExp(String(pattern)).exec(String(value ?? ''));
    if (!m) return null;
    const groups = splitKeywords(args).positional.map((g) => String(g));
    if (groups.length === 0) return m[0];
    return groups.map((g) => (g.startsWith('\\') ? m[Number(g.slice(1))] : m.groups?.[g.replace(/^\\g<|>$/g, '')]));
  },
  regex_findall: (value, pattern) => [...String(value ?? '').matchAll(new RegExp(String(pattern), 'g'))].map((m) => (m.length > 2 ? m.slice(1) : (m[1] ?? m[0]))),
  quote: (value) => shellQuote(String(value ?? '')),
  b64encode: (value) => Buffer.from(String(value)).toString('base64'),
  b64decode: (value) => Buffer.from(String(value), 'base64').toString('utf8'),
  basename: (value) => String(value).replace(/\/+$/, '').split('/').pop() ?? '',
  dirname: (value) => { const s = String(value); const i = s.lastIndexOf('/'); return i <= 0 ? (i === 0 ? '/' : '') : s.slice(0, i); },
  min: (value) => toList(value).reduce((a, b) => (compareValues(a, b) <= 0 ? a : b)),
  max: (value) => toList(value).reduce((a, b) => (compareValues(a, b) >= 0 ? a : b)),
  sum: (value, ...args) => { const { keywords, positional } = splitKeywords(args); const attr = keywords.attribute as string | undefined; return toList(value).reduce<number>((acc, v) => acc + Number(attr ? attributeOf(v, attr) : v), Number(keywords.start ?? positional[0] ?? 0)); },
  abs: (value) => Math.abs(Number(value)),
  round: (value, precision = 0, method = 'common') => { const f = 10 ** Number(precision); const x = Number(value) * f; return (method === 'ceil' ? Math.ceil(x) : method === 'floor' ? Math.floor(x) : Math.round(x)) / f; },
  ternary: (value, yes, no, none?: unknown) => (value === null && none !== undefined ? none : value ? yes : no),
  mandatory: (value, msg?: unknown) => {
    if (value === undefined) throw new Error(msg ? String(msg) : 'mandatory variable not defined');
    return value;
  },
  zip: (value, ...others) => toList(value).map((v, i) => [v, ...others.map((o) => toList(o)[i])]),
  difference: (value, other) => toList(value).filter((v) => !toList(other).includes(v)),
  intersect: (value, other) => toList(value).filter((v) => toList(other).includes(v)),
  union: (value, other) => [...new Set([...toList(value), ...toList(other)])],
  ipv4: ipv4Filter,
  ipaddr: ipv4Filter,
  'ansible.utils.ipv4': ipv4Filter,
  'ansible.utils.ipaddr': ipv4Filter,
  dict: (value) => Object.fromEntries(toList(value) as Array<[string, unknown]>),
  items: (value) => Object.entries((value ?? {}) as Record<string, unknown>),
  splitlines: (value) => String(value).split(/\r?\n/),
  split: (value, sep?: unknown) => (sep === undefined ? String(value).trim().split(/\s+/) : String(value).split(String(sep))),
  type_debug: (value) => (value === null ? 'NoneType' : Array.isArray(value) ? 'list' : typeof value === 'object' ? 'dict' : typeof value === 'number' ? (Number.isInteger(value) ? 'int' : 'float') : typeof value === 'boolean' ? 'bool' : 'str'),
};
FILTERS.d = FILTERS.default!;
FILTERS.count = FILTERS.length!;
