// The module index and reference are generated from the module files: adding a module is one
// source file and one fixture folder, and this test says when the generated files are stale.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOCS_PATH, INDEX_PATH, docsSource, findModules, indexSource } from '../../../src/modules/generate-index.js';
import { moduleRegistry } from '../../../src/modules/registry.js';
import { projectRoot } from '../../../src/util/project-root.js';

const stale = (path: string): string => `${path} is stale: run npm run modules:index`;

describe('module index (generated)', () => {
  it('src/modules/index.ts lists every module file under src/modules', async () => {
    expect(readFileSync(join(projectRoot(), INDEX_PATH), 'utf8'), stale(INDEX_PATH)).to.equal(indexSource(await findModules()));
  });
  it('docs/modules.md describes every module', async () => {
    expect(readFileSync(join(projectRoot(), DOCS_PATH), 'utf8'), stale(DOCS_PATH)).to.equal(docsSource(await findModules()));
  });
  it('module names are unique', async () => {
    const names = (await findModules()).map((m) => m.module.name);
    expect(names).to.deep.equal([...new Set(names)]);
    expect(moduleRegistry().names()).to.deep.equal([...names].sort());
  });
});
