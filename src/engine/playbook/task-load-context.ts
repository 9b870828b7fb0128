// What loading a task list needs to know: where it is, what it inherits, and how to reach roles.
import type { SourceLocation } from '../../errors.js';
import type { ModuleRegistry } from '../../modules/registry.js';
import type { LoadedRole, RoleContext } from './model.js';
import type { Inherited } from './inherit.js';
import type { LoadTimeVars } from './load-time-vars.js';
import type { RoleUse } from './role-instances.js';

export interface TaskLoadContext {
  registry: ModuleRegistry;
  /** File the list comes from. */
  file: string;
  /** Folder for relative imports and files/templates lookups. */
  baseDir: string;
  /** Folder of the playbook the play is in: the last place an import or include looks for its file, as in Ansible. */
  playbookDir: string;
  /** The play's variables known at load time: what a templated import name is rendered with. */
  loadVars: LoadTimeVars;
  role?: RoleContext;
  inherited: Inherited;
  /** Files being imported, to refuse a file that imports itself. */
  importStack: string[];
  /** Load a role (and its dependencies) for import_role/include_role (provided by the role loader). */
  loadRole: (name: string, where: SourceLocation, options: RoleLoadOptions) => LoadedRole[];
  /** A role imported statically: its variables and handlers belong to the whole play, from the start. */
  exposeRole: (loaded: LoadedRole) => void;
  /** Handlers, or what a handler includes: a block nested in a block is refused there, as in Ansible. */
  inHandlers?: boolean;
  inBlock?: boolean;
  /** Read for a dynamic include (an `include` in it is dynamic too). */
  insideDynamicInclude?: boolean;
}

export interface RoleLoadOptions {
  /** Which entry or include uses the role (for the run-once-per-play rule). */
  use: RoleUse;
  tasksFrom?: string;
  varsFrom?: string;
  defaultsFrom?: string;
  handlersFrom?: string;
  params: Record<string, unknown>;
  inherited: Inherited;
  importStack: string[];
}
