// The free-form text of command and shell as Ansible reads it: `key=value` words of the
// module's own options (chdir, creates, ...) are taken out wherever they stand, unless quoted;
// a backslash at the end of a line outside quotes joins the next line with one space; the
// text keeps its other spacing, line breaks and quotes (`shell` runs it as written).

export const INLINE_KEYS = ['chdir', 'creates', 'removes', 'executable', 'stdin'] as const;
export type InlineKey = (typeof INLINE_KEYS)[number];

const OPTION = new RegExp(`^(${INLINE_KEYS.join('|')})=`);

/** The text with continuation lines joined: `a \<newline>  b` is `a b` (outside quotes). */
function joinContinuations(text: string): string {
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && text[i + 1] === '\n' && quote === undefined) {
      out = out.replace(/[ \t]+$/, '');
      i += 2;
      while (text[i] === ' ' || text[i] === '\t') i++;
      i--;
      if (out !== '') out += ' ';
      continue;
    }
    if (c === '\\' && quote !== "'" && i + 1 < text.length) {
      out += c + text[i + 1]!;
      i++;
      continue;
    }
    if (quote === undefined && (c === '"' || c === "'")) quote = c;
    else if (c === quote) quote = undefined;
    out += c;
  }
  return out;
}

/** The end of the word starting at `start` and its value with quotes and escapes removed. */
function readWord(text: string, start: number): { end: number; value: string } {
  let value = '';
  let quote: string | undefined;
  let i = start;
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quote === undefined && /\s/.test(c)) break;
    if (c === '\\' && quote !== "'" && i + 1 < text.length) {
      value += text[++i]!;
    } else if (quote === undefined && (c === '"' || c === "'")) {
      quote = c;
    } else if (c === quote) {
      quote = undefined;
    } else value += c;
  }
  return { end: i, value };
}

/**
 * Ansible's free form also carries options: `command: chdir=/opt creates=x ./build` and
 * `shell: ./run.sh creates=/x`. An option word goes with the spacing after it (one line break
 * at most); the last word also with the spaces before it.
 */
export function extractInlineOptions(written: string): { text: string; options: Partial<Record<InlineKey, string>> } {
  const text = joinContinuations(written);
  const options: Partial<Record<InlineKey, string>> = {};
  let out = '';
  let i = 0;
  while (i < text.length) {
    const atWordStart = i === 0 || /\s/.test(text[i - 1]!);
    const option = atWordStart ? OPTION.exec(text.slice(i)) : null;
    if (!option) {
      // copy one word (quotes and all) or one blank
      const end = /\s/.test(text[i]!) ? i + 1 : readWord(text, i).end;
      out += text.slice(i, end);
      i = end;
      continue;
    }
    const { end, value } = readWord(text, i + option[0].length);
    options[option[1] as InlineKey] ??= value;
    i = end;
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (text[i] === '\n') i++;
    if (/^\s*$/.test(text.slice(i))) {
      out = out.replace(/[ \t]+$/, '');
      i = text.length;
    }
  }
  return { text: out.replace(/^\s+/, ''), options };
}
