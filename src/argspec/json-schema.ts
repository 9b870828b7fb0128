// A declaration (declaration.ts) as the JSON schema ajv checks. Values arrive here already
// converted (coerce.ts: aliases to option names, "80" to 80, "yes" to true), so the schema's
// types are strict. Ansible's cross-option rules become lvsplay's own ajv keywords
// (validator.ts), each with its own one-line message.
import type { ArgumentSpec, OptionRules, OptionSpec, OptionSpecs } from './declaration.js';
import { formatOf } from './formats.js';

type Schema = Record<string, unknown>;

/** The lvsplay keywords validator.ts adds to ajv. */
export const RULE_KEYWORDS = ['x-mutually-exclusive', 'x-required-together', 'x-required-one-of', 'x-required-if', 'x-unique-keys'] as const;

/** A unique_keys set as the x-unique-keys keyword holds it, with the sub-options' defaults. */
export interface UniqueKeysRule {
  keys: readonly string[];
  defaults: readonly unknown[];
}

/** A required_if as the x-required-if keyword holds it, with the default of the option it tests. */
export interface RequiredIfRule {
  key: string;
  is: unknown;
  needs: readonly string[];
  any: boolean;
  default: unknown;
}

export function argumentSpecSchema(spec: ArgumentSpec): Schema {
  return {
    ...optionsSchema(spec.options),
    ...(spec.extra_keys ? { additionalProperties: true } : {}),
    ...(spec.extra_keys?.format ? { propertyNames: { anyOf: [{ enum: Object.keys(spec.options) }, { format: spec.extra_keys.format }] } } : {}),
    ...rulesSchema(spec, spec.options),
  };
}

/** The cross-option rules of one level (the arguments, or a dict's sub-options) as lvsplay's ajv keywords. */
function rulesSchema(rules: OptionRules, options: OptionSpecs): Schema {
  return {
    ...(rules.mutually_exclusive ? { 'x-mutually-exclusive': rules.mutually_exclusive } : {}),
    ...(rules.required_together ? { 'x-required-together': rules.required_together } : {}),
    ...(rules.required_one_of ? { 'x-required-one-of': rules.required_one_of } : {}),
    // Ansible fills in defaults before it applies required_if: `state` left out is its default
    ...(rules.required_if
      ? { 'x-required-if': rules.required_if.map(([key, is, needs, any]) => ({ key, is, needs, any: any === true, default: options[key]?.default })) }
      : {}),
  };
}

function optionsSchema(options: OptionSpecs): Schema {
  const required = Object.keys(options).filter((name) => options[name]!.required);
  return {
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(Object.entries(options).map(([name, o]) => [name, optionSchema(o)])),
    ...(required.length ? { required } : {}),
  };
}

/** One option's value. For a list, choices, format, range and sub-options hold for each element. */
export function optionSchema(o: OptionSpec): Schema {
  if (o.type === 'list') {
    const { type: _list, elements, unique_keys: unique, ...each } = o;
    const rules: UniqueKeysRule[] | undefined = unique?.map((keys) => ({ keys, defaults: keys.map((k) => o.options?.[k]?.default) }));
    return { type: 'array', items: optionSchema({ ...each, type: elements ?? (o.options ? 'dict' : 'raw') }), ...(rules ? { 'x-unique-keys': rules } : {}) };
  }
  const range = { ...(o.minimum !== undefined ? { minimum: o.minimum } : {}), ...(o.maximum !== undefined ? { maximum: o.maximum } : {}) };
  const choices = o.choices ? { enum: o.choices } : {};
  switch (o.type ?? 'str') {
    case 'str':
    case 'path':
      return { type: 'string', ...(o.format ? { format: o.format } : {}), ...choices };
    case 'int':
      return { type: 'integer', ...range, ...choices };
    case 'float':
      return { type: 'number', ...range, ...choices };
    case 'bool':
      return { type: 'boolean', ...choices };
    case 'dict':
      return o.options ? { ...optionsSchema(o.options), ...rulesSchema(o, o.options) } : { type: 'object' };
    default:
      // raw: anything; with a format, a string of that shape or a number in the format's range
      if (o.format) {
        const numbers = formatOf(o.format).numbers;
        return numbers ? { type: ['string', 'integer'], format: o.format, ...numbers, ...range, ...choices } : { type: 'string', format: o.format, ...choices };
      }
      return { ...range, ...choices };
  }
}
