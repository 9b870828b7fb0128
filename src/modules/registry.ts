// Finds modules by the names users write (copy, ansible.builtin.copy, service -> systemd) and
// validates their arguments against each module's JSON schema.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { AnyModule } from './types.js';
import { moduleIndex } from './index.js';

const COLLECTION_PREFIXES = ['ansible.builtin.', 'ansible.legacy.', 'ansible.posix.', 'community.general.', 'lvsplay.'];

/** Engine-level pseudo modules handled by the run loop itself. */
export const ENGINE_ACTIONS = new Set(['meta', 'include_tasks', 'import_tasks', 'include_role', 'import_role']);

export class ModuleRegistry {
  private readonly byName = new Map<string, AnyModule>();
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly ajv = new Ajv({ allErrors: true, strict: false, useDefaults: true, coerceTypes: false });

  constructor(modules: AnyModule[]) {
    for (const m of modules) {
      for (const name of [m.name, ...(m.aliases ?? [])]) {
        this.byName.set(name, m);
        for (const prefix of COLLECTION_PREFIXES) this.byName.set(prefix + name, m);
      }
    }
  }

  /** The module for a name as written, or undefined. */
  find(name: string): AnyModule | undefined {
    return this.byName.get(name);
  }

  has(name: string): boolean {
    return this.byName.has(name) || ENGINE_ACTIONS.has(stripPrefix(name));
  }

  names(): string[] {
    return [...new Set([...this.byName.values()].map((m) => m.name))].sort();
  }

  /** Every action a task may name: the modules and the engine's own actions (meta, include_*, import_*). */
  actionNames(): string[] {
    return [...this.names(), ...ENGINE_ACTIONS].sort();
  }

  /** Validate templated arguments; returns the errors as readable strings (empty when valid). */
  validate(module: AnyModule, args: Record<string, unknown>): ArgError[] {
    const validate = this.validatorFor(module);
    if (validate(args)) return [];
    return (validate.errors ?? []).map(describeAjvError);
  }

  private validatorFor(module: AnyModule): ValidateFunction {
    let v = this.validators.get(module.name);
    if (!v) {
      v = this.ajv.compile(module.argsSchema);
      this.validators.set(module.name, v);
    }
    return v;
  }
}

export function stripPrefix(name: string): string {
  for (const prefix of COLLECTION_PREFIXES) if (name.startsWith(prefix)) return name.slice(prefix.length);
  return name;
}

export interface ArgError {
  /** Path of the offending argument, e.g. ["real_servers", 0, "address"]. */
  path: Array<string | number>;
  message: string;
}

function describeAjvError(e: ErrorObject): ArgError {
  const path = e.instancePath
    .split('/')
    .slice(1)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, '/').replace(/~0/g, '~')));
  const at = path.length ? `argument '${path.join('.')}'` : 'arguments';
  let message: string;
  switch (e.keyword) {
    case 'additionalProperties':
      message = `unknown argument '${[...path, (e.params as { additionalProperty: string }).additionalProperty].join('.')}'`;
      return { path: [...path, (e.params as { additionalProperty: string }).additionalProperty], message };
    case 'required':
      message = `missing required argument '${[...path, (e.params as { missingProperty: string }).missingProperty].join('.')}'`;
      break;
    case 'enum':
      message = `${at} must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
      break;
    case 'type':
      message = `${at} must be ${(e.params as { type: string }).type}`;
      break;
    case 'pattern':
    case 'format':
      message = `${at} is not valid (${e.message ?? 'wrong format'})`;
      break;
    default:
      message = `${at} ${e.message ?? 'is invalid'}`;
  }
  return { path, message };
}

let defaultRegistry: ModuleRegistry | undefined;

/** The registry of every module lvsplay ships. */
export function moduleRegistry(): ModuleRegistry {
  defaultRegistry ??= new ModuleRegistry(moduleIndex);
  return defaultRegistry;
}
