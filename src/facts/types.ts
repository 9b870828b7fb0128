// A fact is a read-only command plus a parser of its output (pyinfra's facts). Facts never
// change a host; they are cached per host and dropped whenever a task changes that host.
import type { ExecResult } from '../connection/types.js';

export interface FactDefinition<T, A = void> {
  /** Stable name, used as the cache key together with the arguments. */
  name: string;
  /** The shell command line that reads the fact (quote every argument with util/shell.ts). */
  command(args: A): string;
  /**
   * Turn the command's output into a value. Throw FactParseError on output it does not
   * understand; never guess.
   */
  parse(result: ExecResult, args: A): T;
  /** Run with become when the task has become (default true: facts often need root to read). */
  needsBecome?: boolean;
}

/** Read a fact through the host's cache. Implemented by the engine. */
export type FactReader = <T, A>(fact: FactDefinition<T, A>, args: A) => Promise<T>;
