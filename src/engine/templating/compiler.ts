// nunjucks' compiler with Jinja/Ansible semantics where nunjucks differs. Every change is a
// small override that emits a call to a runtime helper (`env.lvs.*`, runtime.ts):
// - names and attributes are looked up strictly: a missing one throws, naming `foo.bar`,
//   except directly under `is defined`, `is undefined`, `| default(...)` / `| d(...)`;
// - `if`, `and`, `or`, `not`, `x if c else y` use Python truthiness ([] and {} are false);
// - `==` compares deeply without type coercion, `<` refuses to compare str with int, `+`
//   joins lists, `in` works on lists, strings and mappings;
// - `{{ x }}` prints None as '' and True as 'True' (Ansible's output);
// - in expression mode a template that is one `{{ expr }}` returns the value itself, keeping
//   its type (the root function hands its `output` variable to the callback unchanged);
// - slices, `{% set ns.attr = v %}` and Jinja's dict keys (`{a: 1}` reads the variable a; only
//   keyword arguments take a bare name as text).
import nunjucks from 'nunjucks';
import type { AstNode } from './parse.js';

export type { AstNode };

type Frame = { lookup(name: string): string | undefined };

interface NunjucksCompiler {
  buffer: string;
  _emit(code: string): void;
  _emitLine(code: string): void;
  _compileExpression(node: AstNode, frame: Frame): void;
  _compileAggregate(node: AstNode, frame: Frame, start?: string, end?: string): void;
  compile(node: AstNode, frame?: Frame): void;
  compileLiteral(node: AstNode, frame?: Frame): void;
  compileFunCall(node: AstNode, frame: Frame): void;
  compileFilter(node: AstNode, frame: Frame): void;
  compileIf(node: AstNode, frame: Frame, async?: boolean): void;
  compileInlineIf(node: AstNode, frame: Frame): void;
  getCode(): string;
  fail(message: string, lineno?: number, colno?: number): never;
}

const nj = nunjucks as unknown as {
  compiler: { Compiler: new (templateName: string, throwOnUndefined: boolean) => NunjucksCompiler };
};

const GUARD_FILTERS = new Set(['default', 'd']);
const GUARD_TESTS = new Set(['defined', 'undefined']);
const LITERAL_SYMBOLS: Record<string, string> = { True: 'true', False: 'false', None: 'null' };

/** A lookup chain (`a`, `a.b`, `a['b'][0]`): the only thing a guard makes lenient. */
function isChain(node: AstNode | undefined): boolean {
  return node !== undefined && (node.typename === 'Symbol' || node.typename === 'LookupVal');
}

/** The text a user would recognise for a lookup chain: `foo.bar`, `hostvars[host].x`. */
export function pathOf(node: AstNode | undefined): string {
  if (!node) return '(expression)';
  switch (node.typename) {
    case 'Symbol':
      return String(node.value);
    case 'Literal':
      return typeof node.value === 'string' ? `'${node.value}'` : String(node.value);
    case 'LookupVal': {
      const base = pathOf(node.target as AstNode);
      const val = node.val as AstNode;
      if (val.typename === 'Literal' && typeof val.value === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(val.value)) return `${base}.${val.value}`;
      return `${base}[${pathOf(val)}]`;
    }
    case 'FunCall':
      return `${pathOf(node.name as AstNode)}(...)`;
    case 'Filter':
      return `(... | ${pathOf(node.name as AstNode)})`;
    default:
      return '(expression)';
  }
}

function pos(node: AstNode): string {
  return `${node.lineno + 1}, ${node.colno + 1}`;
}

/** Which filters and tests exist: an unknown one is a syntax error with its position. */
export interface KnownNames {
  filter(name: string): boolean;
  test(name: string): boolean;
}

export class StrictCompiler extends nj.compiler.Compiler {
  /** The next Symbol/LookupVal compiled is under a guard (`is defined`, `| default`). */
  private guarded = false;

  constructor(
    name: string,
    private readonly expressionMode: boolean,
    private readonly known: KnownNames,
  ) {
    super(name, false);
  }

  compileSymbol(node: AstNode, frame: Frame): void {
    const guarded = this.guarded;
    this.guarded = false;
    const name = String(node.value);
    // the compile-time frame is a plain object too: `constructor` is no template variable
    const local = name in Object.prototype ? undefined : frame.lookup(name);
    if (local) {
      this._emit(local);
      return;
    }
    const literal = Object.prototype.hasOwnProperty.call(LITERAL_SYMBOLS, name) ? LITERAL_SYMBOLS[name] : undefined;
    if (literal !== undefined) {
      this._emit(literal);
      return;
    }
    this._emit(`env.lvs.sym(context, frame, ${JSON.stringify(name)}, ${guarded}, ${pos(node)})`);
  }

  compileLookupVal(node: AstNode, frame: Frame): void {
    const guarded = this.guarded;
    const target = node.target as AstNode;
    this._emit('env.lvs.member((');
    this.guarded = guarded && isChain(target);
    this._compileExpression(target, frame);
    this.guarded = false;
    this._emit('), (');
    this._compileExpression(node.val as AstNode, frame);
    this._emit(`), ${JSON.stringify(pathOf(node))}, ${guarded}, ${pos(node)})`);
  }

  override compileFunCall(node: AstNode, frame: Frame): void {
    this.guarded = false;
    const callee = node.name as AstNode;
    if (callee.typename !== 'LookupVal') {
      super.compileFunCall(node, frame);
      return;
    }
    // a method call: `s.split(',')`, `d.items()`
    this._emit(`(lineno = ${node.lineno}, colno = ${node.colno}, env.lvs.callMethod((`);
    this._compileExpression(callee.target as AstNode, frame);
    this._emit('), (');
    this._compileExpression(callee.val as AstNode, frame);
    this._emit(`), ${JSON.stringify(pathOf(callee))}, `);
    this._compileAggregate(node.args as AstNode, frame, '[', ']');
    this._emit(`, ${pos(node)}))`);
  }

  override compileFilter(node: AstNode, frame: Frame): void {
    const name = String((node.name as AstNode).value);
    const first = (node.args as AstNode).children?.[0];
    if (!this.known.filter(name)) this.fail(`no filter named '${name}'`, node.lineno, node.colno);
    this.guarded = GUARD_FILTERS.has(name) && isChain(first);
    // like a function call, record the position so a failing filter can be located
    this._emit(`(lineno = ${node.lineno}, colno = ${node.colno}, `);
    super.compileFilter(node, frame);
    this._emit(')');
    this.guarded = false;
  }

  compileIs(node: AstNode, frame: Frame): void {
    const right = node.right as AstNode;
    const testName = String(right.name ? (right.name as AstNode).value : right.value);
    if (!this.known.test(testName)) this.fail(`no test named '${testName}'`, node.lineno, node.colno);
    // nunjucks emits several test arguments without commas; this is its compileIs, fixed
    this._emit(`(env.getTest(${JSON.stringify(testName)}).call(context, `);
    this.guarded = GUARD_TESTS.has(testName) && isChain(node.left as AstNode);
    this.compile(node.left as AstNode, frame);
    this.guarded = false;
    const args = right.args as AstNode | undefined;
    if (args && (args.children ?? []).length > 0) {
      this._emit(', ');
      this._compileAggregate(args, frame);
    }
    this._emit(') === true)');
  }

  override compileIf(node: AstNode, frame: Frame, async?: boolean): void {
    node.cond = truthyNode(node.cond as AstNode);
    super.compileIf(node, frame, async);
  }

  override compileInlineIf(node: AstNode, frame: Frame): void {
    node.cond = truthyNode(node.cond as AstNode);
    super.compileInlineIf(node, frame);
  }

  compileFor(node: AstNode, frame: Frame): void {
    // `for k in dict` iterates keys in Jinja; `for k, v in dict` keeps nunjucks' pairs
    if ((node.name as AstNode).typename === 'Symbol') node.arr = { typename: 'LvsIter', lineno: node.lineno, colno: node.colno, target: node.arr };
    (nj.compiler.Compiler.prototype as unknown as { compileFor(this: unknown, n: AstNode, f: Frame): void }).compileFor.call(this, node, frame);
  }

  /** Not a nunjucks node: what a single-name for loop walks over. */
  compileLvsIter(node: AstNode, frame: Frame): void {
    this._emit('env.lvs.iter(');
    this._compileExpression(node.target as AstNode, frame);
    this._emit(`, ${pos(node)})`);
  }

  /** Not a nunjucks node: wraps a condition in Python truthiness. */
  compileLvsTruthy(node: AstNode, frame: Frame): void {
    this._emit('env.lvs.truthy(');
    this._compileExpression(node.target as AstNode, frame);
    this._emit(')');
  }

  override _compileExpression(node: AstNode, frame: Frame): void {
    // nunjucks asserts a list of known node types here; ours is one more
    this.compile(node, frame);
  }

  compileNot(node: AstNode, frame: Frame): void {
    this._emit('!env.lvs.truthy(');
    this.compile(node.target as AstNode, frame);
    this._emit(')');
  }

  compileAnd(node: AstNode, frame: Frame): void {
    this.lazyBinary('and', node, frame);
  }

  compileOr(node: AstNode, frame: Frame): void {
    this.lazyBinary('or', node, frame);
  }

  private lazyBinary(op: string, node: AstNode, frame: Frame): void {
    this._emit(`env.lvs.${op}(`);
    this.compile(node.left as AstNode, frame);
    this._emit(', () => (');
    this.compile(node.right as AstNode, frame);
    this._emit('))');
  }

  compileCompare(node: AstNode, frame: Frame): void {
    const ops = node.ops as AstNode[];
    this._emit('env.lvs.compare([');
    this.compile(node.expr as AstNode, frame);
    for (const op of ops) {
      this._emit(', ');
      this.compile(op.expr as AstNode, frame);
    }
    this._emit(`], ${JSON.stringify(ops.map((o) => o.type))}, ${pos(node)})`);
  }

  compileIn(node: AstNode, frame: Frame): void {
    this.binaryHelper('inOp', node, frame, true);
  }

  compileAdd(node: AstNode, frame: Frame): void {
    this.binaryHelper('add', node, frame, true);
  }

  compileMul(node: AstNode, frame: Frame): void {
    this.binaryHelper('mul', node, frame, true);
  }

  compileConcat(node: AstNode, frame: Frame): void {
    this.binaryHelper('concat', node, frame, false);
  }

  private binaryHelper(helper: string, node: AstNode, frame: Frame, withPosition: boolean): void {
    this._emit(`env.lvs.${helper}(`);
    this.compile(node.left as AstNode, frame);
    this._emit(', ');
    this.compile(node.right as AstNode, frame);
    this._emit(withPosition ? `, ${pos(node)})` : ')');
  }

  /** Not a nunjucks node (parse.ts): `x[start:stop:step]`. */
  compileLvsSlice(node: AstNode, frame: Frame): void {
    this._emit('env.lvs.slice(');
    this.compile(node.target as AstNode, frame);
    for (const part of ['start', 'stop', 'step']) {
      this._emit(', ');
      if (node[part]) this.compile(node[part] as AstNode, frame);
      else this._emit('null');
    }
    this._emit(`, ${pos(node)})`);
  }

  compileKeywordArgs(node: AstNode, frame: Frame): void {
    this._emit('runtime.makeKeywordArgs({');
    (node.children ?? []).forEach((pair, i) => {
      if (i > 0) this._emit(', ');
      const key = pair.key as AstNode;
      if (key.typename !== 'Symbol') this.fail('a keyword argument needs a name before =', key.lineno, key.colno);
      this._emit(`${JSON.stringify(String(key.value))}: `);
      this.compile(pair.value as AstNode, frame);
    });
    this._emit('})');
  }

  compilePair(node: AstNode, frame: Frame): void {
    // a dict key is an expression, as in Jinja; the object literal takes a computed key
    this._emit('[env.lvs.key(');
    this.compile(node.key as AstNode, frame);
    this._emit(`, ${pos(node.key as AstNode)})]: `);
    this.compile(node.value as AstNode, frame);
  }

  compileSet(node: AstNode, frame: Frame): void {
    const targets = node.targets as AstNode[];
    const target = targets[0];
    if (target?.typename !== 'LookupVal') {
      (nj.compiler.Compiler.prototype as unknown as { compileSet(this: unknown, n: AstNode, f: Frame): void }).compileSet.call(this, node, frame);
      return;
    }
    if (targets.length > 1 || !node.value) this.fail('only one namespace attribute can be set, with =', target.lineno, target.colno);
    this._emit('env.lvs.setAttr(');
    this.compile(target.target as AstNode, frame);
    this._emit(', ');
    this.compile(target.val as AstNode, frame);
    this._emit(', ');
    this.compile(node.value as AstNode, frame);
    this._emitLine(`, ${pos(target)});`);
  }

  compileOutput(node: AstNode, frame: Frame): void {
    for (const child of node.children ?? []) {
      if (child.typename === 'TemplateData') {
        if (this.expressionMode || !child.value) continue;
        this._emit(`${this.buffer} += `);
        this.compileLiteral(child, frame);
        this._emitLine(';');
      } else if (this.expressionMode) {
        this._emit(`${this.buffer} = (`);
        this.compile(child, frame);
        this._emitLine(');');
      } else {
        this._emit(`${this.buffer} += env.lvs.out(`);
        this.compile(child, frame);
        this._emitLine(');');
      }
    }
  }
}

function truthyNode(target: AstNode): AstNode {
  return { typename: 'LvsTruthy', lineno: target.lineno, colno: target.colno, target };
}

/**
 * True when the template is exactly one `{{ expression }}`, give or take spaces around it. A
 * newline around it is content (`content: "{{ x }}\n"` must keep its newline, as in Ansible).
 */
export function isSingleExpression(root: AstNode): boolean {
  let expressions = 0;
  for (const output of root.children ?? []) {
    if (output.typename !== 'Output') return false;
    for (const child of output.children ?? []) {
      if (child.typename === 'TemplateData') {
        const data = typeof child.value === 'string' ? child.value : '';
        if (data.trim() !== '' || data.includes('\n')) return false;
      } else expressions++;
    }
  }
  return expressions === 1;
}
