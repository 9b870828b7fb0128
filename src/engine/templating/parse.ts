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

interface Tokenizer {
  _parseString(delimiter: string): string;
  forward(): void;
  current(): string;
  isFinished(): boolean;
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
  nodes: Record<'Group' | 'Array' | 'LookupVal' | 'Literal' | 'FunCall' | 'Include', NodeClass>;
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
};

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '\n': '' };

/** A Python string literal's body after its opening quote; unknown escapes keep their backslash. */
function parsePythonString(this: Tokenizer, delimiter: string): string {
  this.forward();
  let str = '';
  while (!this.isFinished() && this.current() !== delimiter) {
    const c = this.current();
    this.forward();
    if (c !== '\\') {
      str += c;
      continue;
    }
    const e = this.current();
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      str += simple;
      this.forward();
    } else if (/[0-7]/.test(e)) {
      let digits = '';
      while (digits.length < 3 && /[0-7]/.test(this.current())) {
        digits += this.current();
        this.forward();
      }
      str += String.fromCharCode(parseInt(digits, 8));
    } else if (e === 'x' || e === 'u' || e === 'U') {
      str += readHexEscape(this, e);
    } else str += '\\';
  }
  this.forward();
  return str;
}

/** `\xhh`, `\uhhhh`, `\Uhhhhhhhh`; a short one stays as written (Python would refuse it). */
function readHexEscape(tokens: Tokenizer, kind: string): string {
  const width = kind === 'x' ? 2 : kind === 'u' ? 4 : 8;
  tokens.forward();
  let digits = '';
  while (digits.length < width && /[0-9a-fA-F]/.test(tokens.current())) {
    digits += tokens.current();
    tokens.forward();
  }
  return digits.length === width ? String.fromCodePoint(parseInt(digits, 16)) : `\\${kind}${digits}`;
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
    if (tok?.type === T.SYMBOL) return [tok.value];
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
export function parseTemplate(text: string, extensions: unknown[] = [], opts: unknown = {}): AstNode {
  try {
    const tokens = nj.lexer.lex(spaceNestedBraces(text), opts);
    tokens._parseString = parsePythonString;
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
