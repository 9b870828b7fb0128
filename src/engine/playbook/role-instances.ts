// Ansible runs a role once per play and host: the same role used again with the same parameters
// (a second `roles:` entry, a shared dependency) is skipped on the hosts that already ran it,
// unless its meta/main.yml says allow_duplicates. Which uses are "the same" is decided at load
// time: the role's folder, its parameters and vars, the files it is read from, the when and tags
// of the roles:/dependencies entry, and whether include_role/import_role named it. Those two
// keep every use unless their own allow_duplicates (true when not given) is off. The run loop
// keeps which hosts ran and finished each instance (run/role-runs.ts).
import { UserInputError, type SourceLocation } from '../../errors.js';
import { parseBoolean } from '../../util/boolean.js';

/** One role as Ansible deduplicates it; every use that is the same shares this object. */
export interface RoleInstance {
  allowDuplicates: boolean;
}

/** The instances of one play, by identity. */
export type RoleInstances = Map<string, RoleInstance>;

/** How a role is used: by a roles:/dependencies entry (with its when and tags), or by include_role/import_role. */
export type RoleUse = { byInclude: false; when: unknown[]; tags: string[] } | { byInclude: true; allowDuplicates?: unknown; where: SourceLocation };

export function roleInstance(
  instances: RoleInstances,
  identity: { dir: string; params: Record<string, unknown>; files: Record<string, unknown> },
  use: RoleUse,
  metaAllowsDuplicates: boolean,
): RoleInstance {
  const key = JSON.stringify([identity.dir, identity.params, identity.files, use.byInclude ? null : [use.when, use.tags], use.byInclude]);
  let instance = instances.get(key);
  if (!instance) instances.set(key, (instance = { allowDuplicates: metaAllowsDuplicates }));
  // As in Ansible, include_role/import_role set the instance's flag, for its earlier uses too.
  if (use.byInclude) instance.allowDuplicates = includeAllowsDuplicates(use.allowDuplicates, use.where);
  return instance;
}

function includeAllowsDuplicates(value: unknown, where: SourceLocation): boolean {
  if (value === undefined || value === null) return true;
  const b = parseBoolean(value);
  if (b === undefined) throw new UserInputError(`allow_duplicates must be a boolean (got ${JSON.stringify(value)})`, where, 'true or false');
  return b;
}
