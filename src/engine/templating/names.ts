// Which variables a template or expression reads, found by walking the syntax tree of the one
// parser the evaluator uses (parse.ts). The pre-run check refuses a template only for a name in
// `read`, so `read` holds only names the evaluator reads on every path through the template:
// a name under `is defined` / `| default(...)` (a guard), in one branch of `if`, `x if c else
// y`, the right side of `and` / `or`, or the body of a loop (which may run zero times) goes to
// `guarded` instead. Keyword names (`map(attribute='name')`), loop, set and macro names,
// literals and global functions are never variables.
import { templateEngine } from './engine.js';
import type { AstNode } from './parse.js';

const GUARD_TESTS = new Set(['defined', 'undefined', 'none']);
const GUARD_FILTERS = new Set(['default', 'd', 'mandatory']);
const NOT_VARIABLES = new Set(['True', 'False', 'None', 'true', 'false', 'none', 'vars', 'loop', 'caller', 'varargs', 'kwargs']);

export interface TemplateNames {
  /** Root variable names read without a guard on every path. */
  read: Set<string>;
  /** Root names read under a guard or only on some paths (they may be undefined). */
  guarded: Set<string>;
}

const MAX_CACHED = 20_000;
const cache = new Map<string, TemplateNames>();

/** Names read by a template text (`{{ a }} {% if b %}`), read as renderValue reads it. Unparsable text reads nothing here (rendering reports it). */
export function namesInTemplate(text: string): TemplateNames {
  return namesIn(text, true);
}

/** Names read by a bare expression (when:, changed_when:, ...), parsed as the evaluator parses it. */
export function namesInExpression(expression: string): TemplateNames {
  return namesIn(`{{ (${expression}\n) }}`, false);
}

function namesIn(text: string, literalBackslashes: boolean): TemplateNames {
  const key = `${literalBackslashes ? 'v' : 'e'}${text}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const result: TemplateNames = { read: new Set(), guarded: new Set() };
  let root: AstNode | undefined;
  try {
    root = templateEngine.parse(text, { literalBackslashes });
  } catch {
    // syntax errors are reported when the template is rendered, with their position
  }
  if (root) {
    const locals = new Set<string>();
    collectLocals(root, locals);
    new NameWalk(result, locals).walk(root, true);
  }
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(key, result);
  return result;
}

function isNode(v: unknown): v is AstNode {
  return v !== null && typeof v === 'object' && typeof (v as AstNode).typename === 'string';
}

/** Every child node, in source order: nunjucks' declared fields, then list children. */
function children(node: AstNode): AstNode[] {
  const out: AstNode[] = [];
  const fields = (node as { fields?: string[] }).fields ?? Object.keys(node).filter((k) => k !== 'typename' && k !== 'lineno' && k !== 'colno');
  for (const f of fields) {
    const v = node[f];
    if (Array.isArray(v)) out.push(...v.filter(isNode));
    else if (isNode(v)) out.push(v);
  }
  if (Array.isArray(node.children)) for (const c of node.children) if (isNode(c) && !out.includes(c)) out.push(c);
  return out;
}

/** Names a template binds itself (for targets, set, macro and its arguments): over-approximated, so never reported. */
function collectLocals(node: AstNode, locals: Set<string>): void {
  switch (node.typename) {
    case 'For':
    case 'AsyncEach':
    case 'AsyncAll':
      addTargets(node.name as AstNode, locals);
      break;
    case 'Set':
      for (const t of (node.targets as AstNode[]) ?? []) if (t.typename === 'Symbol') locals.add(String(t.value));
      break;
    case 'Macro': {
      addTargets(node.name as AstNode, locals);
      const args = node.args as AstNode | undefined;
      if (args) for (const c of children(args)) addTargets(c.typename === 'Pair' ? (c.key as AstNode) : c, locals);
      break;
    }
  }
  for (const c of children(node)) collectLocals(c, locals);
}

function addTargets(node: AstNode | undefined, locals: Set<string>): void {
  if (!node) return;
  if (node.typename === 'Symbol') locals.add(String(node.value));
  else for (const c of children(node)) addTargets(c, locals);
}

class NameWalk {
  constructor(
    private readonly out: TemplateNames,
    private readonly locals: Set<string>,
  ) {}

  /** `always`: this node is evaluated on every path, outside any guard. */
  walk(node: AstNode | undefined, always: boolean): void {
    if (!node) return;
    switch (node.typename) {
      case 'Symbol':
        return this.symbol(String(node.value), always);
      case 'Filter': {
        const filterSymbol = (node.name as AstNode | undefined)?.value;
        const filterName = typeof filterSymbol === 'string' ? filterSymbol : '';
        children(node.args as AstNode).forEach((a, i) => this.walk(a, always && !(i === 0 && GUARD_FILTERS.has(filterName))));
        return;
      }
      case 'Is': {
        const right = node.right as AstNode | undefined;
        const call = right?.typename === 'FunCall';
        const testName = String(call ? (right.name as AstNode).value : right?.value);
        this.walk(node.left as AstNode, always && !GUARD_TESTS.has(testName));
        if (call) this.arguments(right.args as AstNode, always);
        return;
      }
      case 'FunCall': {
        const callee = node.name as AstNode;
        // a plain function name (range, lookup) is a global; a method call (x.split()) reads x
        if (callee.typename !== 'Symbol') this.walk(callee, always);
        this.arguments(node.args as AstNode, always);
        return;
      }
      case 'KeywordArgs':
        // `name=value`: the name is the callee's parameter, not a variable
        for (const pair of children(node)) this.walk(pair.value as AstNode, always);
        return;
      case 'If':
      case 'InlineIf':
        this.walk(node.cond as AstNode, always);
        this.walk(node.body as AstNode, false);
        this.walk(node.else_ as AstNode, false);
        return;
      case 'And':
      case 'Or':
        this.walk(node.left as AstNode, always);
        this.walk(node.right as AstNode, false);
        return;
      case 'For':
      case 'AsyncEach':
      case 'AsyncAll':
        this.walk(node.arr as AstNode, always);
        this.walk(node.body as AstNode, false);
        this.walk(node.else_ as AstNode, false);
        return;
      case 'Macro':
      case 'Caller':
        // runs only when called
        this.walk(node.body as AstNode, false);
        return;
      case 'Set':
        for (const t of (node.targets as AstNode[]) ?? []) if (t.typename !== 'Symbol') this.walk(t, always);
        this.walk(node.value as AstNode, always);
        this.walk(node.body as AstNode, always);
        return;
      default:
        for (const c of children(node)) this.walk(c, always);
    }
  }

  private arguments(args: AstNode | undefined, always: boolean): void {
    for (const a of args ? children(args) : []) this.walk(a, always);
  }

  private symbol(name: string, always: boolean): void {
    if (this.locals.has(name) || NOT_VARIABLES.has(name) || templateEngine.isGlobalName(name)) return;
    (always ? this.out.read : this.out.guarded).add(name);
  }
}
