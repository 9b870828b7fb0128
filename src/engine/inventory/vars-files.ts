// group_vars/ and host_vars/ beside an inventory or playbook, found the way Ansible's
// host_group_vars plugin finds them: the first of NAME (a folder or a file), NAME.yml,
// NAME.yaml, NAME.json wins; a folder contributes every file in it (and in its sub-folders
// without an extension) with no extension or one of those, in file name order.
import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { UserInputError } from '../../errors.js';
import { loadYamlFile, locate } from '../yaml-source.js';
import type { VarsFile } from './model.js';

const EXTENSIONS = ['.yml', '.yaml', '.json'];

function kind(p: string): 'dir' | 'file' | undefined {
  try {
    const s = statSync(p);
    return s.isDirectory() ? 'dir' : s.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}

function loadVarsFile(file: string): VarsFile {
  const content = loadYamlFile(file);
  if (content === null || content === undefined) return { vars: {}, file };
  if (typeof content !== 'object' || Array.isArray(content)) {
    throw new UserInputError('a variables file must be a mapping', locate(content) ?? { file, line: 1, col: 1 }, 'a mapping of variable names to values');
  }
  return { vars: content as Record<string, unknown>, file };
}

function filesInFolder(folder: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(folder).sort()) {
    if (entry.startsWith('.') || entry.endsWith('~')) continue; // hidden files and editor backups
    const full = join(folder, entry);
    const ext = extname(entry);
    const k = kind(full);
    if (k === 'dir' && !ext) out.push(...filesInFolder(full));
    else if (k === 'file' && (!ext || EXTENSIONS.includes(ext))) out.push(full);
  }
  return out;
}

/** Every vars file for `name` in `dir` (a group_vars or host_vars folder), in load order. */
export function varsFilesFor(dir: string, name: string): VarsFile[] {
  // A name with a path separator would read outside the folder; Ansible skips such names too.
  if (name.includes('/') || name.includes('\\') || name === '..' || name === '.' || kind(dir) !== 'dir') return [];
  for (const candidate of ['', ...EXTENSIONS].map((ext) => join(dir, name + ext))) {
    const k = kind(candidate);
    if (k === 'dir') return filesInFolder(candidate).map(loadVarsFile);
    if (k === 'file') return [loadVarsFile(candidate)];
  }
  return [];
}
