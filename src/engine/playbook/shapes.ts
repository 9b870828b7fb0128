// Small checks of the shape of loaded YAML values, each failing with the value's position.
import { UserInputError, type SourceLocation } from '../../errors.js';
import { locate, recordKeyLocation } from '../yaml-source.js';
import { copyUnsafeMarks } from '../unsafe-values.js';

export function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Position of parent[key] (or of parent itself), falling back to `fallback`. */
export function whereOf(parent: unknown, key: string | number | undefined, fallback: SourceLocation): SourceLocation {
  return locate(parent, key) ?? fallback;
}

export function expectMapping(value: unknown, where: SourceLocation, what: string): Record<string, unknown> {
  if (value === null || value === undefined) return {};
  if (!isMapping(value)) throw new UserInputError(`${what} is ${describeType(value)}`, locate(value) ?? where, 'a mapping');
  return value;
}

/**
 * `vars:` as a mapping, or (as Ansible allows) a list of mappings merged in order. A mapping is
 * returned as loaded; a merged list remembers where each key was written.
 */
export function expectVars(value: unknown, where: SourceLocation, what: string): Record<string, unknown> {
  if (!Array.isArray(value)) return expectMapping(value, where, what);
  const merged: Record<string, unknown> = {};
  value.forEach((item, i) => {
    const part = expectMapping(item, whereOf(value, i, where), `an entry of ${what}`);
    for (const [key, v] of Object.entries(part)) {
      merged[key] = v;
      recordKeyLocation(merged, key, whereOf(part, key, where));
      copyUnsafeMarks(part, merged, key);
    }
  });
  return merged;
}

export function expectList(value: unknown, where: SourceLocation, what: string): unknown[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw new UserInputError(`${what} is ${describeType(value)}`, locate(value) ?? where, 'a list');
  return value;
}

export function expectString(value: unknown, where: SourceLocation, what: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  throw new UserInputError(`${what} is ${describeType(value)}`, where, 'a string');
}

/** Tags and notify accept "a", "a,b" or a list, like Ansible. */
export function stringList(value: unknown, where: SourceLocation, what: string): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value === 'string')
    return value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  if (typeof value === 'number') return [String(value)];
  if (Array.isArray(value)) {
    return value.map((v, i) => expectString(v, whereOf(value, i, where), `${what} item`));
  }
  throw new UserInputError(`${what} is ${describeType(value)}`, where, 'a string or a list of strings');
}

export function describeType(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '...' : value)}`;
  return `${typeof value} ${JSON.stringify(value)}`;
}
