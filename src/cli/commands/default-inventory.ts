// When no -i is given: the built-in lab's inventory if the lab is up (the default target for a
// user with no hosts of their own), else Ansible's implicit localhost.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../util/project-root.js';

export function defaultInventory(): string[] {
  const labDir = process.env.LVSPLAY_LAB_DIR ?? join(projectRoot(), '.lab');
  const labInventory = join(labDir, 'inventory.ini');
  return existsSync(labInventory) ? [labInventory] : [];
}
