// Checks that need the whole picture (playbook + inventory + extra vars) and can be made before
// any host is contacted. Each raises a UserInputError with the file and line at fault.
import type { Inventory } from '../inventory/index.js';
import type { Playbook } from '../playbook/model.js';
import type { ModuleRegistry } from '../../modules/registry.js';
import { checkHandlerNames } from './handler-names.js';
import { checkUndefinedVariables } from './undefined-variables.js';
import { checkRoleArguments } from './role-arguments.js';

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
    let hosts = input.inventory.selectHosts(play.hosts).hosts;
    if (input.limit) {
      const limited = new Set(input.inventory.selectHosts(input.limit).hosts);
      hosts = hosts.filter((h) => limited.has(h));
    }
    checkRoleArguments(play, input.inventory, input.registry, input.extraVars, hosts);
  }
  checkUndefinedVariables(input.playbook, input.inventory, input.extraVars);
  return warnings;
}
