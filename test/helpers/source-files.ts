// The project's own files read as text: every file under a folder, and the relative modules a
// TypeScript source imports. Used by the import-circle check and by the suite split.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const IMPORT = /^\s*(?:import|export)\b[^'"]*?\bfrom\s+'(\.{1,2}\/[^']+)\.js'/gm;

/** Every file under `dir` whose name ends in `suffix`, sorted. */
export function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name), suffix) : e.name.endsWith(suffix) ? [join(dir, e.name)] : []))
    .sort();
}

/** The `.ts` paths of the relative modules a TypeScript source imports or re-exports. */
export function relativeImports(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => `${resolve(dirname(file), m[1]!)}.ts`);
}
