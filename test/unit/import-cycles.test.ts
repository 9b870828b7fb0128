// No import circle in src (type-only imports count too: a circle of types is still two files
// that cannot be read one without the other). Reads the TypeScript sources, so it needs no tool.
import { expect } from 'chai';
import { join, relative } from 'node:path';
import { projectRoot } from '../../src/util/project-root.js';
import { filesUnder, relativeImports } from '../helpers/source-files.js';

/** Every circle, each as the files along it (relative to src), first file repeated at the end. */
function importCycles(src: string): string[][] {
  const imports = new Map<string, string[]>();
  for (const file of filesUnder(src, '.ts')) imports.set(file, relativeImports(file));
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    path.push(file);
    for (const next of imports.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next].map((f) => relative(src, f)));
      else if (!state.has(next) && imports.has(next)) visit(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of imports.keys()) if (!state.has(file)) visit(file);
  return cycles;
}

describe('imports', () => {
  it('src has no import circle', () => {
    expect(importCycles(join(projectRoot(), 'src')).map((c) => c.join(' -> '))).to.deep.equal([]);
  });
});
