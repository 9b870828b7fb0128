// Whether the user may run a file: an inventory script (refused) or a vault password script
// (run for its output) is told from a plain file this way.
import { accessSync, constants } from 'node:fs';

export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
