// lineinfile's editing rules (Ansible's), as a pure function of the file's text.
//   present + regexp: replace the last matching line (first with firstmatch); no match ->
//     insert (unless backrefs, then nothing).
//   present without regexp: nothing if the exact line exists, else insert.
//   insertafter/insertbefore: after/before the last line matching (first with firstmatch);
//     EOF/BOF; no match -> end of file.
//   absent: remove every line matching regexp (or equal to line).
// Every other line is kept byte for byte.

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
}

function splitLines(text: string): { lines: string[]; trailingNewline: boolean } {
  if (text === '') return { lines: [], trailingNewline: true };
  const trailingNewline = text.endsWith('\n');
  const lines = (trailingNewline ? text.slice(0, -1) : text).split('\n');
  return { lines, trailingNewline };
}

function join(lines: string[]): string {
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}

/** Python's match.expand: \1, \g<1>, \g<name> into the groups of m. */
function expand(template: string, m: RegExpExecArray): string {
  return template.replace(/\\(\d+)|\\g<(\w+)>/g, (_all, n: string | undefined, g: string | undefined) => {
    const key = n ?? g!;
    return (/^\d+$/.test(key) ? m[Number(key)] : m.groups?.[key]) ?? '';
  });
}

export function editLines(text: string, edit: LineEdit): LineEditResult {
  const { lines } = splitLines(text);
  const original = text;
  const re = edit.regexp !== undefined ? new RegExp(edit.regexp) : undefined;
  const matches = (l: string): boolean => (re ? re.test(l) : edit.searchString !== undefined ? l.includes(edit.searchString) : l === edit.line);

  if (edit.state === 'absent') {
    const kept = lines.filter((l) => !matches(l));
    const removed = lines.length - kept.length;
    const content = removed === 0 ? original : join(kept);
    return { content, changed: removed > 0, msg: removed > 0 ? `${removed} line(s) removed` : '' };
  }

  const line = edit.line ?? '';
  const indexes = lines.map((l, i) => (matches(l) ? i : -1)).filter((i) => i >= 0);
  if ((re || edit.searchString !== undefined) && indexes.length > 0) {
    const i = edit.firstMatch ? indexes[0]! : indexes[indexes.length - 1]!;
    const newLine = edit.backrefs && re ? expand(line, re.exec(lines[i]!)!) : line;
    if (lines[i] === newLine) return { content: original, changed: false, msg: '' };
    const copy = [...lines];
    copy[i] = newLine;
    return { content: join(copy), changed: true, msg: 'line replaced' };
  }
  if (edit.backrefs) return { content: original, changed: false, msg: '' };
  if (lines.includes(line)) return { content: original, changed: false, msg: '' };

  let at = lines.length;
  const pick = (pattern: string): number | undefined => {
    const r = new RegExp(pattern);
    const found = lines.map((l, i) => (r.test(l) ? i : -1)).filter((i) => i >= 0);
    if (found.length === 0) return undefined;
    return edit.firstMatch ? found[0] : found[found.length - 1];
  };
  if (edit.insertBefore !== undefined) {
    if (edit.insertBefore === 'BOF') at = 0;
    else {
      const i = pick(edit.insertBefore);
      if (i !== undefined) at = i;
    }
  } else if (edit.insertAfter !== undefined && edit.insertAfter !== 'EOF') {
    const i = pick(edit.insertAfter);
    if (i !== undefined) at = i + 1;
  }
  const copy = [...lines];
  copy.splice(at, 0, line);
  return { content: join(copy), changed: true, msg: 'line added' };
}
