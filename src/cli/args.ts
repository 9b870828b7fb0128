// The command line: node:util's parseArgs reads argv (short groups -Cb, -iinventory, --name=value,
// `--`), and the declared options decide what is accepted, with one-line errors naming the
// option. Dependency-free so `lvsplay --help` starts fast.
import { parseArgs as readArgv } from 'node:util';
import { UserInputError } from '../errors.js';

export interface OptionSpec {
  /** Long name without dashes, e.g. "extra-vars". */
  name: string;
  short?: string;
  /** 'flag' (boolean), 'value' (one string), 'list' (repeatable string), 'count' (-vvv). */
  kind: 'flag' | 'value' | 'list' | 'count';
  /** Shown in --help. */
  help: string;
  valueName?: string;
}

export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, boolean>;
  values: Map<string, string>;
  lists: Map<string, string[]>;
  counts: Map<string, number>;
}

const takesValue = (spec: OptionSpec): boolean => spec.kind === 'value' || spec.kind === 'list';

export function parseArgs(argv: string[], specs: OptionSpec[], command: string): ParsedArgs {
  const byLong = new Map(specs.map((s) => [s.name, s]));
  const out: ParsedArgs = { positionals: [], flags: new Map(), values: new Map(), lists: new Map(), counts: new Map() };
  const fail = (msg: string): never => {
    throw new UserInputError(`lvsplay ${command}: ${msg}`, undefined, `see 'lvsplay ${command} --help'`);
  };
  // Not strict: an unknown option or a missing value comes back as a token, and is refused
  // below in lvsplay's words; a value may start with a dash (-e -x takes '-x', as before).
  const { tokens } = readArgv({
    args: argv,
    options: Object.fromEntries(specs.map((s) => [s.name, { type: takesValue(s) ? 'string' : 'boolean', ...(s.short ? { short: s.short } : {}) }] as const)),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  for (const token of tokens) {
    if (token.kind === 'positional') out.positionals.push(token.value);
    if (token.kind !== 'option') continue;
    const spec = byLong.get(token.name);
    if (!spec) return fail(`unknown option ${token.rawName}`);
    const value = token.value;
    switch (spec.kind) {
      case 'flag':
        if (value !== undefined) fail(`option --${spec.name} takes no value`);
        out.flags.set(spec.name, true);
        break;
      case 'count':
        if (value !== undefined) fail(`option --${spec.name} takes no value`);
        out.counts.set(spec.name, (out.counts.get(spec.name) ?? 0) + 1);
        break;
      case 'value':
        if (value === undefined) return fail(`option --${spec.name} needs a value`);
        out.values.set(spec.name, value);
        break;
      case 'list':
        if (value === undefined) return fail(`option --${spec.name} needs a value`);
        out.lists.set(spec.name, [...(out.lists.get(spec.name) ?? []), value]);
    }
  }
  return out;
}

export function formatOptions(specs: OptionSpec[]): string {
  const rows = specs.map((s) => {
    const flag = `${s.short ? `-${s.short}, ` : '    '}--${s.name}${takesValue(s) ? ` ${s.valueName ?? 'VALUE'}` : ''}`;
    return [flag, s.help] as const;
  });
  const width = Math.max(...rows.map(([f]) => f.length)) + 2;
  return rows.map(([f, h]) => `  ${f.padEnd(width)}${h}`).join('\n');
}

export function intOption(args: ParsedArgs, name: string, fallback: number, command: string): number {
  const raw = args.values.get(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new UserInputError(`lvsplay ${command}: --${name} must be a positive integer (got '${raw}')`);
  return n;
}
