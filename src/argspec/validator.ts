// The one argument validator, for module arguments and role variables alike: aliases and
// conversions (coerce.ts), then ajv on the declaration's JSON schema (json-schema.ts) with
// lvsplay's formats and Ansible's cross-option rules added to ajv, then defaults. Each problem
// says where (a path into the arguments) and what was expected, for one-line messages.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { ArgumentSpec, OptionSpecs } from './declaration.js';
import { ARGUMENT_FORMATS, isArgumentFormat } from './formats.js';
import { argumentSpecSchema, type RequiredIfRule, type UniqueKeysRule } from './json-schema.js';
import { firstRepeat } from './unique-keys.js';
import { convertArgs, withDefaults } from './coerce.js';
import { BOOLEAN_WORDS } from '../util/boolean.js';

export interface ArgProblem {
  /** Where, inside the arguments: ["real_servers", 0, "address"]; [] for the arguments as a whole. */
  path: Array<string | number>;
  /** One line, for a module's arguments: "argument 'state' must be one of "present", "absent"". */
  message: string;
  /** What was expected, on its own: 'one of "present", "absent"', 'an IPv4 address'. */
  expected: string;
  kind: 'unknown' | 'missing' | 'value' | 'rule' | 'repeat';
  /** The value found (kind 'value'). */
  value?: unknown;
}

export interface CheckedArgs {
  /** The arguments as the module receives them: option names, declared types, defaults. */
  args: Record<string, unknown>;
  problems: ArgProblem[];
}

const given = (data: Record<string, unknown>, name: string): boolean => data[name] !== undefined && data[name] !== null;
const names = (list: readonly string[]): string => list.map((n) => `'${n}'`).join(', ');

/** Ansible's cross-option rules as ajv keywords: each returns the problem it finds, or undefined. */
const RULES: Record<string, (rule: never, data: Record<string, unknown>) => string | undefined> = {
  'x-mutually-exclusive': (set: readonly string[], data) => {
    const both = set.filter((n) => given(data, n));
    return both.length > 1 ? `arguments are mutually exclusive: ${names(both)} (give one of them)` : undefined;
  },
  'x-required-together': (set: readonly string[], data) => {
    const some = set.filter((n) => given(data, n));
    return some.length > 0 && some.length < set.length ? `arguments are required together: ${names(set)} (${names(some)} given)` : undefined;
  },
  'x-required-one-of': (set: readonly string[], data) => (set.some((n) => given(data, n)) ? undefined : `one of these arguments is required: ${names(set)}`),
  'x-required-if': ({ key, is: value, needs: needed, any, default: fallback }: RequiredIfRule, data) => {
    if ((data[key] ?? fallback) !== value) return undefined;
    const missing = needed.filter((n) => !given(data, n));
    if (missing.length === 0 || (any && missing.length < needed.length)) return undefined;
    return any
      ? `one of these arguments is required when ${key} is ${String(value)}: ${names(needed)}`
      : `missing required argument${missing.length > 1 ? 's' : ''} ${names(missing)} (needed when ${key} is ${String(value)})`;
  },
};

function newAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
  for (const [name, f] of Object.entries(ARGUMENT_FORMATS)) ajv.addFormat(name, { type: 'string', validate: (s: string) => f.test(s) });
  for (const [keyword, rule] of Object.entries(RULES)) {
    const validate = (rules: unknown[], data: Record<string, unknown>): boolean => {
      const errors = rules.flatMap((r) => rule(r as never, data) ?? []).map((message) => ({ keyword, message, params: {} }));
      (validate as { errors?: unknown[] }).errors = errors;
      return errors.length === 0;
    };
    ajv.addKeyword({ keyword, type: 'object', schemaType: 'array', errors: true, validate });
  }
  // unique_keys judges a whole list; its error points at the element that repeats an earlier one
  const unique = (rules: UniqueKeysRule[], data: unknown[], _parent?: unknown, cxt?: { instancePath: string }): boolean => {
    const errors = rules.flatMap((rule) => {
      const r = firstRepeat(data, rule);
      if (!r) return [];
      const message = `repeats ${r.values} of element ${r.first}`;
      return [{ keyword: 'x-unique-keys', message, params: {}, instancePath: `${cxt?.instancePath ?? ''}/${r.index}` }];
    });
    (unique as { errors?: unknown[] }).errors = errors;
    return errors.length === 0;
  };
  ajv.addKeyword({ keyword: 'x-unique-keys', type: 'array', schemaType: 'array', errors: true, validate: unique });
  return ajv;
}

let shared: Ajv | undefined;
const compiled = new WeakMap<ArgumentSpec, ValidateFunction>();

function validatorFor(spec: ArgumentSpec): ValidateFunction {
  let v = compiled.get(spec);
  if (!v) {
    shared ??= newAjv();
    v = shared.compile(argumentSpecSchema(spec));
    compiled.set(spec, v);
  }
  return v;
}

/** Check arguments against a declaration; `args` is what the module receives when there is no problem. */
export function checkArgs(spec: ArgumentSpec, raw: Record<string, unknown>): CheckedArgs {
  const { value, writtenAs, clashes } = convertArgs(raw, spec.options);
  const problems: ArgProblem[] = clashes.map(({ alias, option }) => ({
    path: [alias],
    message: `'${alias}' is another name for '${option}'; give one of them`,
    expected: `'${option}' or '${alias}', once`,
    kind: 'rule',
  }));
  const validate = validatorFor(spec);
  if (!validate(value)) {
    const seen = new Set<string>();
    for (const e of validate.errors ?? []) {
      const p = describe(e, spec);
      if (!p) continue;
      const first = p.path[0];
      if (typeof first === 'string' && writtenAs.has(first)) p.path = [writtenAs.get(first)!, ...p.path.slice(1)];
      p.message = p.message.replace(/\{at\}/g, at(p.path));
      const key = JSON.stringify(p.path) + p.kind;
      if (p.kind !== 'rule' && seen.has(key)) continue;
      seen.add(key);
      problems.push(p);
    }
  }
  return { args: problems.length ? value : withDefaults(value, spec.options), problems };
}

const at = (path: Array<string | number>): string => (path.length ? `argument '${path.join('.')}'` : 'arguments');

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: `a boolean (${BOOLEAN_WORDS})`,
  array: 'a list',
  object: 'a mapping',
};

function describe(e: ErrorObject, spec: ArgumentSpec): ArgProblem | undefined {
  // errors inside propertyNames are said once, by propertyNames
  if (e.schemaPath.includes('/propertyNames/')) return undefined;
  const path = e.instancePath
    .split('/')
    .slice(1)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, '/').replace(/~0/g, '~')));
  const params = e.params as Record<string, unknown>;
  const parent = (e.parentSchema ?? {}) as { minimum?: number; maximum?: number };
  const value = (expected: string): ArgProblem => ({ path, message: `{at} must be ${expected}`, expected, kind: 'value', value: e.data });
  switch (e.keyword) {
    case 'additionalProperties': {
      const full = [...path, params.additionalProperty as string];
      const known = path.length === 0 ? Object.keys(spec.options) : [];
      return {
        path: full,
        message: `unknown argument '${full.join('.')}'`,
        expected: known.length ? `one of: ${optionNames(spec.options)}` : 'a declared sub-option',
        kind: 'unknown',
      };
    }
    case 'required': {
      const full = [...path, params.missingProperty as string];
      return { path: full, message: `missing required argument '${full.join('.')}'`, expected: `'${full.join('.')}'`, kind: 'missing' };
    }
    case 'propertyNames': {
      const name = params.propertyName as string;
      const format = spec.extra_keys?.format;
      const expected = format ? ARGUMENT_FORMATS[format].describe : `one of: ${optionNames(spec.options)}`;
      return { path: [...path, name], message: `'${name}' is not ${expected}`, expected, kind: 'unknown' };
    }
    case 'enum':
      return value(`one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`);
    case 'type':
      return value(
        String(params.type)
          .split(',')
          .map((t) => TYPE_WORDS[t] ?? t)
          .join(' or '),
      );
    case 'format':
      return value(isArgumentFormat(String(params.format)) ? ARGUMENT_FORMATS[params.format as 'ipv4'].describe : String(params.format));
    case 'minimum':
    case 'maximum':
      return value(
        parent.minimum !== undefined && parent.maximum !== undefined
          ? `from ${String(parent.minimum)} to ${String(parent.maximum)}`
          : `${e.keyword === 'minimum' ? 'at least' : 'at most'} ${String(params.limit)}`,
      );
    default:
      if (e.keyword === 'x-unique-keys')
        return { path, message: `{at} ${e.message}`, expected: `no ${e.message?.replace(/^repeats (.*) of element \d+$/, '$1')} twice`, kind: 'repeat' };
      // a rule of sub-options (each dict of a list) says which dict
      if (e.keyword.startsWith('x-'))
        return { path, message: `${path.length ? '{at}: ' : ''}${e.message ?? 'is invalid'}`, expected: e.message ?? '', kind: 'rule' };
      return value(e.message ?? 'valid');
  }
}

function optionNames(options: OptionSpecs): string {
  return Object.keys(options).sort().join(', ');
}
