// Values written in INI inventories mean what Ansible makes of them: it runs Python's
// ast.literal_eval on the text, so numbers, True/False/None, quoted strings, lists, tuples and
// dicts become those types, and anything else (yes, true, 0644, a b) stays the string written.

/** Ansible's INI `_parse_value`: a Python literal if the whole text is one, else the text. */
export function parseIniValue(text: string): unknown {
  const s = text.trim();
  try {
    const parser = new LiteralParser(s);
    const value = parser.value();
    parser.end();
    return value;
  } catch (err) {
    if (err instanceof NotALiteral) return s;
    throw err;
  }
}

class NotALiteral extends Error {}

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '0': '\0',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '\n': '',
};

/** Just enough of Python's literal grammar; anything outside it is "not a literal". */
class LiteralParser {
  private i = 0;
  private depth = 0;
  constructor(private readonly s: string) {}

  end(): void {
    this.space();
    if (this.i !== this.s.length) throw new NotALiteral();
  }

  private space(): void {
    while (this.i < this.s.length) {
      const c = this.s[this.i]!;
      if (c === ' ' || c === '\t') this.i++;
      else if (c === '#')
        this.i = this.s.length; // a Python comment ends the expression
      else break;
    }
  }

  value(): unknown {
    this.space();
    const c = this.s[this.i];
    if (c === undefined) throw new NotALiteral();
    if (++this.depth > 100) throw new NotALiteral();
    try {
      if (c === '[') return this.sequence(']');
      if (c === '(') return this.sequence(')');
      if (c === '{') return this.braces();
      if (c === '"' || c === "'") return this.string();
      const word = /^(True|False|None)(?![\w.])/.exec(this.s.slice(this.i));
      if (word) {
        this.i += word[1]!.length;
        return word[1] === 'True' ? true : word[1] === 'False' ? false : null;
      }
      return this.number();
    } finally {
      this.depth--;
    }
  }

  private number(): number | string {
    const rest = this.s.slice(this.i);
    const m =
      /^[-+]?\s*(0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:\d(?:_?\d)*)?\.\d(?:_?\d)*(?:[eE][-+]?\d(?:_?\d)*)?|\d(?:_?\d)*\.?(?:[eE][-+]?\d(?:_?\d)*)?)(?![\w.])/.exec(
        rest,
      );
    if (!m) throw new NotALiteral();
    const body = m[1]!.replace(/_/g, '');
    const negative = rest.startsWith('-');
    // Python 3 refuses 0644 (a leading zero on a non-zero integer), so Ansible keeps the string.
    if (/^0\d*[1-9]/.test(body) && /^\d+$/.test(body)) throw new NotALiteral();
    let n: number;
    if (/^0[xXoObB]/.test(body)) n = Number(body.toLowerCase());
    else n = Number(body);
    this.i += m[0].length;
    if (!Number.isFinite(n)) throw new NotALiteral();
    if (Number.isInteger(n) && !/[.eE]/.test(body) && !Number.isSafeInteger(n)) {
      // JavaScript would round it; keep the digits the user wrote.
      return (negative ? '-' : '') + body;
    }
    return negative ? -n : n;
  }

  private string(): string {
    const quote = this.s[this.i]!;
    let out = '';
    this.i++;
    while (this.i < this.s.length) {
      const c = this.s[this.i]!;
      if (c === quote) {
        this.i++;
        // Python joins adjacent literals: 'a' 'b' is 'ab'.
        const save = this.i;
        this.space();
        const next = this.s[this.i];
        if (next === '"' || next === "'") return out + this.string();
        this.i = save;
        return out;
      }
      if (c === '\\') {
        const e = this.s[this.i + 1];
        if (e === undefined) throw new NotALiteral();
        if (e === 'x' || e === 'u') {
          const len = e === 'x' ? 2 : 4;
          const hex = this.s.slice(this.i + 2, this.i + 2 + len);
          if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) throw new NotALiteral();
          out += String.fromCharCode(parseInt(hex, 16));
          this.i += 2 + len;
          continue;
        }
        out += ESCAPES[e] ?? `\\${e}`;
        this.i += 2;
        continue;
      }
      out += c;
      this.i++;
    }
    throw new NotALiteral();
  }

  private sequence(close: ']' | ')'): unknown {
    this.i++;
    const items: unknown[] = [];
    let sawComma = false;
    for (;;) {
      this.space();
      if (this.s[this.i] === close) {
        this.i++;
        // (x) is just x; (x,) and () are tuples (lists in YAML terms).
        if (close === ')' && items.length === 1 && !sawComma) return items[0];
        return items;
      }
      items.push(this.value());
      this.space();
      if (this.s[this.i] === ',') {
        this.i++;
        sawComma = true;
      } else if (this.s[this.i] !== close) throw new NotALiteral();
    }
  }

  private braces(): unknown {
    this.i++;
    const dict: Record<string, unknown> = {};
    const set: unknown[] = [];
    let kind: 'dict' | 'set' | undefined;
    for (;;) {
      this.space();
      if (this.s[this.i] === '}') {
        this.i++;
        return kind === 'set' ? set : dict;
      }
      const key = this.value();
      this.space();
      if (this.s[this.i] === ':' && kind !== 'set') {
        kind = 'dict';
        this.i++;
        dict[typeof key === 'string' ? key : JSON.stringify(key)] = this.value();
      } else if (kind !== 'dict') {
        kind = 'set';
        if (!set.includes(key)) set.push(key);
      } else throw new NotALiteral();
      this.space();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== '}') throw new NotALiteral();
    }
  }
}
