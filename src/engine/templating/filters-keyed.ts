// Filters that tell items apart by a key: unique (Jinja's, with Ansible's fallback) and
// rekey_on_member. The messages are Ansible's: playbooks and Ansible's own tests match on them.
import type { FilterFn } from './define.js';
import { arg, attributeOf, fail } from './define.js';
import { isDict, isList, pyEquals, pyStr, typeName, type Dict } from './python.js';

/** A key Python can hash: strings, numbers, booleans and None (lists and dicts cannot be). */
function hashable(v: unknown): boolean {
  return v === null || v === undefined || typeof v !== 'object';
}

function iterable(filter: string, value: unknown): unknown[] {
  if (isList(value)) return value;
  if (typeof value === 'string') return [...value];
  if (isDict(value)) return Object.keys(value);
  return fail(`${filter}: '${typeName(value)}' object is not iterable`);
}

/** Jinja's unique: first item of each key; undefined when a key is unhashable (Python's TypeError). */
function jinjaUnique(items: unknown[], caseSensitive: boolean, attribute: unknown): unknown[] | undefined {
  const seen: unknown[] = [];
  const out: unknown[] = [];
  for (const item of items) {
    let key = attribute === undefined || attribute === null ? item : attributeOf(item, attribute);
    if (!hashable(key)) return undefined;
    if (typeof key === 'string' && !caseSensitive) key = key.toLowerCase();
    if (seen.some((k) => pyEquals(k, key))) continue;
    seen.push(key);
    out.push(item);
  }
  return out;
}

/**
 * As Ansible 2.14: Jinja's unique (case-insensitive unless told); when the items cannot be
 * hashed (mappings, lists) and no option was given, Ansible's own (equal items, in order).
 */
const unique: FilterFn = (value, args, kw) => {
  const items = iterable('unique', value);
  const caseSensitive = arg(args, kw, 0, 'case_sensitive', undefined);
  const attribute = arg(args, kw, 1, 'attribute', undefined);
  const byJinja = jinjaUnique(items, caseSensitive === true, attribute);
  if (byJinja) return byJinja;
  if (caseSensitive !== undefined || attribute !== undefined)
    return fail("Jinja2's unique filter failed and we cannot fall back to Ansible's version as it does not support the parameters supplied");
  const out: unknown[] = [];
  for (const x of items) if (!out.some((y) => pyEquals(x, y))) out.push(x);
  return out;
};

/** A list (or the values of a mapping) of mappings, as one mapping keyed by each one's `key`. */
const rekeyOnMember: FilterFn = (value, args, kw) => {
  const key = arg(args, kw, 0, 'key', undefined);
  const duplicates = arg(args, kw, 1, 'duplicates', 'error');
  if (duplicates !== 'error' && duplicates !== 'overwrite') return fail(`duplicates parameter to rekey_on_member has unknown value: ${pyStr(duplicates)}`);
  const items = isList(value) ? value : isDict(value) ? Object.values(value) : fail('Type is not a valid list, set, or dict');
  const out: Dict = {};
  for (const item of items) {
    if (!isDict(item)) return fail('List item is not a valid dict');
    if (!Object.prototype.hasOwnProperty.call(item, pyStr(key))) return fail(`Key ${pyStr(key)} was not found`);
    const name = pyStr(item[pyStr(key)]);
    if (duplicates === 'error' && Object.prototype.hasOwnProperty.call(out, name)) return fail(`Key ${name} is not unique, cannot correctly turn into dict`);
    out[name] = item;
  }
  return out;
};

export const keyedFilters: Record<string, FilterFn> = { unique, rekey_on_member: rekeyOnMember };
