// What Ansible's argument spec does to values besides checking them: aliases become the option's
// name, values written as text become their declared type (`port=80` in key=value arguments
// arrives as "80"; `enabled: "yes"` after templating), and missing options get their default.
// A value that cannot be converted is left as it is, for the schema check to name.
import { parseBoolean } from '../util/boolean.js';
import type { OptionSpec, OptionSpecs } from './declaration.js';

/** A name the user wrote that is another name for an option, given with a different value beside it. */
export interface AliasClash {
  alias: string;
  option: string;
}

export interface Converted {
  value: Record<string, unknown>;
  /** For each option given under an alias, the name the user wrote (for messages and locations). */
  writtenAs: Map<string, string>;
  clashes: AliasClash[];
}

/** Aliases to option names and conversions, at this level and inside sub-options. */
export function convertArgs(given: Record<string, unknown>, options: OptionSpecs): Converted {
  const value: Record<string, unknown> = {};
  const writtenAs = new Map<string, string>();
  const clashes: AliasClash[] = [];
  const byAlias = new Map<string, string>();
  for (const [name, o] of Object.entries(options)) for (const alias of o.aliases ?? []) byAlias.set(alias, name);
  for (const [key, v] of Object.entries(given)) {
    const option = key in options ? key : byAlias.get(key);
    if (option === undefined) {
      value[key] = v;
      continue;
    }
    const converted = convertValue(v, options[option]!);
    if (option in value && JSON.stringify(value[option]) !== JSON.stringify(converted)) {
      clashes.push({ alias: option === key ? (writtenAs.get(option) ?? key) : key, option });
      continue;
    }
    value[option] = converted;
    if (option !== key) writtenAs.set(option, key);
  }
  return { value, writtenAs, clashes };
}

/** One value as its declared type, where Ansible would convert it. */
export function convertValue(v: unknown, o: OptionSpec): unknown {
  switch (o.type ?? 'str') {
    case 'str':
    case 'path':
      // as Ansible's str(): 80 is "80", true is "True"
      return typeof v === 'number' ? String(v) : typeof v === 'boolean' ? (v ? 'True' : 'False') : v;
    case 'int':
      return typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v) ? Number.parseInt(v, 10) : v;
    case 'float':
      return typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
    case 'bool':
      return parseBoolean(v) ?? v;
    case 'list': {
      // Ansible's list: "a,b" is [a, b], a number is a list of its text
      const list = typeof v === 'string' ? v.split(',') : typeof v === 'number' ? [String(v)] : v;
      if (!Array.isArray(list)) return v;
      const { type: _list, elements, ...each } = o;
      const element: OptionSpec = { ...each, type: elements ?? (o.options ? 'dict' : 'raw') };
      return list.map((item: unknown) => convertValue(item, element));
    }
    case 'dict':
      return o.options && isMapping(v) ? convertArgs(v, o.options).value : v;
    default:
      return v;
  }
}

/** The declared defaults of the options not given, here and inside given sub-options. */
export function withDefaults(args: Record<string, unknown>, options: OptionSpecs): Record<string, unknown> {
  const out = { ...args };
  for (const [name, o] of Object.entries(options)) {
    if (out[name] === undefined && o.default !== undefined && o.default !== null) out[name] = structuredClone(o.default);
    const v = out[name];
    if (!o.options) continue;
    if (o.type === 'dict' && isMapping(v)) out[name] = withDefaults(v, o.options);
    if (o.type === 'list' && Array.isArray(v)) out[name] = v.map((item: unknown) => (isMapping(item) ? withDefaults(item, o.options!) : item));
  }
  return out;
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
