// No import circle in src (type-only imports count too: a circle of types is still two files
// that cannot be read one without the other). Reads the TypeScript sources, so it needs no tool.
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { projectRoot } from '../../src/util/project-root.js';

const IMPORT = /^\s*(?:import|export)\b[^'"]*?\bfrom\s+'(\.{1,2}\/[^']+)\.js'/gm;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every circle, each as the files along it (relative to src), first file repeated at the end. */
function importCycles(src: string): string[][] {
  const imports = new Map<string, string[]>();
  for (const file of sourceFiles(src)) {
    const text = readFileSync(file, 'utf8');
    imports.set(
      file,
      [...text.matchAll(IMPORT)].map((m) => `${resolve(dirname(file), m[1]!)}.ts`),
    );
  }
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
