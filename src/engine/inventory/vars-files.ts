// group_vars/ and host_vars/ folders: NAME.yml|.yaml|.json|no extension, or a NAME/ folder of
// such files (merged in file name order).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UserInputError } from '../../errors.js';
import { loadYamlFile } from '../yaml-source.js';
import type { VarsFile } from './model.js';

const EXTENSIONS = ['', '.yml', '.yaml', '.json'];

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function loadVarsFile(file: string): VarsFile {
  const content = loadYamlFile(file);
  if (content === null || content === undefined) return { vars: {}, file };
  if (typeof content !== 'object' || Array.isArray(content)) {
    throw new UserInputError('a variables file must be a mapping', { file, line: 1, col: 1 }, 'a mapping of variable names to values');
  }
  return { vars: content as Record<string, unknown>, file };
}

/** Every vars file for `name` in folder `dir` (group_vars or host_vars), in load order. */
export function varsFilesFor(dir: string, name: string): VarsFile[] {
  if (!isDir(dir)) return [];
  const out: VarsFile[] = [];
  for (const ext of EXTENSIONS) {
    const f = join(dir, name + ext);
    if (ext !== '' || !isDir(f)) {
      if (existsSync(f) && !isDir(f)) out.push(loadVarsFile(f));
    }
  }
  const folder = join(dir, name);
  if (isDir(folder)) {
    for (const entry of readdirSync(folder).sort()) {
      if (entry.startsWith('.') || entry.endsWith('~')) continue;
      const f = join(folder, entry);
      if (!isDir(f) && EXTENSIONS.some((e) => e !== '' && entry.endsWith(e))) out.push(loadVarsFile(f));
    }
  }
  return out;
}
