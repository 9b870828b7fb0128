// Ansible's math filters: log, pow, root, human_readable, human_to_bytes.
import type { FilterFn } from './define.js';
import { arg, fail } from './define.js';
import { pyStr, truthy } from './python.js';

function num(filter: string, v: unknown): number {
  return numberOr(v, () => fail(`${filter}: can only be used on numbers, not ${JSON.stringify(v)}`));
}

function numberOr(v: unknown, otherwise: () => number): number {
  const n = typeof v === 'boolean' ? Number(v) : typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isNaN(n) ? otherwise() : n;
}

/** Powers of 1024 by their letter, as Ansible's SIZE_RANGES. */
const SIZE_RANGES: [string, number][] = [
  ['Y', 2 ** 80],
  ['Z', 2 ** 70],
  ['E', 2 ** 60],
  ['P', 2 ** 50],
  ['T', 2 ** 40],
  ['G', 2 ** 30],
  ['M', 2 ** 20],
  ['K', 2 ** 10],
  ['B', 1],
];

function humanReadable(size: number, isbits: boolean, unit: unknown): string {
  const base = isbits ? 'bits' : 'Bytes';
  const wanted = unit === null || unit === undefined ? undefined : pyStr(unit).toUpperCase().slice(0, 1);
  const [letter, limit] = SIZE_RANGES.find(([l, lim]) => (wanted === undefined ? size >= lim : wanted === l)) ?? ['B', 1];
  const suffix = limit === 1 ? base : `${letter}${base[0]!}`;
  return `${(size / limit).toFixed(2)} ${suffix}`;
}

function humanToBytes(value: unknown, defaultUnit: unknown, isbits: boolean): number {
  const text = pyStr(value);
  const m = /^\s*(\d*\.?\d*)\s*([A-Za-z]+)?\s*$/.exec(text);
  if (!m || m[1] === '' || m[1] === '.') return fail(`human_to_bytes() can't interpret following string: ${text}`);
  const n = Number(m[1]);
  const unit = m[2] ?? (defaultUnit === null || defaultUnit === undefined ? undefined : pyStr(defaultUnit));
  if (unit === undefined) return Math.round(n);
  const range = SIZE_RANGES.find(([l]) => l === unit[0]!.toUpperCase());
  if (!range) return fail(`human_to_bytes() failed to convert ${text}: unknown unit '${unit}'`);
  const unitClass = isbits ? 'b' : 'B';
  const unitName = isbits ? 'bit' : 'byte';
  if (unit.length > 1) {
    const ok = range[0] === 'B' ? [unitName, `${unitName}s`].includes(unit.toLowerCase()) || unit === unitClass : unit[1] === unitClass && unit.length === 2;
    if (!ok) return fail(`human_to_bytes() failed to convert ${text}: the unit should be like '${range[0]}${unitClass}'`);
  }
  return Math.round(n * range[1]);
}

export const mathFilters: Record<string, FilterFn> = {
  log: (v, args, kw) => {
    const base = arg(args, kw, 0, 'base', Math.E);
    return Math.log(num('log', v)) / Math.log(num('log', base));
  },
  pow: (v, args, kw) => num('pow', v) ** num('pow', arg(args, kw, 0, 'y', 2)),
  root: (v, args, kw) => {
    const base = num('root', arg(args, kw, 0, 'base', 2));
    const x = num('root', v);
    return base === 2 ? Math.sqrt(x) : x ** (1 / base);
  },
  human_readable: (v, args, kw) =>
    humanReadable(
      numberOr(v, () => fail(`human_readable() failed on bad input: ${pyStr(v)}`)),
      truthy(arg(args, kw, 0, 'isbits', false)),
      arg(args, kw, 1, 'unit', null),
    ),
  human_to_bytes: (v, args, kw) => humanToBytes(v, arg(args, kw, 0, 'default_unit', null), truthy(arg(args, kw, 1, 'isbits', false))),
};
