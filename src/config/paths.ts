// Paths in settings as Ansible reads them: `~` is the home folder, and a relative path is taken
// from the folder of the ansible.cfg that says it (from the current folder for a variable).
import { isAbsolute, resolve } from 'node:path';

export function expandHome(path: string, home: string): string {
  return path === '~' || path.startsWith('~/') ? home + path.slice(1) : path;
}

export function settingPath(path: string, base: string, home: string): string {
  const expanded = expandHome(path, home);
  return isAbsolute(expanded) ? resolve(expanded) : resolve(base, expanded);
}
