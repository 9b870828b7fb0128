// Jinja and Ansible tests (`x is defined`, `result is failed`, `name is match('^web')`).
import { isIP } from 'node:net';
import type { TestFn } from './define.js';
import { fail } from './define.js';
import { pythonRegex } from './filters-text.js';
import { hasOwn, isDict, pyCompare, pyEquals, truthy } from './python.js';

/** success/failed/changed/skipped read a registered result, which must be a mapping. */
function resultTest(name: string, read: (r: Record<string, unknown>) => boolean): TestFn {
  return (value) => {
    if (!isDict(value)) return fail(`the '${name}' test expects a registered result (a mapping)`);
    return read(value);
  };
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.\-+~]/);
  const pb = b.split(/[.\-+~]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '0';
    const y = pb[i] ?? '0';
    const nx = /^\d+$/.test(x) ? Number(x) : NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : NaN;
    const c = !Number.isNaN(nx) && !Number.isNaN(ny) ? nx - ny : x < y ? -1 : x > y ? 1 : 0;
    if (c !== 0) return c;
  }
  return 0;
}

const VERSION_OPS: Record<string, (c: number) => boolean> = {
  '<': (c) => c < 0,
  lt: (c) => c < 0,
  '<=': (c) => c <= 0,
  le: (c) => c <= 0,
  '>': (c) => c > 0,
  gt: (c) => c > 0,
  '>=': (c) => c >= 0,
  ge: (c) => c >= 0,
  '==': (c) => c === 0,
  '=': (c) => c === 0,
  eq: (c) => c === 0,
  '!=': (c) => c !== 0,
  '<>': (c) => c !== 0,
  ne: (c) => c !== 0,
};

const failed = resultTest('failed', (r) => truthy(r.failed));
const succeeded = resultTest('succeeded', (r) => !truthy(r.failed));
const changed = resultTest('changed', (r) => truthy(r.changed));
const skipped = resultTest('skipped', (r) => truthy(r.skipped));

export const tests: Record<string, TestFn> = {
  defined: (v) => v !== undefined,
  undefined: (v) => v === undefined,
  none: (v) => v === null,
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number',
  integer: (v) => typeof v === 'number' && Number.isInteger(v),
  float: (v) => typeof v === 'number' && !Number.isInteger(v),
  boolean: (v) => typeof v === 'boolean',
  true: (v) => v === true,
  false: (v) => v === false,
  mapping: (v) => isDict(v),
  sequence: (v) => typeof v === 'string' || Array.isArray(v) || isDict(v),
  iterable: (v) => typeof v === 'string' || Array.isArray(v) || isDict(v),
  callable: (v) => typeof v === 'function',
  lower: (v) => typeof v === 'string' && v === v.toLowerCase(),
  upper: (v) => typeof v === 'string' && v === v.toUpperCase(),
  match: (v, [pattern], kw) => pythonRegex(`^(?:${String(pattern)})`, kw).test(String(v)),
  search: (v, [pattern], kw) => pythonRegex(pattern, kw).test(String(v)),
  regex: (v, [pattern], kw) => (kw.match_type === 'match' ? pythonRegex(`^(?:${String(pattern)})`, kw) : pythonRegex(pattern, kw)).test(String(v)),
  equalto: (v, [other]) => pyEquals(v, other),
  eq: (v, [other]) => pyEquals(v, other),
  '==': (v, [other]) => pyEquals(v, other),
  ne: (v, [other]) => !pyEquals(v, other),
  '!=': (v, [other]) => !pyEquals(v, other),
  lt: (v, [other]) => pyCompare(v, other) < 0,
  '<': (v, [other]) => pyCompare(v, other) < 0,
  le: (v, [other]) => pyCompare(v, other) <= 0,
  '<=': (v, [other]) => pyCompare(v, other) <= 0,
  gt: (v, [other]) => pyCompare(v, other) > 0,
  '>': (v, [other]) => pyCompare(v, other) > 0,
  ge: (v, [other]) => pyCompare(v, other) >= 0,
  '>=': (v, [other]) => pyCompare(v, other) >= 0,
  sameas: (v, [other]) => v === other,
  in: (v, [container]) =>
    Array.isArray(container)
      ? container.some((x) => pyEquals(x, v))
      : typeof container === 'string'
        ? container.includes(String(v))
        : container !== null && typeof container === 'object' && hasOwn(container, String(v)),
  contains: (v, [item]) =>
    Array.isArray(v) ? v.some((x) => pyEquals(x, item)) : typeof v === 'string' ? v.includes(String(item)) : isDict(v) && hasOwn(v, String(item)),
  truthy: (v) => truthy(v),
  falsy: (v) => !truthy(v),
  even: (v) => Number(v) % 2 === 0,
  odd: (v) => Math.abs(Number(v) % 2) === 1,
  divisibleby: (v, [n]) => Number(v) % Number(n) === 0,
  subset: (v, [other]) => Array.isArray(v) && Array.isArray(other) && v.every((x) => other.some((y) => pyEquals(x, y))),
  superset: (v, [other]) => Array.isArray(v) && Array.isArray(other) && other.every((x) => v.some((y) => pyEquals(x, y))),
  version: (v, [other, op = '=='], kw) => {
    const check = VERSION_OPS[String(kw.operator ?? op)];
    if (!check) return fail(`version: unknown operator '${String(kw.operator ?? op)}'`);
    return check(compareVersions(String(v), String(other)));
  },
  ip: (v) => typeof v === 'string' && isIP(v.split('/')[0] ?? '') !== 0,
  ipv4: (v) => typeof v === 'string' && isIP(v.split('/')[0] ?? '') === 4,
  ipv6: (v) => typeof v === 'string' && isIP(v.split('/')[0] ?? '') === 6,
  failed,
  failure: failed,
  succeeded,
  success: succeeded,
  successful: succeeded,
  changed,
  change: changed,
  skipped,
  skip: skipped,
};
tests.version_compare = tests.version!;
tests.issubset = tests.subset!;
tests.issuperset = tests.superset!;
tests.any = (v) => Array.isArray(v) && v.some(truthy);
tests.all = (v) => Array.isArray(v) && v.every(truthy);
tests.nan = (v) => typeof v === 'number' && Number.isNaN(v);
tests.isnan = tests.nan;
// `x is none` reaches nunjucks as the literal none, spelled null
tests.null = tests.none!;
