// Finds modules by the names users write (copy, ansible.builtin.copy, service -> systemd) and
// checks their arguments against each module's declaration (src/argspec).
import type { AnyModule } from './types.js';
import { moduleIndex } from './index.js';
import { checkArgs, type CheckedArgs } from '../argspec/validator.js';

const COLLECTION_PREFIXES = ['ansible.builtin.', 'ansible.legacy.', 'ansible.posix.', 'community.general.', 'lvsplay.'];

/** Engine-level pseudo modules handled by the run loop itself. */
export const ENGINE_ACTIONS = new Set(['meta', 'include', 'include_tasks', 'import_tasks', 'include_role', 'import_role']);

export class ModuleRegistry {
  private readonly byName = new Map<string, AnyModule>();

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
    return checkArgs(module.spec, given);
  }
}

export function stripPrefix(name: string): string {
  for (const prefix of COLLECTION_PREFIXES) if (name.startsWith(prefix)) return name.slice(prefix.length);
  return name;
}

let defaultRegistry: ModuleRegistry | undefined;

/** The registry of every module lvsplay ships. */
export function moduleRegistry(): ModuleRegistry {
  defaultRegistry ??= new ModuleRegistry(moduleIndex);
  return defaultRegistry;
}
