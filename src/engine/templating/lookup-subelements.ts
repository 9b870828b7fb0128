// lookup('subelements') / with_subelements / the subelements filter: for each mapping of a list
// (or of a mapping's values), each element of its list found under a dotted key, as pairs
// [item, element]. The errors say what Ansible's say, so checks on their text keep working.
// The lookup (with_subelements, lookup/query('subelements')) hands over a copy of the item
// without the list it walked (`item.0.mysql` is {} for 'mysql.hosts'); the filter hands over
// the item itself: both as ansible-core 2.14 does (measured).
import { fail } from './define.js';
import { hasOwn, isDict, isList, pyStr, truthy, type Dict } from './python.js';

const FLAGS = ['skip_missing'];

function termsError(problem: string): never {
  return fail(`subelements lookup expects a list of two or three items, ${problem}`);
}

export function subelements(terms: unknown[], kw: Dict, withoutWalkedList = false): unknown[] {
  if (terms.length < 2 || terms.length > 3) termsError('first a dict or a list, second a string pointing to the subkey');
  const [first, key, flags] = terms;
  if (typeof key !== 'string') termsError('first a dict or a list, second a string pointing to the subkey');
  if (isDict(first) && first.skipped === true) return [];
  const items = isDict(first) ? Object.values(first) : isList(first) ? first : [first];
  let skipMissing = truthy(kw.skip_missing);
  if (terms.length === 3) {
    if (!isDict(flags)) termsError(`the optional third item must be a dict with flags ${FLAGS.join(', ')}`);
    for (const flag of Object.keys(flags)) if (!FLAGS.includes(flag)) termsError(`the flags dict can only contain the flags ${FLAGS.join(', ')}`);
    skipMissing = truthy(flags.skip_missing);
  }
  const path = key.split('.');
  const out: unknown[] = [];
  for (const item of items) {
    if (!isDict(item)) return fail(`subelements lookup expects a dictionary, got '${pyStr(item)}'`);
    if (hasOwn(item, 'skipped') && item.skipped !== false) continue;
    const sub = elementsAt(item, path, skipMissing);
    const given = withoutWalkedList && sub !== undefined ? withoutPath(item, path) : item;
    for (const element of sub ?? []) out.push([given, element]);
  }
  return out;
}

/** The list under `path` in `item`; undefined when a key is missing and skip_missing is set. */
function elementsAt(item: Dict, path: string[], skipMissing: boolean): unknown[] | undefined {
  let value: unknown = item;
  path.forEach((part, i) => {
    if (value === undefined) return;
    const here = value as Dict;
    if (!hasOwn(here, part)) {
      if (skipMissing) value = undefined;
      else fail(`could not find '${part}' key in iterated item '${pyStr(here)}'`);
      return;
    }
    value = here[part];
    const last = i === path.length - 1;
    if (last && !isList(value)) fail(`the key ${part} should point to a list, got '${pyStr(value)}'`);
    if (!last && !isDict(value)) {
      if (skipMissing) value = undefined;
      else fail(`the key ${part} should point to a dictionary, got '${pyStr(value)}'`);
    }
  });
  return value as unknown[] | undefined;
}

/** A copy of `item` without the key at the end of `path`; the mappings along the path are copied, nothing else. */
function withoutPath(item: Dict, path: string[]): Dict {
  const [head, ...rest] = path as [string, ...string[]];
  const copy = { ...item };
  if (rest.length === 0) delete copy[head];
  else copy[head] = withoutPath(item[head] as Dict, rest);
  return copy;
}
