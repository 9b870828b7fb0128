// run-suite.ts runs the lab-free tests beside the lab's: none of them may bring up, take down or
// reach the lab, or the two processes would fight over the one lab a machine has.
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoPath } from '../helpers/paths.js';
import { relativeImports } from '../helpers/source-files.js';
import { LAB_FREE, splitSuite } from '../suite-split.js';

/** The test-side modules that start, stop or address the lab. */
const LAB_MODULES = ['test/helpers/lab.ts', 'test/faults/lab-tools.ts'];

/** `file` and every module under test/ it imports, directly or not (src/ is the product: not followed). */
function testImports(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const target of relativeImports(file)) if (target.startsWith(repoPath('test')) && existsSync(target)) testImports(target, seen);
  return seen;
}

describe('the suite split: tests run beside the lab', () => {
  const { labFree, lab } = splitSuite(repoPath('test'), '.test.ts');

  it('puts every test file in exactly one process, the lab proofs with the lab', () => {
    expect(labFree.length).to.be.greaterThan(100);
    expect(new Set([...labFree, ...lab]).size).to.equal(labFree.length + lab.length);
    const rel = (f: string): string => relative(repoPath('test'), f);
    expect(lab.map(rel)).to.include.members(['e2e/lvs/proofs.test.ts', 'faults/lab-faults.test.ts', 'integration/package/install.test.ts']);
    expect(labFree.map(rel)).to.include.members(['unit/suite-split.test.ts', 'faults/fuzz-input.test.ts']);
    for (const entry of LAB_FREE)
      expect(
        labFree.some((f) => rel(f).startsWith(entry)),
        entry,
      ).to.equal(true);
  });

  it('no lab-free test imports what brings up or reaches the lab, directly or through a helper', () => {
    const offenders = labFree.flatMap((file) =>
      [...testImports(file)]
        .filter((m) => LAB_MODULES.includes(relative(repoPath(), m)))
        .map((m) => `${relative(repoPath(), file)} -> ${relative(repoPath(), m)}`),
    );
    expect(offenders).to.deep.equal([]);
    // the check can fail: a lab test does import them
    expect([...testImports(join(repoPath('test'), 'e2e/lvs/proofs.test.ts'))].map((m) => relative(repoPath(), m))).to.include('test/helpers/lab.ts');
  });
});
