// Python's string-literal escapes, read from a cursor over the text. Shared by the template
// parser (string literals inside `{{ }}`) and python-literal.ts (rendered text that reads as a
// Python literal), so both decode `'\d'`, `'\x41'` and `'\n'` the same way.

/** What the reader needs of a text being scanned: nunjucks' tokenizer has the same three methods. */
export interface CharCursor {
  forward(): void;
  current(): string;
  isFinished(): boolean;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '\n': '' };

/**
 * The body of a string literal, the cursor standing on its opening quote; the cursor ends after
 * the closing quote. Unknown escapes keep their backslash, as in Python. `closed` is false when
 * the text ends before the closing quote.
 */
export function readPythonString(cursor: CharCursor, delimiter: string): { text: string; closed: boolean } {
  cursor.forward();
  let str = '';
  while (!cursor.isFinished() && cursor.current() !== delimiter) {
    const c = cursor.current();
    cursor.forward();
    if (c !== '\\') {
      str += c;
      continue;
    }
    const e = cursor.current();
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      str += simple;
      cursor.forward();
    } else if (/[0-7]/.test(e)) {
      let digits = '';
      while (digits.length < 3 && /[0-7]/.test(cursor.current())) {
        digits += cursor.current();
        cursor.forward();
      }
      str += String.fromCharCode(parseInt(digits, 8));
    } else if (e === 'x' || e === 'u' || e === 'U') {
      str += readHexEscape(cursor, e);
    } else str += '\\';
  }
  const closed = !cursor.isFinished();
  cursor.forward();
  return { text: str, closed };
}

/** `\xhh`, `\uhhhh`, `\Uhhhhhhhh`; a short one stays as written (Python would refuse it). */
function readHexEscape(cursor: CharCursor, kind: string): string {
  const width = kind === 'x' ? 2 : kind === 'u' ? 4 : 8;
  cursor.forward();
  let digits = '';
  while (digits.length < width && /[0-9a-fA-F]/.test(cursor.current())) {
    digits += cursor.current();
    cursor.forward();
  }
  return digits.length === width ? String.fromCodePoint(parseInt(digits, 16)) : `\\${kind}${digits}`;
}
