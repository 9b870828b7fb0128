// Loading inventories: INI or YAML files, folders of them, host lists, several -i sources
// merged in order, and the group_vars/host_vars folders beside them and beside the playbook.
import { basename, dirname, join, resolve } from 'node:path';
import { UserInputError } from '../../errors.js';
import { InventoryData, type VarsFile } from './model.js';
import { loadHostList, loadInventoryFile, loadInventoryFolder, statOf } from './sources.js';
import { varsFilesFor } from './vars-files.js';
import { LoadedInventory, type Inventory } from './inventory.js';

export type { Inventory, VarsLayer } from './inventory.js';
export { connectionVarsOf, withConnectionVarsOf, type ConnectionVars } from './connection-vars.js';
export { inventoryToListJson, inventoryGraph } from './render.js';
export { splitHostPattern } from './patterns.js';

export function loadInventory(sources: string[], options: { playbookDir?: string } = {}): Inventory {
  const data = new InventoryData();
  const folders: string[] = [];
  for (const source of sources) {
    const path = resolve(source);
    const s = statOf(path);
    if (s?.isDirectory()) {
      loadInventoryFolder(path, data);
      folders.push(path);
    } else if (s) {
      loadInventoryFile(path, data);
      folders.push(dirname(path));
    } else if (source.includes(',')) {
      loadHostList(source, data);
    } else {
      throw new UserInputError(`inventory not found: ${source}`, undefined, 'an existing inventory file or folder, or a host list like web1,web2,');
    }
  }
  data.finish();
  const inventoryFolders = [...new Set(folders)];
  const playbookFolder = options.playbookDir ? resolve(options.playbookDir) : undefined;
  // The same folder twice would only repeat the same layers.
  const extraFolder = playbookFolder && !inventoryFolders.includes(playbookFolder) ? playbookFolder : undefined;
  const cache = new Map<string, VarsFile[]>();
  return new LoadedInventory(data, inventoryFolders, extraFolder, (folder, kind, name) => {
    const key = `${folder}\u0000${kind}\u0000${name}`;
    let files = cache.get(key);
    if (!files) {
      files = varsFilesFor(join(folder, kind), name);
      cache.set(key, files);
    }
    return files;
  });
}

/** No inventory given: Ansible's implicit localhost, over the local connection. */
export function implicitLocalhostInventory(): Inventory {
  const data = new InventoryData();
  data.addHost('localhost', 'ungrouped', { ansible_connection: 'local' });
  data.finish();
  return new LoadedInventory(data, [], undefined, () => []);
}

export function inventoryLabel(inv: Inventory): string {
  return inv.sources.map((s) => basename(s)).join(', ') || 'implicit localhost';
}
