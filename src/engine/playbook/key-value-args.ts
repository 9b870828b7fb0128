// Ansible's `key=value` argument text (`copy: dest={{ d }} content='a b'`), read as Ansible reads
// it: words split at white space except inside quotes and inside Jinja's {{ }}, {% %} and {# #}
// (so `path={{ dir ~ '/x' }}` and `"{{ item }}=moo"` stay one word); escape sequences decoded;
// the value after the first unescaped '=' loses one pair of surrounding quotes.

export class KeyValueSyntaxError extends Error {}

/** The words of an argument text, quotes and Jinja kept as written. */
export function splitArgumentWords(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let quote: string | undefined;
  const depth = { '{{': 0, '{%': 0, '{#': 0 };
  const closerOf = { '}}': '{{', '%}': '{%', '#}': '{#' } as const;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const pair = text.slice(i, i + 2);
    if (quote === undefined && (c === '"' || c === "'") && text[i - 1] !== '\\') quote = c;
    else if (quote === c && text[i - 1] !== '\\') quote = undefined;
    else if (pair === '{{' || pair === '{%' || pair === '{#') {
      depth[pair]++;
      current += pair;
      i++;
      continue;
    } else if ((pair === '}}' || pair === '%}' || pair === '#}') && depth[closerOf[pair]] > 0) {
      depth[closerOf[pair]]--;
      current += pair;
      i++;
      continue;
    }
    const inside = quote !== undefined || depth['{{'] + depth['{%'] + depth['{#'] > 0;
    if (/\s/.test(c) && !inside) {
      if (current !== '') words.push(current);
      current = '';
    } else current += c;
  }
  if (quote !== undefined) throw new KeyValueSyntaxError(`unterminated ${quote === '"' ? 'double' : 'single'} quote`);
  if (depth['{{'] + depth['{%'] + depth['{#'] > 0) throw new KeyValueSyntaxError('unterminated Jinja block ({{, {% or {#)');
  if (current !== '') words.push(current);
  return words;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"' };

/** Python-style escape sequences in one word: \n, \t, \\, \", \xHH, \uHHHH, \UHHHHHHHH. Others stay as written. */
export function decodeEscapes(word: string): string {
  return word.replace(/\\(U[0-9a-fA-F]{8}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[ntrabfv\\'"])/g, (whole, seq: string) => {
    if (seq.length === 1) return SIMPLE_ESCAPES[seq] ?? whole;
    return String.fromCodePoint(parseInt(seq.slice(1), 16));
  });
}

function unquote(value: string): string {
  const first = value[0];
  return value.length >= 2 && (first === '"' || first === "'") && value.endsWith(first) ? value.slice(1, -1) : value;
}

export interface KeyValueArgs {
  args: Record<string, string>;
  /** Words without an unescaped '=' (Ansible's _raw_params), in order. */
  rawWords: string[];
}

export function parseKeyValueText(text: string): KeyValueArgs {
  const args: Record<string, string> = {};
  const rawWords: string[] = [];
  for (const written of splitArgumentWords(text)) {
    const word = decodeEscapes(written);
    const eq = firstUnescapedEquals(word);
    if (eq <= 0) {
      rawWords.push(word.replace(/\\=/g, '='));
      continue;
    }
    args[word.slice(0, eq).trim()] = unquote(word.slice(eq + 1).trim());
  }
  return { args, rawWords };
}

function firstUnescapedEquals(word: string): number {
  for (let i = 1; i < word.length; i++) if (word[i] === '=' && word[i - 1] !== '\\') return i;
  return -1;
}
