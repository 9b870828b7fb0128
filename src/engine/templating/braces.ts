// nunjucks' lexer ends `{{ ... }}` at the first `}}`, even where Jinja's sees the close of a
// nested dict: `{{ {'a': {'b': 1}} }}`. Before parsing, a space goes between two closing braces
// inside an expression (`} }`), outside string literals, comments and raw blocks. Nothing
// else changes, so line numbers stay right.

const RAW_START = /^\{%-?\s*(raw|verbatim)\s*-?%\}/;

export function spaceNestedBraces(text: string): string {
  if (!text.includes('}}')) return text;
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const two = text.slice(i, i + 2);
    if (two === '{#') {
      const end = text.indexOf('#}', i + 2);
      const stop = end < 0 ? n : end + 2;
      out += text.slice(i, stop);
      i = stop;
    } else if (two === '{%' && RAW_START.test(text.slice(i, i + 40))) {
      const kind = RAW_START.exec(text.slice(i, i + 40))![1]!;
      const end = new RegExp(`\\{%-?\\s*end${kind}\\s*-?%\\}`).exec(text.slice(i));
      const stop = end ? i + end.index + end[0].length : n;
      out += text.slice(i, stop);
      i = stop;
    } else if (two === '{{' || two === '{%') {
      const close = two === '{{' ? '}}' : '%}';
      out += two;
      i += 2;
      let depth = 0;
      while (i < n) {
        const c = text[i]!;
        if (c === "'" || c === '"') {
          let j = i + 1;
          while (j < n && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
          out += text.slice(i, j + 1);
          i = j + 1;
          continue;
        }
        if (depth === 0 && (text.startsWith(close, i) || text.startsWith(`-${close}`, i))) break;
        if (c === '{' || c === '[' || c === '(') depth++;
        else if ((c === '}' || c === ']' || c === ')') && depth > 0) {
          depth--;
          if (c === '}' && text[i + 1] === '}') {
            out += '} ';
            i++;
            continue;
          }
        }
        out += c;
        i++;
      }
    } else {
      out += text[i];
      i++;
    }
  }
  return out;
}
