// The type of every play, block and task keyword whose value is not free text, and the one
// conversion each goes through (Ansible's FieldAttribute isa + post_validate). The loader runs it
// on written values, so `retries: many` is refused with its file:line:col before any host is
// contacted; the run loop runs the same conversion on templated values after rendering.
import { UserInputError, type SourceLocation } from '../../errors.js';
import { BOOLEAN_WORDS, parseBoolean } from '../../util/boolean.js';
import { isTemplated } from '../templating/index.js';
import { locate } from '../yaml-source.js';
import { describeType } from './shapes.js';

export type KeywordType = 'bool' | 'int' | 'string' | 'environment' | 'conditions' | 'loop';

export const KEYWORD_TYPES: Readonly<Record<string, KeywordType>> = {
  become: 'bool',
  become_user: 'string',
  become_method: 'string',
  become_password: 'string',
  check_mode: 'bool',
  diff: 'bool',
  no_log: 'bool',
  ignore_errors: 'bool',
  ignore_unreachable: 'bool',
  run_once: 'bool',
  delegate_facts: 'bool',
  delegate_to: 'string',
  async: 'int',
  poll: 'int',
  any_errors_fatal: 'bool',
  force_handlers: 'bool',
  private: 'bool',
  // loop_control's
  extended: 'bool',
  // a role's meta/main.yml
  allow_duplicates: 'bool',
  extended_allitems: 'bool',
  gather_facts: 'bool',
  gather_timeout: 'int',
  environment: 'environment',
  retries: 'int',
  delay: 'int',
  throttle: 'int',
  timeout: 'int',
  remote_user: 'string',
  connection: 'string',
  when: 'conditions',
  until: 'conditions',
  changed_when: 'conditions',
  failed_when: 'conditions',
  loop: 'loop',
};

const EXPECTED: Record<KeywordType, string> = {
  bool: `a boolean: ${BOOLEAN_WORDS}`,
  int: 'an integer',
  string: 'a string',
  environment: 'a mapping of variable names to values',
  conditions: 'a condition (a string or a boolean) or a list of conditions',
  loop: 'a list, or a template that renders to one',
};

export type Converted = { ok: true; value: unknown } | { ok: false; problem: string };

/** The value of keyword `name` converted to its type, or what is wrong with it. */
export function convertKeyword(name: string, value: unknown): Converted {
  const type = KEYWORD_TYPES[name];
  const bad: Converted = { ok: false, problem: `${name} is ${describeType(value)}` };
  if (type === undefined) return { ok: true, value };
  switch (type) {
    case 'bool': {
      // Ansible's boolean(strict=True): its words, 1/0 and booleans; nothing else
      const parsed = parseBoolean(value);
      return parsed === undefined ? bad : { ok: true, value: parsed };
    }
    case 'int': {
      // Python's int(): whole numbers, and strings of digits; 2.7 becomes 2 as in Ansible.
      if (typeof value === 'number' && Number.isFinite(value)) return { ok: true, value: Math.trunc(value) };
      if (typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value)) return { ok: true, value: Number(value) };
      return bad;
    }
    case 'string':
      return typeof value === 'string' || typeof value === 'number' ? { ok: true, value: String(value) } : bad;
    case 'environment': {
      // A mapping, or a list of mappings merged in order (Ansible allows both).
      const parts: unknown[] = Array.isArray(value) ? value : [value];
      const isMapping = (p: unknown): p is Record<string, unknown> => p !== null && typeof p === 'object' && !Array.isArray(p);
      if (!parts.every(isMapping)) return bad;
      return { ok: true, value: Object.assign({}, ...parts) };
    }
    case 'conditions': {
      const list = Array.isArray(value) ? value : [value];
      const isCondition = (c: unknown): boolean => typeof c === 'string' || typeof c === 'boolean' || typeof c === 'number';
      return list.every(isCondition) ? { ok: true, value: list } : bad;
    }
    case 'loop':
      return Array.isArray(value) ? { ok: true, value } : bad;
  }
}

/**
 * At load: refuse a written value of the wrong type, at the position of its key. A templated
 * value is left for the run loop, which converts it after rendering.
 */
export function checkKeywordsAtLoad(mapping: Record<string, unknown>, where: SourceLocation, names: Iterable<string> = Object.keys(mapping)): void {
  for (const name of names) {
    const value = mapping[name];
    if (value === undefined || value === null || !(name in KEYWORD_TYPES) || isTemplated(value)) continue;
    const converted = convertKeyword(name, value);
    if (!converted.ok) throw new UserInputError(converted.problem, locate(mapping, name) ?? where, EXPECTED[KEYWORD_TYPES[name]!]);
  }
}

/** At run time, after rendering: the typed value, or a located error that fails the task. */
export function convertRenderedKeyword(name: string, rendered: unknown, where: SourceLocation): unknown {
  const converted = convertKeyword(name, rendered);
  if (converted.ok) return converted.value;
  throw new UserInputError(`${converted.problem} (after templating)`, where, EXPECTED[KEYWORD_TYPES[name]!]);
}

/** A keyword whose value must be known at load (no templates): its typed value, or undefined when unset. */
export function staticKeyword<T>(mapping: Record<string, unknown>, name: string, where: SourceLocation): T | undefined {
  const value = mapping[name];
  if (value === undefined || value === null) return undefined;
  const at = locate(mapping, name) ?? where;
  if (isTemplated(value)) throw new UserInputError(`${name} cannot be templated`, at, EXPECTED[KEYWORD_TYPES[name] ?? 'string']);
  const converted = convertKeyword(name, value);
  if (!converted.ok) throw new UserInputError(converted.problem, at, EXPECTED[KEYWORD_TYPES[name]!]);
  return converted.value as T;
}
