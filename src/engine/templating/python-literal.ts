// Rendered text that reads as a Python literal becomes that value, as in Ansible: when a
// templated value's text starts with `{` or `[`, or is `True` / `False`, Ansible reads it with
// Python's literal reader (with JSON's null, true and false allowed too) and keeps the text
// when that fails. So `'[{{ a }}, {{ b }}]'` is a list and `'{{ "" }}{"k": null}'` a dict.
// Only literals are read: numbers, strings, True/False/None, lists, tuples, sets and dicts;
// a name, call or operator (other than a sign on a number) leaves the text as it is.
import { hasOwn, pyStr } from './python.js';
import { readPythonString, type CharCursor } from './python-string.js';

/** Not a literal: the caller keeps the text. */
class NotLiteral extends Error {}

// u'', r'', and bytes (b'', rb''), which reach the rendered value as text
const STRING_PREFIX = /^(?:[rRuUbB]|[rR][bB]|[bB][rR])$/;

const NAMES: Record<string, unknown> = { True: true, False: false, None: null, true: true, false: false, null: null };

/** The value `text` spells as a Python literal, or `undefined` when it is not one. */
export function parsePythonLiteral(text: string): unknown {
  try {
    const reader = new LiteralReader(text);
    const value = reader.topLevel();
    return value;
  } catch (err) {
    if (err instanceof NotLiteral) return undefined;
    throw err;
  }
}

/** Whether Ansible tries to read a rendered text as a literal at all. */
export function looksLikeLiteral(text: string): boolean {
  return text.startsWith('{') || text.startsWith('[') || text === 'True' || text === 'False';
}

class LiteralReader implements CharCursor {
  private pos = 0;
  /** Open brackets: inside them, newlines are whitespace (as in Python). */
  private depth = 0;

  constructor(private readonly text: string) {}

  current(): string {
    return this.text[this.pos] ?? '';
  }
  forward(): void {
    this.pos++;
  }
  isFinished(): boolean {
    return this.pos >= this.text.length;
  }

  /** One literal and nothing after it (`[1], [2]`, a tuple in Python, is left as text). */
  topLevel(): unknown {
    const value = this.value();
    this.space();
    return this.end(value);
  }

  private end(value: unknown): unknown {
    // trailing newlines are allowed after the expression, nothing else
    while (/\s/.test(this.current())) this.forward();
    if (!this.isFinished()) throw new NotLiteral();
    return value;
  }

  /** Skip blanks and comments; newlines only inside brackets. */
  private space(): void {
    for (;;) {
      const c = this.current();
      if (c === ' ' || c === '\t' || c === '\f' || (this.depth > 0 && (c === '\n' || c === '\r'))) this.forward();
      else if (c === '\\' && this.text[this.pos + 1] === '\n') this.pos += 2;
      else if (c === '#') while (!this.isFinished() && this.current() !== '\n') this.forward();
      else return;
    }
  }

  private value(): unknown {
    this.space();
    const c = this.current();
    // Python's parser stops at 200 nested brackets too
    if (this.depth > 200) throw new NotLiteral();
    if (c === '[') return this.sequence(']');
    if (c === '(') return this.sequence(')');
    if (c === '{') return this.mapping();
    if (c === '-' || c === '+') {
      this.forward();
      this.space();
      const n = this.value();
      if (typeof n !== 'number') throw new NotLiteral();
      return c === '-' ? -n : n;
    }
    if (/[0-9.]/.test(c)) return this.number();
    if (c === "'" || c === '"') return this.strings();
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos))?.[0];
    if (word === undefined) throw new NotLiteral();
    const next = this.text[this.pos + word.length];
    if ((next === "'" || next === '"') && STRING_PREFIX.test(word)) return this.strings();
    if (!hasOwn(NAMES, word)) throw new NotLiteral();
    this.pos += word.length;
    return NAMES[word];
  }

  /** `[...]` or `(...)`: a list or a tuple (a list here); `(x)` alone is just x. */
  private sequence(close: string): unknown {
    this.forward();
    this.depth++;
    const items: unknown[] = [];
    let comma = false;
    this.space();
    while (this.current() !== close) {
      items.push(this.value());
      this.space();
      if (this.current() === ',') {
        comma = true;
        this.forward();
        this.space();
      } else if (this.current() !== close) throw new NotLiteral();
    }
    this.forward();
    this.depth--;
    return close === ')' && items.length === 1 && !comma ? items[0] : items;
  }

  /** `{k: v, ...}` a dict, `{a, b}` a set (a list here). */
  private mapping(): unknown {
    this.forward();
    this.depth++;
    const dict: Record<string, unknown> = {};
    const set: unknown[] = [];
    let kind: 'dict' | 'set' | undefined;
    this.space();
    while (this.current() !== '}') {
      const key = this.value();
      this.space();
      if (this.current() === ':' && kind !== 'set') {
        kind = 'dict';
        this.forward();
        if (key !== null && typeof key === 'object') throw new NotLiteral();
        dict[pyStr(key === null ? 'None' : key)] = this.value();
      } else if (kind !== 'dict') {
        kind = 'set';
        set.push(key);
      } else throw new NotLiteral();
      this.space();
      if (this.current() === ',') {
        this.forward();
        this.space();
      } else if (this.current() !== '}') throw new NotLiteral();
    }
    this.forward();
    this.depth--;
    return kind === 'set' ? set : dict;
  }

  /** One or more adjacent string literals ('a' "b" is 'ab'), with their prefixes. */
  private strings(): string {
    let out = '';
    for (;;) {
      const prefix = /^[rRuUbB]{0,2}/.exec(this.text.slice(this.pos))?.[0] ?? '';
      if (!STRING_PREFIX.test(prefix) && prefix !== '') break;
      const quote = this.text[this.pos + prefix.length];
      if (quote !== "'" && quote !== '"') break;
      this.pos += prefix.length;
      out += /[rR]/.test(prefix) ? this.rawString(quote) : this.escapedString(quote);
      this.space();
    }
    return out;
  }

  private escapedString(quote: string): string {
    if (this.text.startsWith(quote.repeat(3), this.pos)) return this.tripleQuoted(quote, false);
    const start = this.pos;
    const { text, closed } = readPythonString(this, quote);
    // a line break inside a one-line string is an error, unless a backslash continues the line
    if (!closed || this.text.slice(start, this.pos).replace(/\\\n/g, '').includes('\n')) throw new NotLiteral();
    return text;
  }

  private rawString(quote: string): string {
    if (this.text.startsWith(quote.repeat(3), this.pos)) return this.tripleQuoted(quote, true);
    const endAt = this.closingQuote(quote, this.pos + 1);
    const body = this.text.slice(this.pos + 1, endAt);
    if (body.includes('\n')) throw new NotLiteral();
    this.pos = endAt + 1;
    return body;
  }

  private tripleQuoted(quote: string, raw: boolean): string {
    const close = quote.repeat(3);
    const start = this.pos + 3;
    let at = start;
    while (!this.text.startsWith(close, at)) {
      if (at >= this.text.length) throw new NotLiteral();
      at += this.text[at] === '\\' ? 2 : 1;
    }
    this.pos = at + 3;
    const body = this.text.slice(start, at);
    if (raw) return body;
    // decode the body's escapes with the one reader, as a string closed by a quote it cannot hold
    const inner = new LiteralReader(`\u0000${body}\u0000`);
    return readPythonString(inner, '\u0000').text;
  }

  /** Index of the quote that closes a raw string (a backslash still protects the next character). */
  private closingQuote(quote: string, from: number): number {
    let at = from;
    while (at < this.text.length && this.text[at] !== quote) at += this.text[at] === '\\' ? 2 : 1;
    if (at >= this.text.length) throw new NotLiteral();
    return at;
  }

  /** int (decimal, 0x, 0o, 0b, with underscores) or float; a complex number is not read. */
  private number(): number {
    const rest = this.text.slice(this.pos);
    const m =
      /^0[xX](?:_?[0-9a-fA-F])+|^0[oO](?:_?[0-7])+|^0[bB](?:_?[01])+/.exec(rest) ??
      /^(?:(?:\d(?:_?\d)*)?\.\d(?:_?\d)*|\d(?:_?\d)*\.?)(?:[eE][+-]?\d(?:_?\d)*)?/.exec(rest);
    if (!m || m[0] === '.') throw new NotLiteral();
    const spelled = m[0].replace(/_/g, '');
    if (/[jJA-Za-z_0-9]/.test(rest[m[0].length] ?? '')) throw new NotLiteral();
    // Python refuses leading zeros on a decimal int (`01`), but not `00`
    if (/^0\d*[1-9]/.test(spelled) && /^\d+$/.test(spelled)) throw new NotLiteral();
    this.pos += m[0].length;
    if (/^0[xX]/.test(spelled)) return parseInt(spelled.slice(2), 16);
    if (/^0[oO]/.test(spelled)) return parseInt(spelled.slice(2), 8);
    if (/^0[bB]/.test(spelled)) return parseInt(spelled.slice(2), 2);
    return Number(spelled);
  }
}
