// Schema pieces and readers shared by module argument schemas. Ansible users write booleans as
// yes/no/true/false (already booleans after YAML, or any of Ansible's words as strings after
// templating) and modes as 0644 (an int after YAML 1.1) or "0644".
import { ModuleFailure } from '../../errors.js';
import { BOOLEAN_WORD_PATTERN, parseBoolean } from '../../util/boolean.js';

export const BOOL = { anyOf: [{ type: 'boolean' }, { type: 'integer', enum: [0, 1] }, { type: 'string', pattern: BOOLEAN_WORD_PATTERN }] };
/** 0644 (YAML 1.1 int 420), "0644", "644" or symbolic "u=rw,g=r"; checked before any fact is read. */
export const MODE = {
  anyOf: [
    { type: 'integer', minimum: 0, maximum: 0o7777 },
    { type: 'string', pattern: '^(?:[0-7]{3,4}|[ugoa]*[-+=][rwxXst]*(?:,[ugoa]*[-+=][rwxXst]*)*)$' },
  ],
};
export const PATH = { type: 'string', minLength: 1 };
export const STRING_OR_LIST = { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] };

export function bool(value: unknown, fallback = false): boolean {
  if (value === undefined || value === null) return fallback;
  return parseBoolean(value) ?? false;
}

/** Ansible's path aliases: path, dest, name (first given). */
export function pathArg(args: { path?: string; dest?: string; name?: string }, module: string): string {
  const p = args.path ?? args.dest ?? args.name;
  if (!p) throw new ModuleFailure(`${module}: 'path' is required`);
  return p;
}

/** A list argument given as a list, or as a comma-separated string. */
export function listArg(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : value.split(',')).map((s) => s.trim()).filter(Boolean);
}

/** A whole number, also as text (`port=80` in key=value arguments arrives as a string). */
export const INT = { anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^[0-9]+$' }] };

export function int(value: number | string | undefined, fallback: number): number;
export function int(value: number | string | undefined): number | undefined;
export function int(value: number | string | undefined, fallback?: number): number | undefined {
  if (value === undefined || value === null) return fallback;
  return typeof value === 'number' ? value : Number.parseInt(value, 10);
}

/**
 * Ansible's argument aliases (sysctl key= for name=, systemd unit= for name=, ...): the alias is
 * moved to its canonical name. Giving both with different values is an error.
 */
export function resolveAliases<T extends object>(args: T, aliases: Record<string, string>, module: string): T {
  const out = { ...args } as Record<string, unknown>;
  for (const [alias, canonical] of Object.entries(aliases)) {
    if (!(alias in out)) continue;
    const value = out[alias];
    delete out[alias];
    if (out[canonical] !== undefined && JSON.stringify(out[canonical]) !== JSON.stringify(value)) {
      throw new ModuleFailure(`${module}: '${alias}' is another name for '${canonical}'; give one of them`);
    }
    out[canonical] = value;
  }
  return out as T;
}
