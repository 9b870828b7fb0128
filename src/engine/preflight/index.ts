// Checks that need the whole picture (playbook + inventory + extra vars) and can be made before
// any host is contacted. Each raises a UserInputError with the file and line at fault.
import type { Inventory } from '../inventory/index.js';
import type { PlayDef, Playbook } from '../playbook/model.js';
import { UserInputError } from '../../errors.js';
import type { ModuleRegistry } from '../../modules/registry.js';
import { checkHandlerNames } from './handler-names.js';
import { checkUndefinedVariables } from './undefined-variables.js';
import { checkRoleArguments } from './role-arguments.js';
import { checkConnectionVars } from './connection-vars.js';

export interface PreflightInput {
  playbook: Playbook;
  inventory: Inventory;
  extraVars: Record<string, unknown>;
  registry: ModuleRegistry;
  limit?: string;
}

/** Runs every check; returns warnings (errors are thrown). */
export function runPreflightChecks(input: PreflightInput): string[] {
  const warnings: string[] = [];
  for (const play of input.playbook.plays) {
    checkHandlerNames(play);
    let hosts = selectPlayHosts(input.inventory, play);
    if (input.limit) {
      const limited = new Set(input.inventory.selectHosts(input.limit).hosts);
      hosts = hosts.filter((h) => limited.has(h));
    }
    checkConnectionVars(input.inventory, input.extraVars, hosts);
    checkRoleArguments(play, input.inventory, input.registry, input.extraVars, hosts);
  }
  checkUndefinedVariables(input.playbook, input.inventory, input.extraVars);
  return warnings;
}

/** The play's hosts; a pattern the matcher refuses is reported at the play that wrote it. */
function selectPlayHosts(inventory: Inventory, play: PlayDef): string[] {
  try {
    return inventory.selectHosts(play.hosts).hosts;
  } catch (err) {
    if (err instanceof UserInputError && !err.where) throw new UserInputError(err.problem, play.where, err.expected);
    throw err;
  }
}
