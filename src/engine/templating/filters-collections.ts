// Filters on lists and mappings: first/last/sort, set operations, combine,
// dict2items/items2dict, map/select/reject/selectattr/rejectattr, extract, flatten, zip, product,
// min/max/sum, join.
import type { Env, FilterFn } from './define.js';
import { arg, attributeOf, fail, needList } from './define.js';
import { isDict, isList, pyCompare, pyEquals, pyStr, truthy, type Dict } from './python.js';
import { subelements } from './lookup-subelements.js';
import { missingMember, TemplateUndefined } from './runtime.js';

function uniqueOf(list: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const x of list) if (!out.some((y) => pyEquals(x, y))) out.push(x);
  return out;
}

function compareOrFail(filter: string, a: unknown, b: unknown): number {
  try {
    return pyCompare(a, b);
  } catch (err) {
    return fail(`${filter}: ${(err as Error).message}`);
  }
}

/** `{a: {x: 1}} | combine({a: {y: 2}}, recursive=true)` -> `{a: {x: 1, y: 2}}`. */
export function combine(base: Dict, extra: Dict, recursive: boolean, listMerge: string): Dict {
  const out: Dict = { ...base };
  for (const [k, v] of Object.entries(extra)) {
    const old = out[k];
    if (recursive && isDict(old) && isDict(v)) out[k] = combine(old, v, true, listMerge);
    else if (isList(old) && isList(v) && listMerge !== 'replace') {
      if (listMerge === 'append') out[k] = [...old, ...v];
      else if (listMerge === 'prepend') out[k] = [...v, ...old];
      else if (listMerge === 'append_rp') out[k] = [...old.filter((x) => !v.some((y) => pyEquals(x, y))), ...v];
      else if (listMerge === 'prepend_rp') out[k] = [...v, ...old.filter((x) => !v.some((y) => pyEquals(x, y)))];
      else out[k] = v;
    } else out[k] = v;
  }
  return out;
}

/** Apply the test named `name` (select, selectattr); no name means truthiness. */
function runTest(env: Env, name: unknown, value: unknown, args: unknown[]): boolean {
  if (name === undefined) return truthy(value);
  return testNamed(env, pyStr(name))(value, ...args) === true;
}

/** The test select/selectattr name; an unknown one fails in the words Ansible uses (its tests match them). */
function testNamed(env: Env, name: string): (...args: unknown[]) => unknown {
  if (Object.prototype.hasOwnProperty.call((env as unknown as { tests: object }).tests, name)) return env.getTest(name);
  // Ansible looks a test up as a plugin: a name that cannot be one is refused as such
  if (!/^[A-Za-z_][\w.]*$/.test(name)) return fail(`TemplateSyntaxError: Could not load "${name}": 'invalid plugin name: ansible.builtin.${name}'`);
  return fail(`no test named '${name}'`);
}

function filterBy(keep: boolean, byAttribute: boolean): FilterFn {
  return (value, args, _kw, env) => {
    const list = needList(byAttribute ? 'selectattr' : 'select', value);
    if (byAttribute) {
      const [attribute, testName, ...testArgs] = args;
      if (attribute === undefined) fail('selectattr: which attribute?');
      return list.filter((item) => runTest(env, testName, attributeOf(item, attribute), testArgs) === keep);
    }
    const [testName, ...testArgs] = args;
    return list.filter((item) => runTest(env, testName, item, testArgs) === keep);
  };
}

function flatten(list: unknown[], levels: number): unknown[] {
  const out: unknown[] = [];
  for (const x of list) {
    if (Array.isArray(x) && levels > 0) out.push(...flatten(x, levels - 1));
    else if (x !== null && x !== undefined) out.push(x);
  }
  return out;
}

function extremum(name: string, sign: number): FilterFn {
  return (value, args, kw) => {
    const attribute = arg(args, kw, 0, 'attribute', undefined);
    const list = needList(name, value);
    if (list.length === 0) return null;
    const key = (x: unknown): unknown => (attribute === undefined ? x : attributeOf(x, attribute));
    return list.reduce((best, x) => (sign * compareOrFail(name, key(x), key(best)) > 0 ? x : best));
  };
}

export const collectionFilters: Record<string, FilterFn> = {
  subelements: (v, args, kw) => subelements([v, ...args], kw),
  first: (value) => {
    if (typeof value === 'string' || isList(value)) return value.length ? value[0] : fail('first: the list is empty');
    return fail('first: expected a list');
  },
  last: (value) => {
    if (typeof value === 'string' || isList(value)) return value.length ? value[value.length - 1] : fail('last: the list is empty');
    return fail('last: expected a list');
  },
  reverse: (value) => (typeof value === 'string' ? [...value].reverse().join('') : [...needList('reverse', value)].reverse()),
  sort: (value, args, kw) => {
    const reverse = truthy(arg(args, kw, 0, 'reverse', false));
    const caseSensitive = truthy(arg(args, kw, 1, 'case_sensitive', false));
    const attribute = arg(args, kw, 2, 'attribute', undefined);
    const key = (x: unknown): unknown => {
      const v = attribute === undefined ? x : attributeOf(x, attribute);
      return typeof v === 'string' && !caseSensitive ? v.toLowerCase() : v;
    };
    const sorted = [...needList('sort', value)].sort((a, b) => compareOrFail('sort', key(a), key(b)));
    return reverse ? sorted.reverse() : sorted;
  },
  join: (value, args, kw) => {
    const sep = String(arg(args, kw, 0, 'd', ''));
    const attribute = arg(args, kw, 1, 'attribute', undefined);
    if (typeof value === 'string') return value;
    return needList('join', value)
      .map((x) => {
        const v = attribute === undefined ? x : attributeOf(x, attribute);
        return v === null ? 'None' : pyStr(v);
      })
      .join(sep);
  },
  flatten: (value, args, kw) => {
    const levels = arg(args, kw, 0, 'levels', undefined);
    return flatten(needList('flatten', value), levels === undefined || levels === null ? Infinity : Number(levels));
  },
  zip: (value, args) => {
    const lists = [needList('zip', value), ...args.map((a) => needList('zip', a))];
    const n = Math.min(...lists.map((l) => l.length));
    return Array.from({ length: n }, (_, i) => lists.map((l) => l[i]));
  },
  zip_longest: (value, args, kw) => {
    const lists = [needList('zip_longest', value), ...args.map((a) => needList('zip_longest', a))];
    const n = Math.max(...lists.map((l) => l.length));
    return Array.from({ length: n }, (_, i) => lists.map((l) => (i < l.length ? l[i] : (kw.fillvalue ?? null))));
  },
  product: (value, args) => {
    const lists = [needList('product', value), ...args.map((a) => needList('product', a))];
    return lists.reduce<unknown[][]>((acc, l) => acc.flatMap((prefix) => l.map((x) => [...prefix, x])), [[]]);
  },
  combine: (value, args, kw) => {
    const recursive = truthy(kw.recursive);
    const listMerge = kw.list_merge === undefined ? 'replace' : pyStr(kw.list_merge);
    const dicts = args.flatMap((a) => (isList(a) ? a : [a]));
    let out = isDict(value) ? value : fail('combine: expected a mapping');
    for (const d of dicts) out = combine(out, isDict(d) ? d : fail('combine: expected mappings to combine'), recursive, listMerge);
    return out;
  },
  dict2items: (value, args, kw) => {
    const keyName = String(arg(args, kw, 0, 'key_name', 'key'));
    const valueName = String(arg(args, kw, 1, 'value_name', 'value'));
    if (!isDict(value)) fail('dict2items: expected a mapping');
    return Object.entries(value).map(([k, v]) => ({ [keyName]: k, [valueName]: v }));
  },
  items2dict: (value, args, kw) => {
    const keyName = String(arg(args, kw, 0, 'key_name', 'key'));
    const valueName = String(arg(args, kw, 1, 'value_name', 'value'));
    const out: Dict = {};
    for (const item of needList('items2dict', value)) {
      if (!isDict(item) || !(keyName in item)) fail(`items2dict: every item needs '${keyName}' and '${valueName}'`);
      out[String(item[keyName])] = item[valueName];
    }
    return out;
  },
  dict: (value) => {
    const out: Dict = {};
    for (const pair of needList('dict', value)) {
      if (!Array.isArray(pair) || pair.length !== 2) fail('dict: expected a list of [key, value] pairs');
      out[String(pair[0])] = pair[1];
    }
    return out;
  },
  map: (value, args, kw, env) => {
    const list = needList('map', value);
    if (kw.attribute !== undefined) {
      return list.map((item) => {
        const v = attributeOf(item, kw.attribute);
        if (v !== undefined) return v;
        if ('default' in kw) return kw.default;
        // Jinja yields an undefined value here, which fails when the result is used
        throw new TemplateUndefined(`item.${pyStr(kw.attribute)}`, undefined, undefined, missingMember(item, kw.attribute));
      });
    }
    const [name, ...rest] = args;
    if (name === undefined) return list;
    const filter = env.getFilter(pyStr(name)) as unknown as (this: unknown, v: unknown, ...a: unknown[]) => unknown;
    return list.map((item) => filter.call(undefined, item, ...rest));
  },
  groupby: (value, args, kw) => {
    const attribute = arg(args, kw, 0, 'attribute', undefined);
    if (attribute === undefined) fail('groupby: which attribute?');
    const fallback = arg(args, kw, 1, 'default', undefined);
    const caseSensitive = truthy(arg(args, kw, 2, 'case_sensitive', false));
    const keyOf = (item: unknown): unknown => {
      const v = attributeOf(item, attribute);
      if (v !== undefined) return v;
      if (fallback !== undefined) return fallback;
      throw new TemplateUndefined(`item.${pyStr(attribute)}`, undefined, undefined, missingMember(item, attribute));
    };
    const sortKey = (item: unknown): unknown => {
      const k = keyOf(item);
      return typeof k === 'string' && !caseSensitive ? k.toLowerCase() : k;
    };
    // sorted by the key, then runs of equal keys; each group is [the first item's key, items]
    const sorted = [...needList('groupby', value)].sort((a, b) => compareOrFail('groupby', sortKey(a), sortKey(b)));
    const groups: [unknown, unknown[]][] = [];
    let last: unknown = Symbol('none');
    for (const item of sorted) {
      const k = sortKey(item);
      const current = groups[groups.length - 1];
      if (current && pyEquals(k, last)) current[1].push(item);
      else groups.push([keyOf(item), [item]]);
      last = k;
    }
    return groups;
  },
  select: filterBy(true, false),
  reject: filterBy(false, false),
  selectattr: filterBy(true, true),
  rejectattr: filterBy(false, true),
  extract: (value, args) => {
    const [container, morekeys] = args;
    let v = container !== null && typeof container === 'object' ? (container as Dict)[String(value)] : undefined;
    if (Array.isArray(container) && typeof value === 'number') v = container[value];
    for (const k of morekeys === undefined ? [] : Array.isArray(morekeys) ? morekeys : [morekeys]) {
      v = v !== null && typeof v === 'object' ? (v as Dict)[String(k)] : undefined;
    }
    if (v === undefined) fail(`extract: '${String(value)}' not found`);
    return v;
  },
  difference: (value, args) => uniqueOf(needList('difference', value).filter((x) => !needList('difference', args[0]).some((y) => pyEquals(x, y)))),
  intersect: (value, args) => uniqueOf(needList('intersect', value).filter((x) => needList('intersect', args[0]).some((y) => pyEquals(x, y)))),
  union: (value, args) => uniqueOf([...needList('union', value), ...needList('union', args[0])]),
  symmetric_difference: (value, args) => {
    const a = needList('symmetric_difference', value);
    const b = needList('symmetric_difference', args[0]);
    return uniqueOf([...a.filter((x) => !b.some((y) => pyEquals(x, y))), ...b.filter((x) => !a.some((y) => pyEquals(x, y)))]);
  },
  min: extremum('min', -1),
  max: extremum('max', 1),
  sum: (value, args, kw) => {
    const attribute = arg(args, kw, 0, 'attribute', undefined);
    const start = arg(args, kw, 1, 'start', 0);
    return needList('sum', value).reduce<unknown>((acc, x) => {
      const v = attribute === undefined ? x : attributeOf(x, attribute);
      if (isList(acc) && isList(v)) return [...acc, ...v];
      return Number(acc) + Number(v);
    }, start);
  },
};
