// Reading -i sources into InventoryData: a file (INI or YAML), a folder of them (recursively,
// as Ansible does), or a comma-separated host list (`-i web1,web2,` — Ansible's host_list).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { isExecutable } from '../../util/executable.js';
import { UserInputError } from '../../errors.js';
import { parseYaml } from '../yaml-source.js';
import { InventoryData } from './model.js';
import { openIfVaulted } from '../../vault/keyring.js';
import { rememberRevealedIn } from '../../vault/revealed.js';
import { parseIniInventory } from './ini.js';
import { parseYamlInventory } from './yaml-inventory.js';
import { parseHostAddress } from './ranges.js';

// Ansible's IGNORED_ALWAYS and default INVENTORY_IGNORE_EXTS (REJECT_EXTS + .orig .cfg .retry).
const IGNORED_NAMES = /^(\.|host_vars$|group_vars$|vars_plugins$)/;
const IGNORED_EXTS = ['.pyc', '.pyo', '.swp', '.bak', '~', '.rpm', '.md', '.txt', '.rst', '.orig', '.cfg', '.retry'];

export function statOf(p: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}

/** YAML by extension; otherwise YAML when the first meaningful line is `---`, `{` or a bare `name:` key. */
export function looksLikeYaml(file: string, text: string): boolean {
  const ext = extname(file).toLowerCase();
  if (ext === '.yml' || ext === '.yaml' || ext === '.json') return true;
  if (ext === '.ini') return false;
  const first = text.split(/\r?\n/).find((l) => l.trim() !== '' && !/^\s*[#;]/.test(l));
  if (first === undefined) return false;
  // An INI line never ends in a bare ':' (Ansible refuses a host ending in ':').
  return /^(---|\{)/.test(first) || /^["']?[^\s[\]=#;:"']+["']?\s*:\s*(#.*)?$/.test(first);
}

export function loadInventoryFile(file: string, data: InventoryData): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserInputError(
      `cannot read inventory: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
      { file, line: 1, col: 1 },
      'a readable inventory file',
    );
  }
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  const binaryAt = text.search(/[\u0000-\u0008\u000E-\u001F]/);
  if (binaryAt >= 0) {
    const before = text.slice(0, binaryAt);
    throw new UserInputError(
      'binary data in an inventory file',
      { file, line: before.split('\n').length, col: binaryAt - before.lastIndexOf('\n') },
      'UTF-8 text',
    );
  }
  if (text.startsWith('#!') && isExecutable(file)) {
    throw new UserInputError(
      'this looks like a dynamic inventory script; lvsplay does not run inventory scripts',
      { file, line: 1, col: 1 },
      'a static INI or YAML inventory',
    );
  }
  const opened = openIfVaulted(text, file);
  // a vaulted inventory's values count as revealed: parse it alone once to know them
  if (opened.vaulted) rememberInventoryValues(parseInventoryText(opened.text, file, new InventoryData()));
  parseInventoryText(opened.text, file, data);
  data.sources.push(file);
}

function parseInventoryText(text: string, file: string, data: InventoryData): InventoryData {
  if (looksLikeYaml(file, text)) parseYamlInventory(parseYaml(text, file), file, data);
  else parseIniInventory(text, file, data);
  return data;
}

function rememberInventoryValues(data: InventoryData): void {
  for (const entry of [...data.hosts.values(), ...data.groups.values()]) rememberRevealedIn(entry.vars);
}

export function loadInventoryFolder(folder: string, data: InventoryData): void {
  for (const entry of readdirSync(folder).sort()) {
    if (IGNORED_NAMES.test(entry) || IGNORED_EXTS.some((e) => entry.endsWith(e))) continue;
    const full = join(folder, entry);
    const s = statOf(full);
    if (s?.isDirectory()) loadInventoryFolder(full, data);
    else if (s?.isFile()) loadInventoryFile(full, data);
  }
}

/** `-i web1,web2:2222,` : hosts in ungrouped, no ranges (as Ansible's host_list plugin). */
export function loadHostList(list: string, data: InventoryData): void {
  for (const part of list.split(',')) {
    const text = part.trim();
    if (text === '') continue;
    let address: ReturnType<typeof parseHostAddress>;
    try {
      address = parseHostAddress(text);
    } catch (err) {
      throw new UserInputError(`bad host '${text}' in the host list '${list}': ${(err as Error).message}`, undefined, 'host names separated by commas');
    }
    data.addHost(address.pattern, 'ungrouped', address.port !== undefined ? { ansible_port: address.port } : {});
  }
}
