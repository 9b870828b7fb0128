// Jinja-compatible templating for task arguments, conditions and template files.
//   renderValue       - deep; a string that is exactly one {{ expression }} keeps its type
//   evaluateExpression - a bare expression (when:, changed_when:, ...) to a value
//   evaluateCondition - the same, to a boolean (lists mean "all of")
//   renderTemplateText - a template file's text
// Undefined variables are an error naming the variable and where it was used; guarded reads
// (`is defined`, `| default`) are not.
import { randomBytes } from 'node:crypto';
import { UndefinedVariableError, UserInputError, type SourceLocation } from '../../errors.js';
import { compileTemplate, UndefinedOutputError } from './environment.js';
import { namesInTemplate } from './names.js';
import { withFrame, type RenderFrame } from './render-state.js';

export interface TemplateWhere {
  where?: SourceLocation;
  /** What is being templated, e.g. "task 'install' argument 'dest'". */
  context?: string;
}

/** Ansible's `omit`: an argument whose value is this is dropped. */
export const OMIT = `__omit_place_holder__${randomBytes(8).toString('hex')}`;

const WHOLE_EXPRESSION = /^\s*\{\{((?:(?!\{\{|\}\})[\s\S])*)\}\}\s*$/;

export function isTemplated(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('{{') || value.includes('{%');
  if (Array.isArray(value)) return value.some(isTemplated);
  if (value !== null && typeof value === 'object') return Object.values(value).some(isTemplated);
  return false;
}

export function renderValue(value: unknown, vars: Record<string, unknown>, at: TemplateWhere = {}): unknown {
  if (typeof value === 'string') return renderString(value, vars, at);
  if (Array.isArray(value)) return value.map((v) => renderValue(v, vars, at));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = renderValue(v, vars, at);
    return out;
  }
  return value;
}

function renderString(text: string, vars: Record<string, unknown>, at: TemplateWhere): unknown {
  if (!text.includes('{{') && !text.includes('{%')) return text;
  const whole = WHOLE_EXPRESSION.exec(text);
  if (whole) return evaluateExpression(whole[1]!, vars, at);
  return renderText(text, vars, at, at.context ?? 'template');
}

export function evaluateExpression(expression: string, vars: Record<string, unknown>, at: TemplateWhere = {}): unknown {
  const source = `{{ __lvs_capture((${expression})) }}`;
  return withFrame(vars, (frame) => {
    run(source, frame, at, at.context ?? 'expression', expression);
    const value = (frame as RenderFrame & { captured?: unknown }).captured;
    if (value === undefined) {
      const name = frame.misses[frame.misses.length - 1];
      throw new UndefinedVariableError(name ?? expression.trim(), at.where, at.context);
    }
    return value;
  });
}

export function evaluateCondition(condition: unknown, vars: Record<string, unknown>, at: TemplateWhere = {}): boolean {
  if (condition === null || condition === undefined) return false;
  if (typeof condition === 'boolean') return condition;
  if (typeof condition === 'number') return condition !== 0;
  if (Array.isArray(condition)) return condition.every((c) => evaluateCondition(c, vars, at));
  if (typeof condition !== 'string') return truthy(condition);
  const value = condition.includes('{{') || condition.includes('{%') ? renderValue(condition, vars, at) : evaluateExpression(condition, vars, at);
  if (typeof value === 'string') {
    // A templated condition that rendered to text ("True"/"False") means what it says.
    const t = value.trim().toLowerCase();
    if (t === 'true') return true;
    if (t === 'false' || t === 'none' || t === '') return false;
  }
  return truthy(value);
}

/** Jinja's (Python's) truthiness. */
export function truthy(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return Boolean(value);
}

export function renderTemplateText(text: string, vars: Record<string, unknown>, sourceName: string): string {
  return renderText(text, vars, { context: `template ${sourceName}` }, sourceName);
}

function renderText(text: string, vars: Record<string, unknown>, at: TemplateWhere, name: string): string {
  return withFrame(vars, (frame) => run(text, frame, at, name, text));
}

function run(source: string, frame: RenderFrame, at: TemplateWhere, name: string, userText: string): string {
  let output: string;
  try {
    output = compileTemplate(source, name).render({});
  } catch (err) {
    throw translateError(err, frame, at, name, userText);
  }
  // A name read without a guard that turned out undefined is an error even when the output
  // survived it (`{{ x == 1 }}` with x undefined would silently be false).
  if (frame.misses.length > 0) {
    const { read, guarded } = namesInTemplate(source);
    const bad = frame.misses.find((m) => read.has(m) && !guarded.has(m));
    if (bad) throw new UndefinedVariableError(bad, at.where, at.context);
  }
  return output;
}

function translateError(err: unknown, frame: RenderFrame, at: TemplateWhere, name: string, userText: string): Error {
  if (err instanceof UndefinedVariableError || err instanceof UserInputError) return err;
  const cause = (err as { cause?: unknown }).cause ?? err;
  if (cause instanceof UndefinedVariableError || cause instanceof UserInputError) return cause;
  const message = String((err as Error).message ?? err);
  if (cause instanceof UndefinedOutputError || /undefined value in output/.test(message)) {
    const miss = frame.misses[frame.misses.length - 1];
    const line = (cause as UndefinedOutputError).lineno;
    const snippet = expressionAt(userText, line, (cause as UndefinedOutputError).colno);
    return new UndefinedVariableError(miss ?? snippet ?? 'a value', at.where, at.context ?? name);
  }
  // nunjucks: "(unknown path) [Line 1, Column 12]\n  Error: ..." -> the part that helps
  const lineMatch = /\[Line (\d+), Column (\d+)\]/.exec(message);
  const detail = message.split('\n').map((l) => l.trim()).filter((l) => l && !/^\(.*\)\s*\[Line/.test(l) && !l.startsWith('(unknown path)')).pop() ?? message;
  const where = at.where ?? (lineMatch ? { file: name, line: Number(lineMatch[1]), col: Number(lineMatch[2]) } : undefined);
  const inFile = !at.where && lineMatch ? '' : lineMatch && name ? ` (${name} line ${lineMatch[1]})` : '';
  return new UserInputError(`template error${at.context ? ` in ${at.context}` : ''}${inFile}: ${detail.replace(/^Error:\s*/, '')}`, where, 'a valid Jinja expression');
}

function expressionAt(text: string, line: number, col: number): string | undefined {
  const l = text.split('\n')[line];
  if (l === undefined) return undefined;
  const start = l.lastIndexOf('{{', col + 2);
  const end = l.indexOf('}}', col);
  if (start < 0 || end < 0) return undefined;
  return l.slice(start + 2, end).trim();
}
