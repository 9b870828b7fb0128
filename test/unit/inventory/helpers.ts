// Shared by the inventory tests: fixture inventories and throw-away files for error cases.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadInventory, type Inventory } from '../../../src/engine/inventory/index.js';
import { fixturePath } from '../../helpers/paths.js';

export function fixtureInventory(...parts: string[]): Inventory {
  return loadInventory([fixturePath('inventory', ...parts)]);
}

/** Write files (relative path -> text) into a new temporary folder; returns the folder. */
export function writeTree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'lvsplay-inv-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

/** Load an inventory written from text and return what it threw. */
export function loadError(name: string, text: string): { file: string; error: unknown } {
  const file = join(writeTree({ [name]: text }), name);
  try {
    loadInventory([file]);
  } catch (error) {
    return { file, error };
  }
  return { file, error: undefined };
}
