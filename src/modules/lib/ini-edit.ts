// The edit ansible-core 2.14's ini_file makes to an INI text, as a pure function: an option is
// set inside the first [section] (or before any section when there is none), where a line
// already names it (commented out with # or ; too); a new option goes after the section's last
// line that is neither blank nor a comment; a missing section is added at the end.
export interface IniEdit {
  /** null: the lines before the first section. */
  section: string | null;
  option?: string;
  /** The values the option should have (one line each); [] with allowNoValue: the bare option. */
  values: string[];
  state: 'present' | 'absent';
  exclusive: boolean;
  allowNoValue: boolean;
  noExtraSpaces: boolean;
}

export interface IniResult {
  text: string;
  msg: string;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The option on a line, commented out or not: group 2 the comment mark, group 3 the value. */
const anyOption = (option: string): RegExp => new RegExp(`^[ \\t]*([#;]?)[ \\t]*${escape(option)}[ \\t]*(=|$)[ \\t]*(.*)`);
const activeOption = (option: string): RegExp => new RegExp(`^[ \\t]*${escape(option)}[ \\t]*(=|$)[ \\t]*(.*)`);
const BLANK_OR_COMMENT = /^[ \t]*([#;].*)?$/;

export function editIni(original: string, edit: IniEdit): IniResult {
  const { option, state } = edit;
  const values = [...edit.values];
  // An empty (or missing) file reads as one blank line, as Ansible reads it.
  const lines = original === '' ? [''] : original.replace(/\n$/, '').split('\n');
  // The lines before the first section form a section of their own, without a header.
  const headerAt = edit.section === null ? -1 : lines.findIndex((l) => new RegExp(`^\\[\\s*${escape(edit.section!.trim())}\\s*]`).test(l));
  const found = edit.section === null || headerAt >= 0;
  const start = edit.section === null ? -1 : headerAt;
  let end = found ? lines.findIndex((l, i) => i > start && l.startsWith('[')) : -1;
  if (end < 0) end = lines.length;
  const line = (value: string | undefined): string => (value === undefined ? option! : `${option}${edit.noExtraSpaces ? '=' : ' = '}${value}`);
  let msg = 'OK';
  let changed = false;
  const set = (i: number, text: string, done: boolean[]): void => {
    if (lines[i] !== text) {
      msg = 'option changed';
      changed = true;
    }
    lines[i] = text;
    done[i] = true;
  };

  if (!found) {
    if (state === 'absent') return { text: original, msg };
    lines.push(`[${edit.section}]`);
    if (option !== undefined && values.length) lines.push(...values.map((v) => line(v)));
    else if (option !== undefined && edit.allowNoValue) lines.push(line(undefined));
    return { text: render(lines), msg: option !== undefined && (values.length || edit.allowNoValue) ? 'section and option added' : 'only section added' };
  }
  if (state === 'absent') {
    if (option === undefined) {
      if (edit.section === null) return { text: original, msg };
      lines.splice(start, end - start);
      return { text: render(lines), msg: 'section removed' };
    }
    for (let i = end - 1; i > start; i--) {
      const m = activeOption(option).exec(lines[i]!);
      if (m && (values.length === 0 || values.includes(m[2]!))) {
        lines.splice(i, 1);
        msg = 'option changed';
      }
    }
    return { text: msg === 'OK' ? original : render(lines), msg };
  }
  if (option === undefined) return { text: original, msg };
  const done: boolean[] = [];
  let bareDone = false;
  for (let i = start + 1; i < end; i++) {
    const m = anyOption(option).exec(lines[i]!);
    if (!m) continue;
    if (values.length && values.includes(m[3]!)) {
      set(i, m[3] === '' && edit.allowNoValue ? line(undefined) : line(m[3]), done);
      values.splice(values.indexOf(m[3]!), 1);
    } else if (!values.length && edit.allowNoValue) {
      set(i, line(undefined), done);
      bareDone = true;
      break;
    }
  }
  if (edit.exclusive && !edit.allowNoValue) {
    for (let i = start + 1; i < end && values.length; i++) if (!done[i] && anyOption(option).test(lines[i]!)) set(i, line(values.shift()), done);
    for (let i = end - 1; i > start; i--) {
      if (!done[i] && anyOption(option).test(lines[i]!)) {
        lines.splice(i, 1);
        done.splice(i, 1);
        end--;
        changed = true;
        msg = 'option changed';
      }
    }
  }
  if (values.length || (!bareDone && edit.allowNoValue && edit.values.length === 0)) {
    // after the section's last line that is neither blank nor a comment
    let at = end;
    while (at > start + 1 && BLANK_OR_COMMENT.test(lines[at - 1]!)) at--;
    lines.splice(at, 0, ...(values.length ? values.map((v) => line(v)) : [line(undefined)]));
    msg = 'option added';
    changed = true;
  }
  return { text: changed ? render(lines) : original, msg };
}

function render(lines: string[]): string {
  return lines.length ? `${lines.join('\n')}\n` : '';
}
