// The seam between lvsplay and the template engine. Everything outside this folder goes
// through index.ts and names.ts, and those reach the engine only through `templateEngine`:
// swapping nunjucks for another engine means writing one object with these four functions and
// passing the contract test (test/unit/templating/engine-contract.test.ts).
import type { AstNode } from './parse.js';
import type { TemplateSyntaxOptions } from './syntax-options.js';
import { compile, isGlobalName, parse, run } from './environment.js';

/** A template ready to run many times; what is inside belongs to the engine. */
export interface CompiledTemplate {
  /** The text was one `{{ expression }}`: running it returns the value, not text. */
  readonly expression: boolean;
}

export interface TemplateEngine {
  /**
   * Compile `text`. 'value' mode: a text that is one expression returns its value with its
   * type; 'text' mode (template files) always returns a string. Throws TemplateSyntax (1-based
   * line and column inside `text`). `syntax`: a template file's own delimiters and whitespace rules.
   */
  compile(text: string, mode: 'value' | 'text', name: string, syntax?: TemplateSyntaxOptions): CompiledTemplate;
  /**
   * Run against `vars` (a plain object or a lazy view, never copied). Throws an error whose
   * `cause` chain holds TemplateUndefined naming what is missing (`foo.bar`) with its position,
   * TemplateFailure for a filter or operator that fails, or UndefinedVariableError from a lazy
   * variable (template-errors.ts reads the chain and the outer error's position).
   */
  run(compiled: CompiledTemplate, vars: Record<string, unknown>): unknown;
  /** The syntax tree the evaluator runs, for names.ts (the one parser). Throws TemplateSyntax. */
  parse(text: string, syntax?: TemplateSyntaxOptions): AstNode;
  /** A name the evaluator resolves without any variable (lookup, range, namespace...). */
  isGlobalName(name: string): boolean;
}

/** nunjucks with lvsplay's parser, compiler and runtime (environment.ts). */
export const templateEngine: TemplateEngine = {
  compile,
  run: (compiled, vars) => run(compiled as ReturnType<typeof compile>, vars),
  parse,
  isGlobalName,
};
