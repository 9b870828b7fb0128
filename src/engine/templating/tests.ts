// Jinja/Ansible tests (`x is defined`, `r is changed`, `s is match('re')`), used by `is` and
// by select/reject/selectattr.
type Test = (value: unknown, ...args: unknown[]) => boolean;

const resultField = (v: unknown, field: string): unknown => (v && typeof v === 'object' ? (v as Record<string, unknown>)[field] : undefined);

export const TESTS: Record<string, Test> = {
  defined: (v) => v !== undefined,
  undefined: (v) => v === undefined,
  none: (v) => v === null,
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number',
  integer: (v) => typeof v === 'number' && Number.isInteger(v),
  float: (v) => typeof v === 'number' && !Number.isInteger(v),
  boolean: (v) => typeof v === 'boolean',
  mapping: (v) => v !== null && typeof v === 'object' && !Array.isArray(v),
  sequence: (v) => Array.isArray(v) || typeof v === 'string',
  iterable: (v) => Array.isArray(v) || typeof v === 'string' || (v !== null && typeof v === 'object'),
  match: (v, re, ...rest) => new RegExp(`^(?:${String(re)})`, rest.includes(true) ? 'i' : '').test(String(v ?? '')),
  search: (v, re) => new RegExp(String(re)).test(String(v ?? '')),
  regex: (v, re) => new RegExp(String(re)).test(String(v ?? '')),
  equalto: (v, other) => v === other,
  eq: (v, other) => v === other,
  '==': (v, other) => v === other,
  ne: (v, other) => v !== other,
  '!=': (v, other) => v !== other,
  gt: (v, other) => Number(v) > Number(other),
  ge: (v, other) => Number(v) >= Number(other),
  lt: (v, other) => Number(v) < Number(other),
  le: (v, other) => Number(v) <= Number(other),
  in: (v, container) => (Array.isArray(container) || typeof container === 'string' ? (container as unknown[] | string).includes(v as never) : container !== null && typeof container === 'object' && String(v) in container),
  contains: (container, v) => TESTS.in!(v, container),
  succeeded: (v) => resultField(v, 'failed') !== true,
  success: (v) => resultField(v, 'failed') !== true,
  failed: (v) => resultField(v, 'failed') === true,
  failure: (v) => resultField(v, 'failed') === true,
  changed: (v) => resultField(v, 'changed') === true,
  change: (v) => resultField(v, 'changed') === true,
  skipped: (v) => resultField(v, 'skipped') === true,
  skip: (v) => resultField(v, 'skipped') === true,
  truthy: (v) => Boolean(v),
  falsy: (v) => !v,
  odd: (v) => Number(v) % 2 === 1,
  even: (v) => Number(v) % 2 === 0,
  divisibleby: (v, n) => Number(v) % Number(n) === 0,
};

export function runTest(name: string, value: unknown, args: unknown[]): boolean {
  const test = TESTS[name];
  if (!test) throw new Error(`no test named '${name}'`);
  return test(value, ...args);
}
