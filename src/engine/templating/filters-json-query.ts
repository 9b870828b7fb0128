// json_query (community.general.json_query): a JMESPath query over a value, as Ansible runs it
// with Python's jmespath. The library (@jmespath-community/jmespath) implements a superset of
// the JMESPath specification (arithmetic, let, `$`, ternaries, more functions); an expression
// using any of that is refused here with Python's message, so a playbook that runs under
// lvsplay runs under ansible-playbook too. Python's legacy literals (`foo` for "foo") are read
// as Python's jmespath reads them, and so are ordering comparisons (`<`, `>=`...): Python's
// jmespath compares two strings too, where the specification (and the library) give null.
import { TreeInterpreter, compile, type JSONValue } from '@jmespath-community/jmespath';

type ExpressionNode = ReturnType<typeof compile>;
import type { FilterFn } from './define.js';
import { fail } from './define.js';
import { pyStr } from './python.js';
import { TemplateFailure } from './runtime.js';

/** The functions of the JMESPath specification, the ones Python's jmespath knows. */
const SPEC_FUNCTIONS = new Set([
  'abs',
  'avg',
  'ceil',
  'contains',
  'ends_with',
  'floor',
  'join',
  'keys',
  'length',
  'map',
  'max',
  'max_by',
  'merge',
  'min',
  'min_by',
  'not_null',
  'reverse',
  'sort',
  'sort_by',
  'starts_with',
  'sum',
  'to_array',
  'to_number',
  'to_string',
  'type',
  'values',
]);

/** Syntax of the community specification only: what each looks like, for the message. */
const EXTENSION_NODES: Record<string, string> = {
  Arithmetic: 'arithmetic',
  Unary: 'a sign',
  LetExpression: 'let',
  Binding: 'let',
  Variable: 'a $variable',
  Root: '$',
  Ternary: 'a ? b : c',
};

/** Refuse what Python's jmespath would not parse or run; the rest is the same language. */
function checkSpecOnly(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(checkSpecOnly);
  if (node === null || typeof node !== 'object') return;
  const { type, name } = node as { type?: unknown; name?: unknown };
  if (typeof type === 'string') {
    const extension = EXTENSION_NODES[type];
    if (extension) fail(`JMESPathError in json_query filter plugin:\n${extension} is not JMESPath (Python's jmespath does not know it)`);
    if (type === 'Function' && typeof name === 'string' && !SPEC_FUNCTIONS.has(name))
      fail(`JMESPathError in json_query filter plugin:\nUnknown function: ${name}()`);
    // a literal's value is data, not syntax
    if (type === 'Literal') return;
  }
  for (const child of Object.values(node)) checkSpecOnly(child);
}

type Interpreter = typeof TreeInterpreter;
const ORDERINGS: Record<string, string> = { LT: '<', LTE: '<=', GT: '>', GTE: '>=' };

function pythonTypeName(v: unknown): string {
  return typeof v === 'number' ? (Number.isInteger(v) ? 'int' : 'float') : 'str';
}

/**
 * The library's interpreter, with Python jmespath's ordering: two numbers or two strings are
 * compared, a number with a string is Python's TypeError, anything else gives null. Function
 * arguments given as `&expr` are run by this same interpreter.
 */
class PythonOrderingInterpreter extends (TreeInterpreter.constructor as new () => Interpreter) {
  override visit(node: ExpressionNode, value: Parameters<Interpreter['visit']>[1]): ReturnType<Interpreter['visit']> {
    const operator = node.type === 'Comparator' ? ORDERINGS[node.name] : undefined;
    if (node.type !== 'Comparator' || operator === undefined) return super.visit(node, value);
    const left: unknown = this.visit(node.left, value);
    const right: unknown = this.visit(node.right, value);
    const comparable = (v: unknown): v is number | string => typeof v === 'number' || typeof v === 'string';
    if (!comparable(left) || !comparable(right)) return null;
    if (typeof left !== typeof right)
      fail(
        `Error in jmespath.search in json_query filter plugin:\n'${operator}' not supported between instances of '${pythonTypeName(left)}' and '${pythonTypeName(right)}'`,
      );
    switch (operator) {
      case '<':
        return left < right;
      case '<=':
        return left <= right;
      case '>':
        return left > right;
      default:
        return left >= right;
    }
  }
}

const interpreter = new PythonOrderingInterpreter();

function compileQuery(expression: string): ExpressionNode {
  try {
    return compile(expression, { enable_legacy_literals: true });
  } catch (err) {
    return fail(`JMESPathError in json_query filter plugin:\nInvalid jmespath expression: ${(err as Error).message}:\n"${expression}"`);
  }
}

export const jsonQuery: FilterFn = (value, args) => {
  const expression = pyStr(args[0]);
  const query = compileQuery(expression);
  checkSpecOnly(query);
  try {
    // templating values are JSON-shaped data: dicts, lists, strings, numbers, booleans, None
    return interpreter.search(query, (value ?? null) as JSONValue);
  } catch (err) {
    if (err instanceof TemplateFailure) throw err;
    return fail(`JMESPathError in json_query filter plugin:\n${(err as Error).message}`);
  }
};

export const jsonQueryFilters: Record<string, FilterFn> = {
  json_query: jsonQuery,
  'community.general.json_query': jsonQuery,
};
