// Jinja-compatible templating on nunjucks: `{{ }}` / `{% %}` in task arguments, bare
// expressions for when:/changed_when:/failed_when:/until:, and template files. A string that
// is one `{{ expression }}` keeps the expression's type; undefined variables are errors that
// name the variable (except under `is defined`, `is undefined`, `| default`).
import { randomBytes } from 'node:crypto';
import { types } from 'node:util';
import type { SourceLocation } from '../../errors.js';
import { templateEngine, type CompiledTemplate } from './engine.js';
import { parsePythonLiteral, looksLikeLiteral } from './python-literal.js';
import { pyStr, truthy } from './python.js';
import { TemplateSyntax } from './runtime.js';
import { toUserError } from './template-errors.js';
import { bodyLine, renderFileTemplate } from './file-template.js';
import { isUnsafeEntry } from '../unsafe-values.js';

export interface TemplateWhere {
  where?: SourceLocation;
  /** e.g. "task 'install' argument 'dest'" */
  context?: string;
}

/** The value of `omit`: the engine drops an argument equal to it. Unique per run, like Ansible's. */
export const OMIT = `__omit_place_holder__${randomBytes(20).toString('hex')}`;

function isTemplatedString(s: string): boolean {
  // `{#` alone is common in shell (`${#list[@]}`); only a closed comment makes a template
  return s.includes('{{') || s.includes('{%') || (s.includes('{#') && s.includes('#}'));
}

// Arrays and mappings loaded from YAML are shared, never copied, and read again for every
// host and task: remember which ones hold no template so the fast path stays O(1).
const plainData = new WeakMap<object, boolean>();

function isPlainContainer(v: unknown): v is Record<string, unknown> | unknown[] {
  if (v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return true;
  // lazy mappings (hostvars, variable views) are not walked: that would compute them all
  if (types.isProxy(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Whether rendering `value` could change it (a string with {{ }} / {% %} anywhere inside). */
export function isTemplated(value: unknown): boolean {
  if (typeof value === 'string') return isTemplatedString(value);
  if (!isPlainContainer(value)) return false;
  const known = plainData.get(value);
  if (known !== undefined) return !known;
  const templated = Array.isArray(value)
    ? value.some((v, i) => !isUnsafeEntry(value, i) && isTemplated(v))
    : Object.entries(value).some(([k, v]) => isTemplatedString(k) || (!isUnsafeEntry(value, k) && isTemplated(v)));
  plainData.set(value, !templated);
  return templated;
}

// task arguments and variables: string literals in `{{ }}` keep their backslashes, as in Ansible
const VALUE_SYNTAX = { literalBackslashes: true } as const;

function renderString(text: string, vars: Record<string, unknown>, at: TemplateWhere | undefined): unknown {
  let compiled: CompiledTemplate;
  let result: unknown;
  try {
    compiled = templateEngine.compile(text, 'value', at?.context ?? 'template', VALUE_SYNTAX);
    result = templateEngine.run(compiled, vars);
  } catch (err) {
    throw toUserError(err, { ...at, text });
  }
  if (compiled.expression) {
    if (result === undefined) return null;
    // a macro call returns nunjucks' SafeString
    if (result !== null && typeof result === 'object' && !Array.isArray(result) && !isPlainContainer(result) && !types.isProxy(result)) result = pyStr(result);
  }
  if (typeof result === 'string' && looksLikeLiteral(result) && !endsInStringFilter(text)) return parsePythonLiteral(result) ?? result;
  return result;
}

// A template whose value goes through one of these filters last stays text even when it reads
// as a literal (`{{ data | to_json }}` is the JSON text, not the data again), as in Ansible. Only
// the template's end counts: `[{{ 1 | to_json }}]` and `{{ x | to_json }}{{ '' }}` are read as
// literals (the roles build their lists that way).
const STRING_FILTER_AT_END = /\|\s*(?:string|to_json|to_nice_json|to_yaml|to_nice_yaml|ppretty|json)(?:\([^|]*\))?\s*\)?\s*\}\}\s*$/;

function endsInStringFilter(text: string): boolean {
  return STRING_FILTER_AT_END.test(text);
}

/** Render every string inside `value` (objects and arrays deeply). Untemplated values come back as they are. */
export function renderValue(value: unknown, vars: Record<string, unknown>, at?: TemplateWhere): unknown {
  if (typeof value === 'string') return isTemplatedString(value) ? renderString(value, vars, at) : value;
  if (!isTemplated(value)) return value;
  if (Array.isArray(value)) return value.map((v: unknown, i) => (isUnsafeEntry(value, i) ? v : renderValue(v, vars, at)));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const key = isTemplatedString(k) ? pyStr(renderString(k, vars, at)) : k;
    out[key] = isUnsafeEntry(value as object, k) ? v : renderValue(v, vars, at);
  }
  return out;
}

/** Evaluate a bare Jinja expression (`port | int + 1`) to its value. */
export function evaluateExpression(expr: string, vars: Record<string, unknown>, at?: TemplateWhere): unknown {
  if (typeof expr !== 'string') return expr;
  // `when: "{{ x }}"` is a mistake Ansible forgives; so do we
  if (isTemplatedString(expr)) return renderValue(expr, vars, at);
  const text = `{{ (${expr}\n) }}`;
  try {
    const compiled = templateEngine.compile(text, 'value', at?.context ?? 'expression');
    if (!compiled.expression) throw new TemplateSyntax(`'${expr}' is not one expression`, 1, 1);
    const result = templateEngine.run(compiled, vars);
    return result === undefined ? null : result;
  } catch (err) {
    throw toUserError(err, { ...at, text: expr });
  }
}

/** when:/changed_when:/failed_when:/until: a boolean, an expression, or a list of them (all must hold). */
export function evaluateCondition(cond: unknown, vars: Record<string, unknown>, at?: TemplateWhere): boolean {
  if (typeof cond === 'boolean') return cond;
  if (cond === null || cond === undefined) return true;
  if (Array.isArray(cond)) return cond.every((c) => evaluateCondition(c, vars, at));
  if (typeof cond !== 'string') return truthy(cond);
  if (cond.trim() === '') return true;
  const value = evaluateExpression(cond, vars, at);
  // `when: "{{ flag }}"`: as in Ansible, the text it renders to is read again as an expression
  // ('False', 'none' and '' are false, 'no' is an undefined variable)
  if (typeof value === 'string' && isTemplatedString(cond)) return value.trim() !== '' && truthy(evaluateExpression(value, vars, at));
  return truthy(value);
}

/**
 * Render a template file's text (trailing newlines as in Ansible). `withHeader`: read a first
 * line `#jinja2: ...` as syntax settings, as the template module does (lookup('template') does
 * not). Errors name the file and the line inside it.
 */
export function renderTemplateText(text: string, vars: Record<string, unknown>, sourceName: string, withHeader = false): string {
  try {
    return renderFileTemplate(text, sourceName, withHeader, (body, syntax) =>
      String(templateEngine.run(templateEngine.compile(body, 'text', sourceName, syntax), vars)),
    );
  } catch (err) {
    throw toUserError(err, { file: sourceName, text, firstLine: bodyLine(text, withHeader) });
  }
}
