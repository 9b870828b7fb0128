// Where `src:` of copy/template (and include_vars' file) is looked up, like Ansible: the role's files/, templates/ or vars/
// folder, then next to the task file, then next to the playbook (and its files/, templates/).
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { ModuleFailure } from '../../errors.js';
import type { TaskDef } from '../playbook/model.js';

export function findTaskFile(task: TaskDef, playbookDir: string, relativePath: string, kind: 'files' | 'templates' | 'vars'): string {
  if (isAbsolute(relativePath)) {
    if (existsSync(relativePath)) return relativePath;
    throw new ModuleFailure(`could not find ${relativePath}`);
  }
  const candidates: string[] = [];
  if (task.role) candidates.push(join(task.role.path, kind, relativePath), join(task.role.path, relativePath));
  candidates.push(
    join(task.baseDir, kind, relativePath),
    join(task.baseDir, relativePath),
    join(playbookDir, kind, relativePath),
    join(playbookDir, relativePath),
  );
  for (const c of candidates) if (existsSync(c)) return resolve(c);
  throw new ModuleFailure(
    `could not find ${kind === 'templates' ? 'template' : kind === 'vars' ? 'vars file or folder' : 'file'} '${relativePath}' (looked in: ${candidates.join(', ')})`,
  );
}
