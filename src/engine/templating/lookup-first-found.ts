// lookup('first_found'): the first of a list of files that exists, as ansible-core 2.14 finds
// it (measured on its playbooks):
// - a string term is one file name, used as written (no splitting, keyword paths ignored);
// - a mapping term {files, paths, skip}: files split on ',' and ';', paths on ',', ':' and ';';
//   with paths, every file in the first path, then every file in the next (paths outermost);
// - nested lists of terms are flattened;
// - a relative name is looked for through the search path (the task's role, its file's
//   folder, the playbook's folder), in the subfolder of the task's kind of file first;
// - nothing found: an error, or no result at all with skip.
import { fail } from './define.js';
import { isDict, isList, pyStr, truthy, type Dict } from './python.js';
import { join } from 'node:path';

/** Finds a relative or absolute file name, or says it is not there. */
export type FileFinder = (name: string) => string | undefined;

function splitOn(value: unknown, separators: RegExp): string[] {
  const items = value === undefined || value === null ? [] : isList(value) ? value : [value];
  return items.flatMap((v) => pyStr(v).split(separators)).filter((s) => s !== '');
}

export function firstFound(terms: unknown[], kw: Dict, find: FileFinder): string[] {
  const candidates: string[] = [];
  let skip = truthy(kw.skip);
  const add = (term: unknown): void => {
    if (isList(term)) return term.forEach(add);
    if (!isDict(term)) return void candidates.push(pyStr(term));
    const files = splitOn(term.files, /[,;]/);
    const paths = splitOn(term.paths, /[,:;]/);
    if (truthy(term.skip)) skip = true;
    if (paths.length === 0) candidates.push(...files);
    for (const path of paths) for (const file of files) candidates.push(join(path, file));
  };
  terms.forEach(add);
  for (const candidate of candidates) {
    const found = find(candidate);
    if (found) return [found];
  }
  if (skip) return [];
  return fail(`lookup('first_found'): none of these files was found: ${candidates.join(', ')}`);
}
