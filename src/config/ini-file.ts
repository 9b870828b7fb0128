// ansible.cfg's syntax, as Python's configparser reads it for Ansible: `[section]` headers,
// `key = value` or `key: value` (keys in any case), whole-line `#`/`;` comments, ` ;` starting
// an inline comment, indented lines continuing a value, no interpolation, and a key or section
// given twice is an error. Unknown sections and keys are kept here and ignored by the reader.
import { UserInputError } from '../errors.js';

export interface IniValue {
  value: string;
  line: number;
}

export type IniSections = Map<string, Map<string, IniValue>>;

export function parseIniFile(text: string, file: string): IniSections {
  const sections: IniSections = new Map();
  let current: Map<string, IniValue> | undefined;
  let last: IniValue | undefined;
  const fail = (line: number, col: number, problem: string, expected: string): never => {
    throw new UserInputError(problem, { file, line, col }, expected);
  };
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) {
      // a blank line ends a continued value; a comment line does not
      if (trimmed === '') last = undefined;
      return;
    }
    if (/^\s/.test(raw) && last) {
      last.value += '\n' + stripInlineComment(trimmed);
      return;
    }
    const header = /^\s*\[([^\]]*)\]/.exec(raw);
    if (header) {
      const name = header[1]!;
      if (sections.has(name)) fail(line, raw.indexOf('[') + 1, `section [${name}] is given twice`, 'each section once');
      current = new Map();
      sections.set(name, current);
      last = undefined;
      return;
    }
    if (!current) fail(line, 1, 'a setting before any [section] header', 'a [defaults] header first');
    const sep = /[=:]/.exec(raw);
    if (!sep || raw.slice(0, sep.index).trim() === '') fail(line, 1, `'${trimmed}' is not key = value`, 'key = value');
    const key = raw.slice(0, sep!.index).trim().toLowerCase();
    if (current!.has(key)) fail(line, raw.indexOf(raw.trimStart()) + 1, `'${key}' is given twice in this section`, 'each key once per section');
    last = { value: stripInlineComment(raw.slice(sep!.index + 1).trim()), line };
    current!.set(key, last);
  });
  return sections;
}

/** configparser's inline comments: ';' after whitespace. '#' inside a value is kept. */
function stripInlineComment(value: string): string {
  const at = /\s;/.exec(value);
  return (at ? value.slice(0, at.index) : value).trim();
}
