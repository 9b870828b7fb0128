// The one parser of templates. Both the evaluator (environment.ts) and the pre-run check of
// undefined variables (names.ts) read a template through parseTemplate, so they can never
// disagree on what a template says. It is nunjucks' parser with Jinja's grammar where nunjucks
// differs:
// - string literals keep Python's escapes (`'\d'` stays backslash-d, `'\x41'` is 'A');
// - `(1, 2)` and `(1,)` are tuples (lists here), `()` is the empty tuple;
// - `x[a:b:c]` is a slice (an `LvsSlice` node, compiled by compiler.ts);
// - `{% set ns.attr = value %}` assigns an attribute of a namespace();
// - `}}` closing a nested dict inside `{{ }}` (braces.ts).
import nunjucks from 'nunjucks';
import { spaceNestedBraces } from './braces.js';
import { readPythonString, type CharCursor } from './python-string.js';
import { TemplateSyntax } from './runtime.js';

export interface AstNode {
  typename: string;
  lineno: number;
  colno: number;
  value?: unknown;
  children?: AstNode[];
  [field: string]: unknown;
}

interface Token {
  type: string;
  value: string;
  lineno: number;
  colno: number;
}

interface Tokenizer extends CharCursor {
  _parseString(delimiter: string): string;
  nextToken(): Token | null;
  _matches(text: string): boolean | null;
  _extractString(text: string): string | null;
  tags: { COMMENT_START: string; COMMENT_END: string };
  trimBlocks: boolean;
}

/**
 * Comments as Jinja lexes them, where nunjucks' lexer differs:
 * - a `#}` outside a comment is plain text (`{# a {# b #} #} c` renders ` #} c`: comments do not
 *   nest); nunjucks refuses it. The lexer is told that `#}` is there only while a comment is open.
 * - trim_blocks removes the first newline after a comment as after a block tag (`{# c #}\nx`
 *   renders `x`); nunjucks trims it after block tags only.
 */
function jinjaComments(tokens: Tokenizer): void {
  const matches = tokens._matches.bind(tokens);
  const extract = tokens._extractString.bind(tokens);
  let inComment = false;
  tokens._matches = (text) => (text === tokens.tags.COMMENT_END && !inComment ? false : matches(text));
  tokens._extractString = (text) => {
    const got = extract(text);
    if (got && text === tokens.tags.COMMENT_START) inComment = true;
    if (got && text === tokens.tags.COMMENT_END) {
      inComment = false;
      if (tokens.trimBlocks && tokens.current() === '\r') tokens.forward();
      if (tokens.trimBlocks && tokens.current() === '\n') tokens.forward();
    }
    return got;
  };
}

interface NunjucksParser {
  tokens: Tokenizer;
  extensions: unknown[];
  peekToken(): Token;
  nextToken(): Token;
  pushToken(tok: Token): void;
  skip(type: string): boolean;
  skipSymbol(name: string): boolean;
  advanceAfterBlockEnd(name?: string): Token;
  fail(message: string, lineno?: number, colno?: number): never;
  parseExpression(): AstNode;
  parsePrimary(noPostfix?: boolean): AstNode;
  parsePostfix(node: AstNode): AstNode;
  parseAggregate(): AstNode | null;
  parseSignature(): AstNode;
  parseAsRoot(): AstNode;
}

type NodeClass = new (lineno: number, colno: number, ...fields: unknown[]) => AstNode & { addChild(c: AstNode): void };

const nj = nunjucks as unknown as {
  lexer: { lex(src: string, opts: unknown): Tokenizer };
  parser: { Parser: new (tokens: Tokenizer) => NunjucksParser };
  nodes: Record<'Group' | 'Array' | 'LookupVal' | 'Literal' | 'Symbol' | 'FunCall' | 'Include', NodeClass>;
};

const T = {
  LPAREN: 'left-paren',
  RPAREN: 'right-paren',
  LBRACKET: 'left-bracket',
  RBRACKET: 'right-bracket',
  RCURLY: 'right-curly',
  COMMA: 'comma',
  COLON: 'colon',
  OPERATOR: 'operator',
  SYMBOL: 'symbol',
  INT: 'int',
  FLOAT: 'float',
  VARIABLE_START: 'variable-start',
  VARIABLE_END: 'variable-end',
  BOOLEAN: 'boolean',
  NONE: 'none',
};

/** nunjucks reads a string literal's body with this: Python's escapes (python-string.ts). */
function parsePythonString(this: Tokenizer, delimiter: string): string {
  return readPythonString(this, delimiter).text;
}

/**
 * In task arguments and variables Ansible doubles every backslash of a string literal inside
 * `{{ }}` before Jinja reads it (its escape_backslashes), so there a literal keeps its
 * backslashes as written: `'\d+'`, `'<\1>'`, and `"a\\b"` is three characters. The literal
 * ends at the first closing quote (`"a\"b"` is a syntax error there, as in Ansible). Inside
 * `{% %}`, in conditions and in template files, Python's escapes apply.
 */
function literalBackslashesInVariables(tokens: Tokenizer): void {
  let inVariable = false;
  const next = tokens.nextToken.bind(tokens);
  tokens.nextToken = () => {
    const tok = next();
    if (tok?.type === T.VARIABLE_START) inVariable = true;
    else if (tok?.type === T.VARIABLE_END) inVariable = false;
    return tok;
  };
  tokens._parseString = function (this: Tokenizer, delimiter: string): string {
    if (!inVariable) return readPythonString(this, delimiter).text;
    this.forward();
    let str = '';
    while (!this.isFinished() && this.current() !== delimiter) {
      str += this.current();
      this.forward();
    }
    this.forward();
    return str;
  };
}

class JinjaParser extends nj.parser.Parser {
  /** `(...)`: a group, or a tuple when there is a comma or nothing inside. */
  override parseAggregate(): AstNode | null {
    const tok = this.peekToken();
    if (tok.type !== T.LPAREN) return super.parseAggregate();
    this.nextToken();
    const items: AstNode[] = [];
    let tuple = false;
    while (!this.skip(T.RPAREN)) {
      if (items.length > 0) {
        if (!this.skip(T.COMMA)) this.fail("expected ',' or ')'", tok.lineno, tok.colno);
        tuple = true;
        if (this.skip(T.RPAREN)) break;
      }
      items.push(this.parseExpression());
    }
    if (items.length === 0) tuple = true;
    const node = new (tuple ? nj.nodes.Array : nj.nodes.Group)(tok.lineno, tok.colno);
    for (const item of items) node.addChild(item);
    return node;
  }

  /**
   * `{% include name [ignore missing] [with context | without context] %}`. An include always
   * sees the including template's variables (nunjucks' behaviour and Jinja's default), so the
   * context words are read and need nothing more.
   */
  parseInclude(): AstNode {
    const tag = this.peekToken();
    if (!this.skipSymbol('include')) this.fail('expected include', tag.lineno, tag.colno);
    const node = new nj.nodes.Include(tag.lineno, tag.colno);
    node.template = this.parseExpression();
    if (this.skipSymbol('ignore') && this.skipSymbol('missing')) node.ignoreMissing = true;
    if ((this.skipSymbol('with') || this.skipSymbol('without')) && !this.skipSymbol('context'))
      this.fail("expected 'context' after 'with' or 'without'", tag.lineno, tag.colno);
    this.advanceAfterBlockEnd(tag.value);
    return node;
  }

  /** nunjucks reads `null` as none; in Jinja it is a plain name (an undefined variable, unless defined). */
  override parsePrimary(noPostfix?: boolean): AstNode {
    const tok = this.peekToken();
    if (tok?.type !== T.NONE || tok.value !== 'null') return super.parsePrimary(noPostfix);
    this.nextToken();
    const symbol = new nj.nodes.Symbol(tok.lineno, tok.colno, tok.value);
    return noPostfix ? symbol : this.parsePostfix(symbol);
  }

  /** Calls, `.name` and `[...]` after a primary; `[...]` may be a slice. */
  override parsePostfix(node: AstNode): AstNode {
    let current = node;
    for (;;) {
      const tok = this.peekToken();
      if (tok?.type === T.LPAREN) current = new nj.nodes.FunCall(tok.lineno, tok.colno, current, this.parseSignature());
      else if (tok?.type === T.LBRACKET) {
        this.nextToken();
        current = this.parseSubscript(current, tok);
      } else if (tok?.type === T.OPERATOR && tok.value === '.') {
        this.nextToken();
        for (const key of this.attributeKeys(tok))
          current = new nj.nodes.LookupVal(tok.lineno, tok.colno, current, new nj.nodes.Literal(tok.lineno, tok.colno, key));
      } else return current;
    }
  }

  /**
   * What follows a '.': a name, or an index as Jinja allows (`item.0`, `item.0.name`). nunjucks'
   * lexer reads `0.name` as the number `0.` and a name, and `0.1` as one number: split them.
   */
  private attributeKeys(dot: Token): (string | number)[] {
    const tok = this.nextToken();
    // `foo.true`, `foo.none`, `foo.null`: after a dot these are names, as in Jinja
    if (tok?.type === T.SYMBOL || tok?.type === T.BOOLEAN || tok?.type === T.NONE) return [tok.value];
    if (tok?.type === T.INT) return [parseInt(tok.value, 10)];
    const float = tok?.type === T.FLOAT ? /^(\d+)\.(\d*)$/.exec(tok.value) : null;
    if (!float) return this.fail(`expected a name after '.', got ${tok?.value ?? 'the end'}`, dot.lineno, dot.colno);
    const first = parseInt(float[1]!, 10);
    if (float[2] !== '') return [first, parseInt(float[2]!, 10)];
    return [first, ...this.attributeKeys(dot)];
  }

  private parseSubscript(target: AstNode, open: Token): AstNode {
    const parts: (AstNode | null)[] = [];
    let part: AstNode | null = null;
    let colons = 0;
    for (;;) {
      const tok = this.peekToken();
      if (!tok) this.fail("expected ']'", open.lineno, open.colno);
      if (tok.type === T.RBRACKET) {
        this.nextToken();
        break;
      }
      if (tok.type === T.COLON) {
        this.nextToken();
        parts.push(part);
        part = null;
        if (++colons > 2) this.fail('a slice has at most start:stop:step', tok.lineno, tok.colno);
        continue;
      }
      if (part) this.fail("expected ':' or ']'", tok.lineno, tok.colno);
      part = this.parseExpression();
    }
    parts.push(part);
    if (colons === 0) {
      if (!part) this.fail('expected an index', open.lineno, open.colno);
      return new nj.nodes.LookupVal(open.lineno, open.colno, target, part);
    }
    const [start = null, stop = null, step = null] = parts;
    return { typename: 'LvsSlice', lineno: open.lineno, colno: open.colno, target, start, stop, step };
  }
}

/**
 * Parse `text` into nunjucks' syntax tree with Jinja's grammar. Throws TemplateSyntax with a
 * 1-based line and column inside `text`.
 */
export function parseTemplate(text: string, extensions: unknown[] = [], opts: { tags?: object; literalBackslashes?: boolean } = {}): AstNode {
  try {
    // other delimiters (a `#jinja2:` header) leave `}}` as plain text
    const customTags = opts.tags !== undefined;
    const tokens = nj.lexer.lex(customTags ? text : spaceNestedBraces(text), opts);
    tokens._parseString = parsePythonString;
    if (opts.literalBackslashes) literalBackslashesInVariables(tokens);
    jinjaComments(tokens);
    const parser = new JinjaParser(tokens);
    parser.extensions = extensions;
    return parser.parseAsRoot();
  } catch (err) {
    if (err instanceof TemplateSyntax) throw err;
    const e = err as { message: string; lineno?: number; colno?: number };
    // errors at the end of the text ("expected variable end") come without a position
    const lines = text.split('\n');
    const line = e.lineno ?? lines.length;
    const col = e.lineno !== undefined ? (e.colno ?? 1) : (lines[lines.length - 1]?.length ?? 0) + 1;
    const message = e.message.replace(/^Template render error:?\s*/, '');
    throw new TemplateSyntax(e.lineno === undefined ? `${message} before the end of the template` : message, line, col);
  }
}
