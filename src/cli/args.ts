// A small, strict command-line parser: declared options only, clear one-line errors. Kept
// dependency-free so `lvsplay --help` starts fast.
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

export function parseArgs(argv: string[], specs: OptionSpec[], command: string): ParsedArgs {
  const byLong = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const out: ParsedArgs = { positionals: [], flags: new Map(), values: new Map(), lists: new Map(), counts: new Map() };
  const fail = (msg: string): never => {
    throw new UserInputError(`lvsplay ${command}: ${msg}`, undefined, `see 'lvsplay ${command} --help'`);
  };
  const take = (spec: OptionSpec, value: string | undefined): void => {
    switch (spec.kind) {
      case 'flag':
        if (value !== undefined) fail(`option --${spec.name} takes no value`);
        out.flags.set(spec.name, true);
        return;
      case 'count':
        out.counts.set(spec.name, (out.counts.get(spec.name) ?? 0) + 1);
        return;
      case 'value':
        if (value === undefined) fail(`option --${spec.name} needs a value`);
        out.values.set(spec.name, value!);
        return;
      case 'list':
        if (value === undefined) fail(`option --${spec.name} needs a value`);
        out.lists.set(spec.name, [...(out.lists.get(spec.name) ?? []), value!]);
    }
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
      const spec = byLong.get(name);
      if (!spec) fail(`unknown option --${name}`);
      let value = eq > 0 ? arg.slice(eq + 1) : undefined;
      if (value === undefined && (spec!.kind === 'value' || spec!.kind === 'list')) {
        value = argv[++i];
      }
      take(spec!, value);
    } else if (arg.startsWith('-') && arg.length > 1) {
      // -vvv, -Cb, -i inventory, -iinventory
      for (let j = 1; j < arg.length; j++) {
        const spec = byShort.get(arg[j]!);
        if (!spec) fail(`unknown option -${arg[j]}`);
        if (spec!.kind === 'value' || spec!.kind === 'list') {
          const rest = arg.slice(j + 1);
          take(spec!, rest !== '' ? rest : argv[++i]);
          break;
        }
        take(spec!, undefined);
      }
    } else {
      out.positionals.push(arg);
    }
  }
  return out;
}

export function formatOptions(specs: OptionSpec[]): string {
  const rows = specs.map((s) => {
    const flag = `${s.short ? `-${s.short}, ` : '    '}--${s.name}${s.kind === 'value' || s.kind === 'list' ? ` ${s.valueName ?? 'VALUE'}` : ''}`;
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
