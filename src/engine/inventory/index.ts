// Loading inventories: INI or YAML files, folders of them, several -i sources merged, and the
// group_vars/host_vars folders beside them and beside the playbook.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { UserInputError } from '../../errors.js';
import { parseYaml } from '../yaml-source.js';
import { InventoryData, type VarsFile } from './model.js';
import { parseIniInventory } from './ini.js';
import { parseYamlInventory } from './yaml-inventory.js';
import { varsFilesFor } from './vars-files.js';
import { LoadedInventory, type Inventory } from './inventory.js';

export type { Inventory, VarsLayer } from './inventory.js';
export { connectionVarsOf, type ConnectionVars } from './connection-vars.js';
export { inventoryToListJson, inventoryGraph } from './render.js';

const SKIP = /(^\.|~$|\.(md|txt|retry|orig|bak|cfg|pyc|swp)$)/;

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function loadSourceFile(file: string, data: InventoryData): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserInputError(`cannot read inventory: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { file, line: 1, col: 1 }, 'a readable inventory file');
  }
  if (/[\u0000-\u0008\u000E-\u001F]/.test(text)) {
    const offset = text.search(/[\u0000-\u0008\u000E-\u001F]/);
    const before = text.slice(0, offset);
    throw new UserInputError('binary data in an inventory file', { file, line: before.split('\n').length, col: offset - before.lastIndexOf('\n') }, 'UTF-8 text');
  }
  const ext = extname(file).toLowerCase();
  const looksYaml = ext === '.yml' || ext === '.yaml' || ext === '.json' || /^\s*(---\s*$|all\s*:)/m.test(text.split('\n').find((l) => l.trim() && !l.trim().startsWith('#')) ?? '');
  if (looksYaml) parseYamlInventory(parseYaml(text, file), file, data);
  else parseIniInventory(text, file, data);
  data.sources.push(file);
}

export function loadInventory(sources: string[], options: { playbookDir?: string } = {}): Inventory {
  const data = new InventoryData();
  const folders: string[] = [];
  for (const source of sources) {
    const path = resolve(source);
    if (isDir(path)) {
      for (const entry of readdirSync(path).sort()) {
        if (entry === 'group_vars' || entry === 'host_vars' || SKIP.test(entry)) continue;
        const f = join(path, entry);
        if (!isDir(f)) loadSourceFile(f, data);
      }
      folders.push(path);
    } else {
      try {
        statSync(path);
      } catch {
        throw new UserInputError(`inventory not found: ${source}`, undefined, 'an existing inventory file or folder');
      }
      loadSourceFile(path, data);
      folders.push(dirname(path));
    }
  }
  if (options.playbookDir) {
    const p = resolve(options.playbookDir);
    if (!folders.includes(p)) folders.push(p);
  }
  data.finish();
  const uniqueFolders = [...new Set(folders)];
  const cache = new Map<string, VarsFile[]>();
  return new LoadedInventory(data, uniqueFolders, (folder, kind, name) => {
    const key = `${folder}\u0000${kind}\u0000${name}`;
    let files = cache.get(key);
    if (!files) {
      files = varsFilesFor(join(folder, kind), name);
      cache.set(key, files);
    }
    return files;
  });
}

/** No -i and no lab: Ansible's implicit localhost, over the local connection. */
export function implicitLocalhostInventory(): Inventory {
  const data = new InventoryData();
  data.addHost('localhost', 'ungrouped', { ansible_connection: 'local' });
  data.finish();
  return new LoadedInventory(data, [], () => []);
}

export function inventoryLabel(inv: Inventory): string {
  return inv.sources.map((s) => basename(s)).join(', ') || 'implicit localhost';
}
