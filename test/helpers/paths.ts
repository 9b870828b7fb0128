// Paths into the repository, the same whether tests run from test/ (tsx) or dist/test/.
import { join } from 'node:path';
import { projectRoot } from '../../src/util/project-root.js';

export function repoPath(...parts: string[]): string {
  return join(projectRoot(), ...parts);
}

export function fixturePath(...parts: string[]): string {
  return repoPath('test', 'fixtures', ...parts);
}
