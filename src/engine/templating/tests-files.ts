// Ansible's path tests (`path is file`, `is directory`, `is link`, `is exists`, `is link_exists`, `is abs`,
// `is same_file(other)`, `is mount`) and the task-state tests finished/started/reachable/
// unreachable. Paths are tested on the controller, as in Ansible.
import { lstatSync, statSync, type Stats } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { TestFn } from './define.js';
import { fail } from './define.js';
import { isDict, pyStr, truthy } from './python.js';

function stat(path: unknown, follow = true): Stats | undefined {
  try {
    return follow ? statSync(pyStr(path)) : lstatSync(pyStr(path));
  } catch {
    return undefined;
  }
}

/** os.path.ismount: a directory whose device differs from its parent's, or the same inode (/). */
function isMount(path: unknown): boolean {
  const here = stat(path, false);
  if (!here?.isDirectory()) return false;
  const parent = stat(resolve(pyStr(path), '..'), false);
  if (!parent) return false;
  return here.dev !== parent.dev || (here.ino === parent.ino && resolve(pyStr(path)) === dirname(resolve(pyStr(path))));
}

/** A task-state test reads a registered result; without the key Ansible answers True. */
function stateTest(name: string, key: string): TestFn {
  return (v) => {
    if (!isDict(v)) return fail(`the '${name}' test expects a registered result (a mapping)`);
    return !(key in v) || Number(v[key]) === 1 || v[key] === true;
  };
}

export const fileTests: Record<string, TestFn> = {
  file: (v) => stat(v)?.isFile() ?? false,
  directory: (v) => stat(v)?.isDirectory() ?? false,
  link: (v) => stat(v, false)?.isSymbolicLink() ?? false,
  exists: (v) => stat(v) !== undefined,
  // os.path.lexists: a dangling link exists as a link
  link_exists: (v) => stat(v, false) !== undefined,
  abs: (v) => isAbsolute(pyStr(v)),
  same_file: (v, [other]) => {
    const a = stat(v);
    const b = stat(other);
    return a !== undefined && b !== undefined && a.dev === b.dev && a.ino === b.ino;
  },
  mount: (v) => isMount(v),
  finished: stateTest('finished', 'finished'),
  started: stateTest('started', 'started'),
  unreachable: (v) => isDict(v) && truthy(v.unreachable),
  reachable: (v) => !(isDict(v) && truthy(v.unreachable)),
};
for (const name of ['file', 'directory', 'link', 'abs', 'same_file', 'mount']) fileTests[`is_${name === 'directory' ? 'dir' : name}`] = fileTests[name]!;
