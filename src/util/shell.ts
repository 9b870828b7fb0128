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

const SHELL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * One word for POSIX sh that expands as Ansible's command module expands its arguments (Python's
 * expandvars, then expanduser) on the target: `$NAME` and `${NAME}` become the variable's value and
 * stay as written when it is unset; a leading `~` or `~user` becomes that home folder. Nothing
 * else is interpreted: the rest is quoted, and values are not split or globbed.
 */
export function expandingWord(word: string): string {
  let out = '';
  let rest = word;
  const tilde = /^~[A-Za-z0-9._-]*(?=\/|$)/.exec(rest);
  if (tilde) {
    out += tilde[0];
    rest = rest.slice(tilde[0].length);
  }
  const ref = /\$(?:([A-Za-z0-9_]+)|\{([^}]*)\})/g;
  let last = 0;
  for (let m = ref.exec(rest); m; m = ref.exec(rest)) {
    const name = m[1] ?? m[2]!;
    if (!SHELL_NAME.test(name)) continue;
    if (m.index > last) out += quote(rest.slice(last, m.index));
    // unset: the default is the reference as written, its $ and braces escaped
    out += m[1] !== undefined ? `"\${${name}-\\$${name}}"` : `"\${${name}-\\\${${name}\\}}"`;
    last = m.index + m[0].length;
  }
  if (last < rest.length || out === '') out += quote(rest.slice(last));
  return out;
}

/**
 * A path pattern for POSIX sh that globs as Python's glob does (`*`, `?`, `[...]`): the
 * wildcards stay bare, everything else is quoted.
 */
export function globPattern(pattern: string): string {
  return pattern
    .split(/(\*|\?|\[!?\]?[^\]]*\])/)
    .filter((part) => part !== '')
    .map((part) => (part === '*' || part === '?' || /^\[!?\]?[A-Za-z0-9_.^-]*\]$/.test(part) ? part : quote(part)))
    .join('');
}

/** Whether a path holds glob wildcards. */
export function hasGlob(path: string): boolean {
  return /[*?[]/.test(path);
}
