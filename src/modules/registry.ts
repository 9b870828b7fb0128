// Finds modules by the names users write (copy, ansible.builtin.copy, service -> systemd) and
// checks their arguments against each module's declaration (src/argspec).
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { AnyModule } from './types.js';
import { moduleIndex } from './index.js';
import { checkArgs, type ArgProblem, type CheckedArgs } from '../argspec/validator.js';

const COLLECTION_PREFIXES = ['ansible.builtin.', 'ansible.legacy.', 'ansible.posix.', 'community.general.', 'lvsplay.'];

/** Engine-level pseudo modules handled by the run loop itself. */
export const ENGINE_ACTIONS = new Set(['meta', 'include', 'include_tasks', 'import_tasks', 'include_role', 'import_role']);

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

  /**
   * Check templated arguments: `args` is what the module's plan() receives (aliases resolved,
   * values converted to their declared types, defaults filled in) when there are no problems.
   */
  check(module: AnyModule, given: Record<string, unknown>): CheckedArgs {
    if (module.spec) return checkArgs(module.spec, given);
    return this.checkAgainstSchema(module, given);
  }

  /** Modules not yet converted to a declaration: their hand-written JSON schema. */
  private checkAgainstSchema(module: AnyModule, given: Record<string, unknown>): CheckedArgs {
    let validate = this.validators.get(module.name);
    if (!validate) {
      validate = this.ajv.compile(module.argsSchema ?? {});
      this.validators.set(module.name, validate);
    }
    // ajv fills in the schema's defaults in place, as before the declarations
    if (validate(given)) return { args: given, problems: [] };
    return { args: given, problems: (validate.errors ?? []).map(describeAjvError) };
  }
}

export function stripPrefix(name: string): string {
  for (const prefix of COLLECTION_PREFIXES) if (name.startsWith(prefix)) return name.slice(prefix.length);
  return name;
}

function describeAjvError(e: ErrorObject): ArgProblem {
  const path = e.instancePath
    .split('/')
    .slice(1)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, '/').replace(/~0/g, '~')));
  const at = path.length ? `argument '${path.join('.')}'` : 'arguments';
  let message: string;
  switch (e.keyword) {
    case 'additionalProperties':
      message = `unknown argument '${[...path, (e.params as { additionalProperty: string }).additionalProperty].join('.')}'`;
      return { path: [...path, (e.params as { additionalProperty: string }).additionalProperty], message, expected: 'a documented argument', kind: 'unknown' };
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
  return { path, message, expected: `arguments as documented for the module`, kind: 'value' };
}

let defaultRegistry: ModuleRegistry | undefined;

/** The registry of every module lvsplay ships. */
export function moduleRegistry(): ModuleRegistry {
  defaultRegistry ??= new ModuleRegistry(moduleIndex);
  return defaultRegistry;
}
