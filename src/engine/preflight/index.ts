// Checks that need the whole picture (playbook + inventory + extra vars) and can be made before
// any host is contacted. Each raises a UserInputError with the file and line at fault.
import type { Inventory } from '../inventory/index.js';
import type { Playbook } from '../playbook/model.js';
import { UserInputError, type SourceLocation } from '../../errors.js';
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
  errorOnMissingHandler: boolean;
}

export interface PreflightWarnings {
  warnings: string[];
  /**
   * Host patterns that match nothing, as ansible-playbook --syntax-check warns. A run warns at
   * the start of each play instead: the inventory may have changed by then (refresh_inventory).
   */
  unmatchedPatterns: string[];
}

/** Runs every check; returns warnings, each once (errors are thrown). */
export function runPreflightChecks(input: PreflightInput): PreflightWarnings {
  const unmatched = new Set<string>();
  const warnings: string[] = [];
  for (const play of input.playbook.plays) {
    warnings.push(...checkHandlerNames(play, input.errorOnMissingHandler));
    const selected = selectHosts(input.inventory, play.hosts, play.where);
    // As ansible-playbook (and its --syntax-check) does: a pattern that matches nothing is a warning.
    for (const w of selected.warnings) unmatched.add(w);
    let hosts = selected.hosts;
    if (input.limit) {
      const limited = new Set(selectHosts(input.inventory, input.limit, { file: '--limit', line: 1, col: 1 }).hosts);
      hosts = hosts.filter((h) => limited.has(h));
    }
    checkConnectionVars(input.inventory, input.extraVars, hosts);
    checkRoleArguments(play, input.inventory, input.registry, input.extraVars, hosts);
  }
  checkUndefinedVariables(input.playbook, input.inventory, input.extraVars);
  return { warnings: [...new Set(warnings)], unmatchedPatterns: [...unmatched] };
}

/** Hosts of a pattern; one the matcher refuses is reported where it was written (play or --limit). */
function selectHosts(inventory: Inventory, pattern: string, where: SourceLocation): { hosts: string[]; warnings: string[] } {
  try {
    return inventory.selectHosts(pattern);
  } catch (err) {
    if (err instanceof UserInputError && !err.where) throw new UserInputError(err.problem, where, err.expected);
    throw err;
  }
}
