// unique_keys (declaration.ts): no two elements of a list of dicts share all the values of one
// set of sub-options. A per-element schema cannot say this (it sees one element at a time), and
// role variables such as lvs_services need it: two services with one fwmark, or one VIP, protocol
// and port twice, would fight over the same IPVS service.
import type { UniqueKeysRule } from './json-schema.js';

export interface RepeatedKeys {
  /** The later element, the one refused. */
  index: number;
  /** The earlier element it repeats. */
  first: number;
  /** "fwmark 80", "vip 10.0.0.1, protocol tcp, ports 80". */
  values: string;
}

/** Each value of one key in an element: its default when left out, each item of a list. */
function valuesOf(element: Record<string, unknown>, key: string, fallback: unknown): unknown[] | undefined {
  const v = element[key] ?? fallback;
  if (v === undefined || v === null) return undefined;
  return Array.isArray(v) ? (v as unknown[]) : [v];
}

/** Every combination of one value per key (a list of ports gives one tuple per port). */
function tuples(element: Record<string, unknown>, rule: UniqueKeysRule): unknown[][] {
  let out: unknown[][] = [[]];
  for (const [i, key] of rule.keys.entries()) {
    const values = valuesOf(element, key, rule.defaults[i]);
    if (!values) return [];
    out = out.flatMap((t) => values.map((v) => [...t, v]));
  }
  return out;
}

/** The first element that repeats an earlier one's values of the rule's keys, if any. */
export function firstRepeat(list: readonly unknown[], rule: UniqueKeysRule): RepeatedKeys | undefined {
  const seen = new Map<string, number>();
  for (const [index, element] of list.entries()) {
    if (element === null || typeof element !== 'object' || Array.isArray(element)) continue;
    for (const t of tuples(element as Record<string, unknown>, rule)) {
      const key = JSON.stringify(t);
      const first = seen.get(key);
      if (first !== undefined && first !== index) {
        return { index, first, values: rule.keys.map((k, i) => `${k} ${String(t[i])}`).join(', ') };
      }
      if (first === undefined) seen.set(key, index);
    }
  }
  return undefined;
}
