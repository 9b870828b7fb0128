// Filters about presence and type: default, mandatory, ternary, bool, int, float, string,
// list, length, type_debug, abs, round, random.
import { randomInt } from 'node:crypto';
import type { FilterFn } from './define.js';
import { arg, fail } from './define.js';
import { parseBoolean } from '../../util/boolean.js';
import { isDict, isList, pyStr, truthy, typeName } from './python.js';
import { PythonRandom } from './python-random.js';

/**
 * Ansible's `bool` filter is narrower than its boolean(): only the true words yes/on/1/true (any
 * case, no blanks around) and the number 1 are true, 'y' and 't' are false, None stays None
 * (measured on ansible-core 2.14).
 */
export function toBool(value: unknown): boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' && (value !== value.trim() || ['y', 't'].includes(value.toLowerCase()))) return false;
  return parseBoolean(value) === true;
}

/** Jinja's int: '42' -> 42, '3.9' -> 3, '0x1f' with base 16, anything else -> the default. */
export function toInt(value: unknown, fallback: unknown = 0, base = 10): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : fallback;
  if (typeof value !== 'string') return fallback;
  const text = value.trim().replace(/_/g, '');
  if (base === 10) {
    if (/^[+-]?\d+$/.test(text)) return Number.parseInt(text, 10);
    if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return Math.trunc(Number(text));
    return fallback;
  }
  const cleaned = text.replace(/^0[xob]/i, '');
  const n = Number.parseInt(cleaned, base);
  return Number.isNaN(n) || !new RegExp(`^[0-9a-z]+$`, 'i').test(cleaned) ? fallback : n;
}

export function toFloat(value: unknown, fallback: unknown = 0): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || value.trim() === '') return fallback;
  // Python's float() also reads nan, inf and infinity, in any case and with a sign
  const word = value.trim().toLowerCase();
  if (/^[+-]?nan$/.test(word)) return NaN;
  if (/^[+-]?inf(inity)?$/.test(word)) return word.startsWith('-') ? -Infinity : Infinity;
  const n = Number(value.trim());
  return Number.isNaN(n) ? fallback : n;
}

export const coreFilters: Record<string, FilterFn> = {
  default: (value, args, kw) => {
    const fallback = arg(args, kw, 0, 'default_value', '');
    const onFalse = truthy(arg(args, kw, 1, 'boolean', false));
    return value === undefined || (onFalse && !truthy(value)) ? fallback : value;
  },
  mandatory: (value, args, kw) => {
    if (value === undefined) fail(String(arg(args, kw, 0, 'msg', 'mandatory variable not defined')));
    return value;
  },
  ternary: (value, args, kw) => {
    const none = arg(args, kw, 2, 'none_val', undefined);
    if (value === null && none !== undefined) return none;
    return truthy(value) ? arg(args, kw, 0, 'true_val', undefined) : arg(args, kw, 1, 'false_val', undefined);
  },
  bool: (value) => toBool(value),
  int: (value, args, kw) => toInt(value, arg(args, kw, 0, 'default', 0), Number(arg(args, kw, 1, 'base', 10))),
  float: (value, args, kw) => toFloat(value, arg(args, kw, 0, 'default', 0)),
  string: (value) => (value === null ? 'None' : pyStr(value)),
  list: (value) => {
    if (isList(value)) return [...value];
    if (typeof value === 'string') return [...value];
    if (isDict(value)) return Object.keys(value);
    return fail(`list: cannot make a list of ${typeName(value)}`);
  },
  length: (value) => {
    if (typeof value === 'string' || Array.isArray(value)) return value.length;
    if (isDict(value)) return Object.keys(value).length;
    return fail(`length: ${typeName(value)} has no length`);
  },
  type_debug: (value) => typeName(value),
  abs: (value) => Math.abs(Number(value)),
  round: (value, args, kw) => {
    const precision = Number(arg(args, kw, 0, 'precision', 0));
    const method = String(arg(args, kw, 1, 'method', 'common'));
    const f = 10 ** precision;
    const n = Number(value) * f;
    const rounded = method === 'ceil' ? Math.ceil(n) : method === 'floor' ? Math.floor(n) : Math.sign(n) * Math.round(Math.abs(n));
    return rounded / f;
  },
};
coreFilters.random = (value, args, kw) => {
  const start = arg(args, kw, 0, 'start', null);
  const step = arg(args, kw, 1, 'step', null);
  const seed = arg(args, kw, 2, 'seed', null);
  return randomPick(value, start, step, seed);
};
coreFilters.d = coreFilters.default!;
coreFilters.count = coreFilters.length!;

/** A seed Python's Random takes the same way: an int (bool is one) or a str. */
function pythonSeed(seed: unknown): string | number {
  if (typeof seed === 'boolean') return seed ? 1 : 0;
  if (typeof seed === 'number' && Number.isInteger(seed)) return seed;
  if (typeof seed === 'string') return seed;
  return fail(`random: seed must be an int or a string, not ${typeName(seed)}`);
}

/**
 * Ansible's random: `end | random(start, step, seed)` is randrange(start, end, step) for an int
 * and choice(end) for a list or a string; with a seed, Python's Random(seed), so the same seed
 * picks the same value as in Ansible.
 */
function randomPick(end: unknown, start: unknown, step: unknown, seed: unknown): unknown {
  const rng = seed === null || seed === undefined ? undefined : new PythonRandom(pythonSeed(seed));
  if (typeof end === 'number' && Number.isInteger(end)) {
    const from = truthy(start) ? toInt(start) : 0;
    const by = truthy(step) ? toInt(step) : 1;
    if (typeof from !== 'number' || typeof by !== 'number') return fail('random: start and step must be integers');
    try {
      if (rng) return Number(rng.randrange(BigInt(from), BigInt(end), BigInt(by)));
      const count = by > 0 ? Math.ceil((end - from) / by) : Math.ceil((from - end) / -by);
      if (by === 0 || count <= 0) return fail(`random: empty range for randrange(${from}, ${end}, ${by})`);
      return from + by * randomInt(count);
    } catch (err) {
      return fail(`random: ${(err as Error).message}`);
    }
  }
  const seq = Array.isArray(end) ? end : typeof end === 'string' ? [...end] : undefined;
  if (!seq) return fail(`random can only be used on sequences and integers, not ${typeName(end)}`);
  if (truthy(start) || truthy(step)) return fail('random: start and step can only be used with integer values');
  if (seq.length === 0) return fail('random: cannot choose from an empty sequence');
  return rng ? rng.choice(seq) : seq[randomInt(seq.length)];
}
