// Schema pieces and readers shared by module argument schemas. Ansible users write booleans as
// yes/no/true/false (already booleans after YAML, or strings after templating) and modes as
// 0644 (an int after YAML 1.1) or "0644".
import { ModuleFailure } from '../../errors.js';

export const BOOL = { anyOf: [{ type: 'boolean' }, { type: 'string', enum: ['yes', 'no', 'true', 'false', 'True', 'False', 'on', 'off', '1', '0'] }] };
export const MODE = { type: ['string', 'integer'] };
export const PATH = { type: 'string', minLength: 1 };
export const STRING_OR_LIST = { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] };

export function bool(value: unknown, fallback = false): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value;
  return ['yes', 'true', 'on', '1'].includes(String(value).toLowerCase());
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
