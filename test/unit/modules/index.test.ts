// The module index, the reference and the README's module table are generated from the module
// files and their declarations: adding a module is one source file and one fixture folder, and
// this test says when a generated file is stale.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOCS_PATH, INDEX_PATH, README_PATH, docsSource, findModules, indexSource, readmeSource } from '../../../src/modules/generate-index.js';
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
  it("the README's module table lists every module", async () => {
    const readme = readFileSync(join(projectRoot(), README_PATH), 'utf8');
    expect(readme, stale(README_PATH)).to.equal(readmeSource(readme, await findModules()));
  });
  it('module names are unique', async () => {
    const names = (await findModules()).map((m) => m.module.name);
    expect(names).to.deep.equal([...new Set(names)]);
    expect(moduleRegistry().names()).to.deep.equal([...names].sort());
  });
});
