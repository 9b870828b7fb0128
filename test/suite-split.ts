// Which test files run beside the lab's tests (run-suite.ts): the listed lab-free files and
// folders. Everything else runs with the lab's, in order, so a new folder is safe by default.
// test/unit/suite-split.test.ts checks that no lab-free file reaches for the lab.
import { relative } from 'node:path';
import { filesUnder } from './helpers/source-files.js';

/** Files and folders (relative to the test root) whose tests need no lab, no lab lock and no lab address. */
export const LAB_FREE = [
  'unit/',
  'integration/connection/',
  'integration/engine/',
  'integration/modules/',
  'faults/fuzz-input.test',
  'faults/security-schema.test',
];

/** The test files under `root` (names ending in `suffix`: `.test.js` built, `.test.ts` source), split. */
export function splitSuite(root: string, suffix: string): { labFree: string[]; lab: string[] } {
  const all = filesUnder(root, suffix);
  const isLabFree = (f: string): boolean => LAB_FREE.some((p) => relative(root, f).startsWith(p));
  return { labFree: all.filter(isLabFree), lab: all.filter((f) => !isLabFree(f)) };
}
