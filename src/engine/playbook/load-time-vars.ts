// What a templated import is rendered with while the playbook loads, before any host is picked.
// Ansible templates the names of import_playbook, import_tasks and import_role (and `roles:`
// entries) then, with the variables it knows without a host: the extra vars, the play's vars and
// vars_files (an import_playbook's vars among them), and for a task its role's, blocks' and own
// vars. A name that needs a host's variable (inventory, facts) is an error, as in Ansible.
import type { SourceLocation } from '../../errors.js';
import { UserInputError } from '../../errors.js';
import { isTemplated, renderValue } from '../templating/index.js';
import { VariableScope, type Layer } from '../variables/index.js';
import type { RoleContext } from './model.js';

/** The host-independent layers of a play (or of an import_playbook line): magic, play, extra. */
export type LoadTimeVars = Layer[];

export function playLoadTimeVars(playbookDir: string, playVars: Record<string, unknown>[], extraVars: Record<string, unknown>): LoadTimeVars {
  return [
    { name: 'magic', vars: { playbook_dir: playbookDir } },
    ...playVars.map((vars) => ({ name: 'play' as const, vars })),
    { name: 'extra', vars: extraVars },
  ];
}

/** Where an import sits: the role it is in, the vars of its enclosing blocks, its own vars. */
export interface ImportScope {
  role?: RoleContext;
  blockVars: Record<string, unknown>[];
  vars: Record<string, unknown>;
}

/** `value` rendered with the variables known at load time; a value that is not a template comes back as it is. */
export function renderAtLoad(value: unknown, loadVars: LoadTimeVars, scope: ImportScope | undefined, where: SourceLocation, what: string): unknown {
  if (!isTemplated(value)) return value;
  const layers: Layer[] = [...loadVars];
  if (scope?.role) layers.push({ name: 'role_defaults', vars: scope.role.defaults }, { name: 'role_vars', vars: scope.role.vars });
  for (const vars of scope?.blockVars ?? []) layers.push({ name: 'block', vars });
  if (scope) layers.push({ name: 'task', vars: scope.vars });
  if (scope?.role) layers.push({ name: 'task', vars: scope.role.params });
  return renderValue(value, new VariableScope(layers).view(), { where, context: what });
}

/** A file or role name as written, rendered to a string (see renderAtLoad). */
export function renderNameAtLoad(value: string, loadVars: LoadTimeVars, scope: ImportScope | undefined, where: SourceLocation, what: string): string {
  const rendered = renderAtLoad(value, loadVars, scope, where, what);
  if (typeof rendered !== 'string') throw new UserInputError(`${what} must render to a string`, where, `a file or role name, not ${JSON.stringify(rendered)}`);
  return rendered;
}
