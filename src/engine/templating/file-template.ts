// What Ansible does around Jinja when it renders a template file (the template module and
// lookup('template')):
// - for the template module only, a first line `#jinja2: key: value, ...` changes the syntax
//   for that file (`#jinja2: lstrip_blocks: True`, `variable_start_string: '<<'`); the lookup
//   leaves that line as text;
// - Jinja drops the text's last newline, then the output gets back the newlines it lacks at its
//   end compared with the text: `vip {{ vip }}\n` ends in one newline, and `{{ block }}\n` with
//   a block that ends in a newline still ends in one.
import { UserInputError } from '../../errors.js';
import type { TemplateSyntaxOptions } from './syntax-options.js';
import { parsePythonLiteral } from './python-literal.js';

const HEADER = '#jinja2:';

/** Sets one setting, or throws an Error whose message says what the value should be. */
type Setter = (syntax: TemplateSyntaxOptions, value: unknown) => void;

function tag(name: keyof NonNullable<TemplateSyntaxOptions['tags']>): Setter {
  return (syntax, value) => {
    if (typeof value !== 'string' || value === '') throw new Error('a non-empty string');
    syntax.tags = { ...syntax.tags, [name]: value };
  };
}

function flag(name: 'trimBlocks' | 'lstripBlocks' | 'keepTrailingNewline'): Setter {
  return (syntax, value) => {
    if (typeof value !== 'boolean') throw new Error('True or False');
    syntax[name] = value;
  };
}

// Jinja's environment settings a header may change, by their Jinja names
const SETTINGS: Record<string, Setter> = {
  block_start_string: tag('blockStart'),
  block_end_string: tag('blockEnd'),
  variable_start_string: tag('variableStart'),
  variable_end_string: tag('variableEnd'),
  comment_start_string: tag('commentStart'),
  comment_end_string: tag('commentEnd'),
  trim_blocks: flag('trimBlocks'),
  lstrip_blocks: flag('lstripBlocks'),
  keep_trailing_newline: flag('keepTrailingNewline'),
  newline_sequence: (_syntax, value) => {
    if (value !== '\n') throw new Error("'\\n' (lvsplay writes no other newline)");
  },
  line_statement_prefix: unsupported,
  line_comment_prefix: unsupported,
};

function unsupported(): never {
  throw new Error('a setting lvsplay supports (line statements and line comments are not)');
}

/** The line of the file where the template body starts (after a `#jinja2:` header). */
export function bodyLine(text: string, withHeader: boolean): number {
  return withHeader && text.startsWith(HEADER) ? 2 : 1;
}

/** The `#jinja2:` header's settings and the text after it (the whole text when there is none). */
function readHeader(text: string, file: string): { body: string; syntax: TemplateSyntaxOptions } {
  if (!text.startsWith(HEADER)) return { body: text, syntax: {} };
  const eol = text.indexOf('\n');
  const line = text.slice(HEADER.length, eol < 0 ? text.length : eol);
  const syntax: TemplateSyntaxOptions = {};
  for (const pair of line.split(',')) {
    const colon = pair.indexOf(':');
    const where = { file, line: 1, col: 1 };
    if (colon < 0) throw new UserInputError(`#jinja2 header: '${pair.trim()}' is not key: value`, where, 'key: value pairs separated by commas');
    const key = pair.slice(0, colon).trim();
    const spelled = pair.slice(colon + 1).trim();
    const set = SETTINGS[key];
    // Ansible ignores a name that is no Jinja setting; the settings it knows must be valid
    if (!set) continue;
    const value = spelled === '' ? undefined : parsePythonLiteral(spelled);
    try {
      set(syntax, value);
    } catch (err) {
      throw new UserInputError(`#jinja2 header: ${key}: got ${spelled}`, where, (err as Error).message);
    }
  }
  return { body: eol < 0 ? '' : text.slice(eol + 1), syntax };
}

/** Render a template file's `text` with `render`, applying its header (when `withHeader`) and Ansible's trailing newlines. */
export function renderFileTemplate(text: string, file: string, withHeader: boolean, render: (body: string, syntax: TemplateSyntaxOptions) => string): string {
  const { body, syntax } = withHeader ? readHeader(text, file) : { body: text, syntax: {} };
  const out = render(syntax.keepTrailingNewline ? body : body.replace(/\r?\n$/, ''), syntax);
  const missing = trailingNewlines(body) - trailingNewlines(out);
  return missing > 0 ? out + '\n'.repeat(missing) : out;
}

function trailingNewlines(text: string): number {
  let n = 0;
  while (n < text.length && text[text.length - 1 - n] === '\n') n++;
  return n;
}
