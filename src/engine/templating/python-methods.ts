// Jinja templates call Python methods on strings, lists and dicts (`x.split(',')`,
// `name.startswith('lo')`, `d.items()`); JavaScript values lack them. memberLookup is hooked
// to provide the common ones.

type Method = (self: never, ...args: never[]) => unknown;

const pySplit = (s: string, sep?: string | null, max?: number): string[] => {
  if (sep === undefined || sep === null) {
    const parts = s.trim().split(/\s+/).filter((p) => p !== '');
    if (max === undefined || max < 0 || parts.length <= max + 1) return parts;
    return [...parts.slice(0, max), parts.slice(max).join(' ')];
  }
  const parts = s.split(sep);
  if (max === undefined || max < 0 || parts.length <= max + 1) return parts;
  return [...parts.slice(0, max), parts.slice(max).join(sep)];
};

const stripChars = (chars?: string): RegExp => (chars ? new RegExp(`[${chars.replace(/[\]\\^-]/g, '\\$&')}]+`) : /\s+/);

export const STRING_METHODS: Record<string, Method> = {
  startswith: ((s: string, p: string | string[]) => (Array.isArray(p) ? p.some((x) => s.startsWith(x)) : s.startsWith(p))) as Method,
  endswith: ((s: string, p: string | string[]) => (Array.isArray(p) ? p.some((x) => s.endsWith(x)) : s.endsWith(p))) as Method,
  strip: ((s: string, chars?: string) => s.replace(new RegExp(`^(${stripChars(chars).source})|(${stripChars(chars).source})$`, 'g'), '')) as Method,
  lstrip: ((s: string, chars?: string) => s.replace(new RegExp(`^(${stripChars(chars).source})`), '')) as Method,
  rstrip: ((s: string, chars?: string) => s.replace(new RegExp(`(${stripChars(chars).source})$`), '')) as Method,
  upper: ((s: string) => s.toUpperCase()) as Method,
  lower: ((s: string) => s.toLowerCase()) as Method,
  split: pySplit as Method,
  splitlines: ((s: string) => s.split(/\r?\n/).filter((l, i, a) => !(i === a.length - 1 && l === ''))) as Method,
  replace: ((s: string, a: string, b: string) => s.split(a).join(b)) as Method,
  join: ((s: string, items: unknown[]) => items.map(String).join(s)) as Method,
  find: ((s: string, sub: string) => s.indexOf(sub)) as Method,
  count: ((s: string, sub: string) => s.split(sub).length - 1) as Method,
  isdigit: ((s: string) => /^\d+$/.test(s)) as Method,
  format: ((s: string, ...args: unknown[]) => {
    let i = 0;
    return s.replace(/\{(\d*)\}/g, (_m, n: string) => String(args[n === '' ? i++ : Number(n)]));
  }) as Method,
};

export const LIST_METHODS: Record<string, Method> = {
  index: ((l: unknown[], v: unknown) => l.indexOf(v)) as Method,
  count: ((l: unknown[], v: unknown) => l.filter((x) => x === v).length) as Method,
  append: ((l: unknown[], v: unknown) => void l.push(v)) as Method,
  extend: ((l: unknown[], v: unknown[]) => void l.push(...v)) as Method,
};

export const DICT_METHODS: Record<string, Method> = {
  items: ((d: Record<string, unknown>) => Object.entries(d)) as Method,
  keys: ((d: Record<string, unknown>) => Object.keys(d)) as Method,
  values: ((d: Record<string, unknown>) => Object.values(d)) as Method,
  get: ((d: Record<string, unknown>, k: string, fallback: unknown = null) => (k in d ? d[k] : fallback)) as Method,
};

/** The method of a value by its Python name, bound to the value, if there is one. */
export function pythonMethod(obj: unknown, name: string): ((...args: unknown[]) => unknown) | undefined {
  let table: Record<string, Method> | undefined;
  if (typeof obj === 'string') table = STRING_METHODS;
  else if (Array.isArray(obj)) table = LIST_METHODS;
  else if (obj !== null && typeof obj === 'object') {
    // a dict's own key wins over a method of the same name (d.items when d has "items")
    if (Object.prototype.hasOwnProperty.call(obj, name)) return undefined;
    table = DICT_METHODS;
  }
  const m = table?.[name];
  return m ? (...args: unknown[]) => (m as (...a: unknown[]) => unknown)(obj, ...args) : undefined;
}
