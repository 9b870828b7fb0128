// Which ansible.cfg applies, searched where Ansible searches, the first found winning (files are
// not merged): $ANSIBLE_CONFIG (a file, or a folder holding ansible.cfg), ./ansible.cfg,
// ~/.ansible.cfg, /etc/ansible/ansible.cfg. A world-writable current folder is not trusted:
// anyone could plant an ansible.cfg there, so it is skipped with a warning, as Ansible does.
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expandHome } from './paths.js';

export interface ConfigSearch {
  env: NodeJS.ProcessEnv;
  cwd: string;
  home: string;
  /** For tests: where the system-wide file lives. */
  systemFile?: string;
}

export interface FoundConfig {
  file?: string;
  warnings: string[];
}

export function findConfigFile(search: ConfigSearch): FoundConfig {
  const warnings: string[] = [];
  const candidates: string[] = [];
  const fromEnv = search.env.ANSIBLE_CONFIG;
  if (fromEnv) {
    const path = resolve(search.cwd, expandHome(fromEnv, search.home));
    candidates.push(isFolder(path) ? join(path, 'ansible.cfg') : path);
  }
  const here = join(search.cwd, 'ansible.cfg');
  if (isFile(here)) {
    if (isWorldWritable(search.cwd))
      warnings.push(`the current folder ${search.cwd} is world-writable: its ansible.cfg is ignored (anyone could have put it there)`);
    else candidates.push(here);
  }
  candidates.push(join(search.home, '.ansible.cfg'), search.systemFile ?? '/etc/ansible/ansible.cfg');
  const file = candidates.find(isFile);
  return { ...(file !== undefined ? { file } : {}), warnings };
}

function stat(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

const isFile = (path: string): boolean => stat(path)?.isFile() === true;
const isFolder = (path: string): boolean => stat(path)?.isDirectory() === true;
const isWorldWritable = (path: string): boolean => (Number(stat(path)?.mode ?? 0) & 0o002) !== 0;
