// The one quoting helper. Every value that reaches a shell on a target goes through quote();
// nothing from a variable is ever interpolated into a command line unquoted.

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quote one word for POSIX sh. Safe words are left bare for readable -v output. */
export function quote(word: string | number): string {
  const s = String(word);
  if (s !== '' && SAFE.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Build a command line from words, quoting each. */
export function commandLine(...words: Array<string | number>): string {
  return words.map(quote).join(' ');
}

/** Split a free-form `command:` string into words the way Python's shlex does (no expansion). */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new Error('unterminated single quote');
      current += text.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1]!)) i++;
        current += text[i];
        i++;
      }
      if (i >= text.length) throw new Error('unterminated double quote');
      i++;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      current += text[i + 1];
      inWord = true;
      i += 2;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
      i++;
    } else {
      current += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(current);
  return words;
}
