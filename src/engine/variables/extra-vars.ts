// -e/--extra-vars: `k=v k2="a b"` (values stay strings, as in Ansible), JSON or YAML text
// (`{"k": 1}`), or `@file` (YAML/JSON). Repeated -e merge in order, the later one wins.
import { existsSync } from 'node:fs';
import { isAbsolute, resolve as resolvePath } from 'node:path';
import { UserInputError, type SourceLocation } from '../../errors.js';
import { splitWords } from '../../util/shell.js';
import { loadYamlFile, parseYaml, setLocation } from '../yaml-source.js';

const EXPECTED = 'key=value pairs, a JSON/YAML mapping, or @file';

export function parseExtraVars(items: string[], cwd: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  items.forEach((item, index) => {
    // an -e argument has no file; name it by its position on the command line
    const where: SourceLocation = { file: `--extra-vars #${index + 1}`, line: 1, col: 1 };
    const vars = parseOne(item.trim(), where, cwd);
    if (vars === null || vars === undefined) return;
    if (typeof vars !== 'object' || Array.isArray(vars)) throw new UserInputError('extra vars must be a mapping', where, EXPECTED);
    Object.assign(out, vars);
  });
  return out;
}

function parseOne(text: string, where: SourceLocation, cwd: string): unknown {
  if (text === '') return null;
  if (text.startsWith('@')) {
    const name = text.slice(1);
    const file = isAbsolute(name) ? name : resolvePath(cwd, name);
    if (name === '' || !existsSync(file))
      throw new UserInputError(`extra vars file not found: ${name || '(empty)'}`, where, 'an existing YAML or JSON file after @');
    return loadYamlFile(file);
  }
  if (text.startsWith('{') || text.startsWith('[')) return parseYaml(text, where.file);
  let words: string[];
  try {
    words = splitWords(text);
  } catch (err) {
    throw new UserInputError(`extra vars: ${(err as Error).message}`, where, 'key=value pairs');
  }
  const vars: Record<string, unknown> = {};
  for (const w of words) {
    const eq = w.indexOf('=');
    if (eq <= 0) throw new UserInputError(`extra vars: '${w}' is not key=value`, where, EXPECTED);
    vars[w.slice(0, eq)] = w.slice(eq + 1);
  }
  setLocation(vars, where);
  return vars;
}
