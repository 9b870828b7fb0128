// Turns what nunjucks and our runtime throw into lvsplay's user errors, with the best position
// known: inside a template file, its line and column; for a task argument, the task's.
import { LvsplayError, UndefinedVariableError, UserInputError, type SourceLocation } from '../../errors.js';
import { TemplateFailure, TemplateSyntax, TemplateUndefined } from './runtime.js';

export interface ErrorSite {
  /** Where the template text sits (the task); used when there is no file. */
  where?: SourceLocation;
  /** A template file: positions inside the text are positions in this file. */
  file?: string;
  /** "task 'install' argument 'dest'" */
  context?: string;
  /** The template text, quoted in syntax errors. */
  text: string;
  /** The line of `file` where `text` starts (2 after a `#jinja2:` header); 1 unless said. */
  firstLine?: number;
}

interface NunjucksError {
  message: string;
  lineno?: number;
  colno?: number;
  cause?: unknown;
}

function snippet(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 80 ? `${oneLine.slice(0, 77)}...` : oneLine;
}

export function toUserError(err: unknown, site: ErrorSite): Error {
  // nunjucks wraps what a template throws into a TemplateError whose cause is the original
  let e = err as NunjucksError;
  while (
    e &&
    !(e instanceof TemplateUndefined) &&
    !(e instanceof TemplateFailure) &&
    !(e instanceof TemplateSyntax) &&
    !(e instanceof LvsplayError) &&
    e.cause instanceof Error
  )
    e = e.cause;
  // already a located user error (a lazily rendered variable failed): keep it as it is
  if (e instanceof LvsplayError) return e;
  const offset = (site.firstLine ?? 1) - 1;
  const at = (line?: number, col?: number): SourceLocation | undefined =>
    site.file && line ? { file: site.file, line: line + offset, col: col ?? 1 } : site.where;
  const context = site.context ?? (site.file ? `template ${site.file}` : undefined);
  const inContext = context ? ` in ${context}` : '';
  if (e instanceof TemplateUndefined) return new UndefinedVariableError(e.variable, at(e.line, e.col), context, e.reason);
  const outer = err as NunjucksError;
  // nunjucks records 0-based positions at calls and filters
  const outerLine = outer.lineno === undefined ? undefined : outer.lineno + 1;
  const outerCol = outer.colno === undefined ? undefined : outer.colno + 1;
  if (e instanceof TemplateFailure) return new UserInputError(`${e.message}${inContext}`, e.line ? at(e.line, e.col) : at(outerLine, outerCol));
  const quoted = site.file ? '' : ` ('${snippet(site.text)}')`;
  if (e instanceof TemplateSyntax)
    return new UserInputError(`template syntax error${inContext}: ${e.message}${quoted}`, at(e.line, e.col), 'valid Jinja syntax');
  const message = String(e?.message ?? err).replace(/^Template render error:?\s*/, '');
  return new UserInputError(`template error${inContext}: ${message}${quoted}`, at(outerLine, outerCol));
}
