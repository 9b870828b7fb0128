// The few error kinds lvsplay has. The CLI's single top-level catch maps them to exit codes:
// UserInputError -> one line `file:line:col: message (expected ...)`, exit 1, no host contacted;
// anything else that escapes -> stack trace plus "this is a bug, please report".

/** Where something came from in a user's file. Lines and columns are 1-based. */
export interface SourceLocation {
  file: string;
  line: number;
  col: number;
}

export function formatLocation(where: SourceLocation | undefined): string {
  return where ? `${where.file}:${where.line}:${where.col}` : '';
}

/** Base class: every error lvsplay raises on purpose. */
export class LvsplayError extends Error {
  override name = 'LvsplayError';
}

/** Bad input from the user (files, arguments). Exit code 1; raised before any host is contacted. */
export class UserInputError extends LvsplayError {
  override name = 'UserInputError';
  constructor(
    readonly problem: string,
    readonly where?: SourceLocation,
    readonly expected?: string,
  ) {
    super(UserInputError.compose(problem, where, expected));
  }

  static compose(problem: string, where?: SourceLocation, expected?: string): string {
    const prefix = where ? `${formatLocation(where)}: ` : '';
    const suffix = expected ? ` (expected ${expected})` : '';
    // One line, always: a multi-line problem text is folded.
    return `${prefix}${problem.replace(/\s*\n\s*/g, ' ')}${suffix}`;
  }
}

/** A template referenced a variable that is not defined. */
export class UndefinedVariableError extends UserInputError {
  override name = 'UndefinedVariableError';
  constructor(
    readonly variable: string,
    where?: SourceLocation,
    context?: string,
    /** Jinja's words, as Ansible shows them ("'x' is undefined"); scripts and tests match on them. */
    reason = `'${variable}' is undefined`,
  ) {
    super(`undefined variable '${variable}'${context ? ` in ${context}` : ''}: ${reason}`, where, 'a variable defined in inventory, vars, facts or -e');
  }
}

/** The host could not be reached or the connection dropped. Exit code 4. */
export class HostUnreachableError extends LvsplayError {
  override name = 'HostUnreachableError';
  constructor(
    readonly host: string,
    message: string,
  ) {
    super(`${host}: ${message}`);
  }
}

/** A remote command ran longer than allowed and was killed. */
export class CommandTimeoutError extends LvsplayError {
  override name = 'CommandTimeoutError';
  constructor(
    readonly host: string,
    readonly command: string,
    readonly timeoutMs: number,
  ) {
    super(`${host}: command timed out after ${timeoutMs} ms`);
  }
}

/** A fact's command printed something its parser could not understand. */
export class FactParseError extends LvsplayError {
  override name = 'FactParseError';
  constructor(
    readonly fact: string,
    message: string,
    readonly output?: string,
  ) {
    super(`fact ${fact}: ${message}`);
  }
}

/** Thrown by a module's plan() to fail the task with a message (not a bug). */
export class ModuleFailure extends LvsplayError {
  override name = 'ModuleFailure';
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** The run was interrupted (Ctrl-C). Exit code 130. */
export class InterruptedError extends LvsplayError {
  override name = 'InterruptedError';
}
