// Loads everything a run needs from the user's files — inventory, playbook, extra vars — and
// checks it, without contacting any host. `lvsplay validate` is exactly this plus the report.
import { dirname, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { UserInputError } from '../errors.js';
import { moduleRegistry, type ModuleRegistry } from '../modules/registry.js';
import { implicitLocalhostInventory, loadInventory, type Inventory } from './inventory/index.js';
import { loadPlaybook } from './playbook/load-playbook.js';
import type { Playbook } from './playbook/model.js';
import { parseExtraVars } from './variables/index.js';
import { runPreflightChecks } from './preflight/index.js';
import { useVaultSecrets, type VaultSecret } from '../vault/keyring.js';

export interface ProjectInputs {
  playbookFile: string;
  inventorySources: string[];
  extraVars: string[];
  rolesPath: string[];
  /** The passwords every vault in the project is opened with (none when absent). */
  vaultSecrets?: readonly VaultSecret[];
  limit?: string;
  /** A notify naming no handler is an error (Ansible's default), else a warning. */
  errorOnMissingHandler?: boolean;
}

export interface LoadedProject {
  playbook: Playbook;
  inventory: Inventory;
  extraVars: Record<string, unknown>;
  registry: ModuleRegistry;
  warnings: string[];
  /** Warnings about host patterns that match nothing (validate shows them; a run warns per play). */
  unmatchedPatterns: string[];
  /** The inventory read again from the same sources (meta: refresh_inventory). */
  reloadInventory: () => Inventory;
}

export function loadProject(inputs: ProjectInputs): LoadedProject {
  const playbookFile = resolve(inputs.playbookFile);
  if (!existsSync(playbookFile)) throw new UserInputError(`playbook not found: ${inputs.playbookFile}`, undefined, 'an existing playbook file');
  const registry = moduleRegistry();
  useVaultSecrets(inputs.vaultSecrets ?? []);
  const extraVars = parseExtraVars(inputs.extraVars, process.cwd());
  const playbook = loadPlaybook(playbookFile, { registry, rolesPath: inputs.rolesPath, extraVars });
  const reloadInventory = (): Inventory =>
    inputs.inventorySources.length > 0 ? loadInventory(inputs.inventorySources, { playbookDir: dirname(playbookFile) }) : implicitLocalhostInventory();
  const inventory = reloadInventory();
  const { warnings, unmatchedPatterns } = runPreflightChecks({
    playbook,
    inventory,
    extraVars,
    registry,
    errorOnMissingHandler: inputs.errorOnMissingHandler ?? true,
    ...(inputs.limit ? { limit: inputs.limit } : {}),
  });
  return { playbook, inventory, extraVars, registry, warnings, unmatchedPatterns, reloadInventory };
}
