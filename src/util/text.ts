// One way to turn a value of unknown shape into text for a message, a label or a comparison.

/**
 * Strings as they are, mappings and lists as JSON (never "[object Object]"), other scalars as
 * JavaScript prints them (5, true, null).
 */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
