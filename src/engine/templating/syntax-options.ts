// How a template is read, where it differs from the environment's defaults.

/**
 * Jinja settings a template file's `#jinja2:` header may change (nunjucks' lexer options), and
 * how task arguments read string literals.
 */
export interface TemplateSyntaxOptions {
  tags?: { blockStart?: string; blockEnd?: string; variableStart?: string; variableEnd?: string; commentStart?: string; commentEnd?: string };
  trimBlocks?: boolean;
  lstripBlocks?: boolean;
  /** Keep the text's last newline (Jinja drops it). */
  keepTrailingNewline?: boolean;
  /**
   * String literals inside `{{ }}` keep their backslashes as written, as Ansible reads task
   * arguments and variables (not conditions, not template files).
   */
  literalBackslashes?: boolean;
}
