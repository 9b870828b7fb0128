// The one boolean coercion: Ansible's boolean words, as its boolean() reads keywords (become,
// ignore_errors, ...), module arguments and boolean settings: any case, blanks around ignored.
const WORDS: ReadonlyMap<string, boolean> = new Map([
  ['yes', true],
  ['no', false],
  ['true', true],
  ['false', false],
  ['on', true],
  ['off', false],
  ['1', true],
  ['0', false],
  ['y', true],
  ['n', false],
  ['t', true],
  ['f', false],
]);

/** For messages: the words a boolean may be written as. */
export const BOOLEAN_WORDS = 'yes/no, true/false, on/off, 1/0, y/n, t/f';

/** A boolean, one of the words, or the number 1 or 0; undefined for anything else. */
export function parseBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : undefined;
  if (typeof value === 'string') return WORDS.get(value.trim().toLowerCase());
  return undefined;
}
