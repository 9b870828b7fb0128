// lineinfile's editing rules, following Ansible's lineinfile.py step by step, as a pure function
// of the file's text. Lines keep their own endings, so every line the edit does not touch stays
// byte for byte (including CRLF endings and a missing final newline).
//   present + regexp/search_string: replace the LAST matching line (first with firstmatch);
//     no match -> the exact line anywhere means no change; else insert (never with backrefs).
//   present, line only: nothing if the exact line exists, else insert.
//   insertafter/insertbefore: after/before the LAST line matching (first with firstmatch);
//     BOF/EOF; a pattern that matches nothing -> end of file.
//   absent: remove every line matching regexp / containing search_string / equal to line.
import { expandTemplate, pythonRegExp } from './python-regexp.js';

export interface LineEdit {
  line?: string;
  regexp?: string;
  searchString?: string;
  state: 'present' | 'absent';
  insertAfter?: string;
  insertBefore?: string;
  backrefs?: boolean;
  firstMatch?: boolean;
}

export interface LineEditResult {
  content: string;
  changed: boolean;
  msg: string;
  /** Lines removed (state=absent), as Ansible reports `found`. */
  found?: number;
}

/** Lines with their endings, like Python's readlines(). */
export function readLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

const noNewline = (l: string): string => (l.endsWith('\n') ? l.slice(0, -1) : l);
const noEol = (l: string): string => l.replace(/[\r\n]+$/, '');

export function editLines(text: string, edit: LineEdit): LineEditResult {
  const lines = readLines(text);
  const re = edit.regexp !== undefined ? pythonRegExp(edit.regexp, 'regexp') : undefined;
  const line = edit.line ?? '';

  if (edit.state === 'absent') {
    const matches = (l: string): boolean => (re ? re.test(noNewline(l)) : edit.searchString !== undefined ? l.includes(edit.searchString) : noEol(l) === line);
    const kept = lines.filter((l) => !matches(l));
    const found = lines.length - kept.length;
    return { content: found ? kept.join('') : text, changed: found > 0, msg: found ? `${found} line(s) removed` : '', found };
  }

  const insertAfter = edit.insertAfter;
  const insertBefore = edit.insertBefore;
  const insRe =
    insertAfter !== undefined && insertAfter !== 'BOF' && insertAfter !== 'EOF'
      ? pythonRegExp(insertAfter, 'insertafter')
      : insertBefore !== undefined && insertBefore !== 'BOF'
        ? pythonRegExp(insertBefore, 'insertbefore')
        : undefined;

  // index[0]: the line regexp/search_string (or the exact line) matched; index[1]: insert point
  let found = -1;
  let insertAt = -1;
  let match: RegExpExecArray | boolean | undefined;
  if (re) {
    for (let i = 0; i < lines.length; i++) {
      const m = re.exec(noNewline(lines[i]!));
      if (m) {
        found = i;
        match = m;
        if (edit.firstMatch) break;
      }
    }
  }
  if (edit.searchString !== undefined) {
    for (let i = 0; i < lines.length; i++) {
      if (lines[i]!.includes(edit.searchString)) {
        found = i;
        match = true;
        if (edit.firstMatch) break;
      }
    }
  }
  if (!match) {
    for (let i = 0; i < lines.length; i++) {
      if (noEol(lines[i]!) === line) found = i;
      else if (insRe && insRe.test(noNewline(lines[i]!))) {
        insertAt = insertAfter !== undefined ? i + 1 : i;
        if (edit.firstMatch) break;
      }
    }
  }

  const out = [...lines];
  const added = (): LineEditResult => ({ content: out.join(''), changed: true, msg: 'line added' });
  const unchanged: LineEditResult = { content: text, changed: false, msg: '' };
  if (found !== -1) {
    let newLine = edit.backrefs && match instanceof Array ? expandTemplate(line, match) : line;
    if (!newLine.endsWith('\n')) newLine += '\n';
    if (out[found] === newLine) return unchanged;
    out[found] = newLine;
    return { content: out.join(''), changed: true, msg: 'line replaced' };
  }
  // Without a match the backreferences cannot be filled: do nothing (Ansible's rule).
  if (edit.backrefs) return unchanged;
  if (insertBefore === 'BOF' || insertAfter === 'BOF') {
    out.unshift(line + '\n');
    return added();
  }
  if (insertAfter === 'EOF' || insertAt === -1) {
    const last = out.length - 1;
    if (last >= 0 && !out[last]!.endsWith('\n')) out[last] += '\n';
    out.push(line + '\n');
    return added();
  }
  if (insertAfter !== undefined) {
    // Not again if the line right after the anchor already is the line.
    if (insertAt === out.length) {
      if (noEol(out[insertAt - 1]!) === line) return unchanged;
      if (!out[insertAt - 1]!.endsWith('\n')) out[insertAt - 1] += '\n';
      out.push(line + '\n');
      return added();
    }
    if (noEol(out[insertAt]!) === line) return unchanged;
  }
  out.splice(insertAt, 0, line + '\n');
  return added();
}
