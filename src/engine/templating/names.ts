// Which variables a template or expression reads, found by walking nunjucks' syntax tree.
// A name read under `is defined`, `is undefined` or `| default(...)` is "guarded": reading it
// when it is undefined is not an error.
import nunjucks from 'nunjucks';

interface AstNode {
  typename: string;
  fields?: string[];
  value?: unknown;
  [field: string]: unknown;
}

const parser = (nunjucks as unknown as { parser: { parse(src: string): AstNode } }).parser;

const GUARD_TESTS = new Set(['defined', 'undefined', 'none']);
const GUARD_FILTERS = new Set(['default', 'd', 'mandatory']);

export interface TemplateNames {
  /** Root variable names read without a guard. */
  read: Set<string>;
  /** Root names read somewhere under a guard. */
  guarded: Set<string>;
}

const cache = new Map<string, TemplateNames>();

/** Names read by a template text (`{{ a }} {% if b %}`). Unparsable text reads nothing here (run time reports it). */
export function namesInTemplate(text: string): TemplateNames {
  const cached = cache.get(text);
  if (cached) return cached;
  const result: TemplateNames = { read: new Set(), guarded: new Set() };
  try {
    const locals = new Set<string>();
    collectLocals(parser.parse(text), locals);
    walk(parser.parse(text), false, result, locals);
  } catch {
    // syntax errors are reported when the template is rendered, with their position
  }
  cache.set(text, result);
  return result;
}

/** Names read by a bare expression (when:, changed_when:, ...). */
export function namesInExpression(expression: string): TemplateNames {
  return namesInTemplate(`{{ (${expression}) }}`);
}

function children(node: AstNode): AstNode[] {
  const out: AstNode[] = [];
  for (const f of node.fields ?? []) {
    const v = node[f];
    if (Array.isArray(v)) out.push(...(v as AstNode[]).filter((c) => c && typeof c === 'object'));
    else if (v && typeof v === 'object' && (v as AstNode).typename) out.push(v as AstNode);
  }
  if (node.typename === 'NodeList' || node.typename === 'Root' || node.typename === 'Array' || node.typename === 'Dict' || node.typename === 'KeywordArgs') {
    const list = (node as unknown as { children?: AstNode[] }).children;
    if (Array.isArray(list)) for (const c of list) if (c && typeof c === 'object' && !out.includes(c)) out.push(c);
  }
  return out;
}

function collectLocals(node: AstNode, locals: Set<string>): void {
  switch (node.typename) {
    case 'For':
    case 'AsyncEach':
    case 'AsyncAll':
      addTargets(node.name as AstNode, locals);
      locals.add('loop');
      break;
    case 'Set':
      for (const t of (node.targets as AstNode[]) ?? []) addTargets(t, locals);
      break;
    case 'Macro': {
      addTargets(node.name as AstNode, locals);
      const args = node.args as AstNode | undefined;
      if (args) for (const c of children(args)) addTargets(c, locals);
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

function walk(node: AstNode, guarded: boolean, out: TemplateNames, locals: Set<string>): void {
  switch (node.typename) {
    case 'Symbol': {
      const name = String(node.value);
      if (locals.has(name)) return;
      (guarded ? out.guarded : out.read).add(name);
      return;
    }
    case 'Filter': {
      const filterName = String((node.name as AstNode | undefined)?.value ?? '');
      const args = children(node.args as AstNode);
      args.forEach((a, i) => walk(a, guarded || (i === 0 && GUARD_FILTERS.has(filterName)), out, locals));
      return;
    }
    case 'Is': {
      const right = node.right as AstNode | undefined;
      const testName = right?.typename === 'Symbol' ? String(right.value) : right?.typename === 'FunCall' ? String((right.name as AstNode).value) : '';
      walk(node.left as AstNode, guarded || GUARD_TESTS.has(testName), out, locals);
      if (right?.typename === 'FunCall') for (const a of children(right.args as AstNode)) walk(a, guarded, out, locals);
      return;
    }
    case 'FunCall': {
      const name = node.name as AstNode;
      // a plain function name (range, lookup) is a global, not a variable; a method call
      // (x.split()) reads x
      if (name.typename !== 'Symbol') walk(name, guarded, out, locals);
      for (const a of children(node.args as AstNode)) walk(a, guarded, out, locals);
      return;
    }
    case 'LookupVal':
      walk(node.target as AstNode, guarded, out, locals);
      walk(node.val as AstNode, guarded, out, locals);
      return;
    case 'For':
    case 'AsyncEach':
    case 'AsyncAll':
      walk(node.arr as AstNode, guarded, out, locals);
      for (const f of ['body', 'else_'] as const) if (node[f]) walk(node[f] as AstNode, guarded, out, locals);
      return;
    case 'Set':
      if (node.value) walk(node.value as AstNode, guarded, out, locals);
      if (node.body) walk(node.body as AstNode, guarded, out, locals);
      return;
    case 'Macro':
      return;
    default:
      for (const c of children(node)) walk(c, guarded, out, locals);
  }
}
