// `!unsafe` in YAML marks a string that is never templated: `expected: !unsafe '{{ foo }}'`
// is the text `{{ foo }}` wherever it is read, as in Ansible. A JavaScript string cannot carry
// a mark, so the mark sits on the mapping or list that holds it (by key or index), the way
// yaml-source.ts remembers locations; renderValue and the lazy variable view skip marked entries.

const unsafeEntries = new WeakMap<object, Set<string | number>>();

/** Record that `container[key]` was written `!unsafe`. */
export function markUnsafe(container: object, key: string | number): void {
  let keys = unsafeEntries.get(container);
  if (!keys) {
    keys = new Set();
    unsafeEntries.set(container, keys);
  }
  keys.add(key);
}

/** Whether `container[key]` is a value that must not be templated. */
export function isUnsafeEntry(container: object, key: string | number): boolean {
  return unsafeEntries.get(container)?.has(key) ?? false;
}

/** Carry the marks of `from` to `to` (a copy with the same keys), or only the one of `key`. */
export function copyUnsafeMarks(from: object, to: object, key?: string | number): void {
  const keys = unsafeEntries.get(from);
  if (!keys) return;
  for (const k of keys) if (key === undefined || k === key) markUnsafe(to, k);
}
