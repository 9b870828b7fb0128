// Turns what a user wrote after a module name into an argument mapping, and checks it against
// the module's declaration as far as that is possible before templating.
import { UserInputError, type SourceLocation } from '../../errors.js';
import { KeyValueSyntaxError, parseKeyValueText, type KeyValueArgs } from './key-value-args.js';
import type { AnyModule } from '../../modules/types.js';
import type { ModuleRegistry } from '../../modules/registry.js';
import { isMapping, whereOf, describeType } from './shapes.js';
import { copyLocation } from '../yaml-source.js';

/**
 * `copy: {dest: x}`, `copy: dest=x content=y` (Ansible's key=value form) and, for free-form
 * modules, `command: ls -l` all become a mapping.
 */
export function normaliseModuleArgs(module: AnyModule | undefined, moduleName: string, raw: unknown, where: SourceLocation): Record<string, unknown> {
  if (raw === null || raw === undefined) return {};
  if (isMapping(raw)) return raw;
  if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') {
    const text = String(raw);
    if (module?.freeFormArg) return { [module.freeFormArg]: text };
    if (moduleName === 'meta') return { action: text };
    if (moduleName === 'import_tasks' || moduleName === 'include_tasks' || moduleName === 'include') return includeArgs(text, 'file');
    if (moduleName === 'import_role' || moduleName === 'include_role') return includeArgs(text, 'name');
    return parseKeyValueArgs(text, moduleName, where);
  }
  throw new UserInputError(`arguments of '${moduleName}' are ${describeType(raw)}`, where, 'a mapping or key=value text');
}

/** `include_tasks: file=x.yml apply=...` or `include_tasks: x.yml`; `import_role: name=r tasks_from=t` or `import_role: r`. */
function includeArgs(text: string, rawKey: 'file' | 'name'): Record<string, unknown> {
  let parsed: KeyValueArgs;
  try {
    parsed = parseKeyValueText(text);
  } catch (err) {
    if (err instanceof KeyValueSyntaxError) return { [rawKey]: text };
    throw err;
  }
  return parsed.rawWords.length > 0 ? { [rawKey]: parsed.rawWords.join(' '), ...parsed.args } : parsed.args;
}

/** Where templated words that are not key=value wait for the run (Ansible's name for them). */
export const MALFORMED_ARGS = '_raw_params';

/** Ansible's `k=v k2="a b"` argument text; every word must be key=value. */
export function parseKeyValueArgs(text: string, moduleName: string, where: SourceLocation): Record<string, unknown> {
  let parsed: KeyValueArgs;
  try {
    parsed = parseKeyValueText(text);
  } catch (err) {
    if (!(err instanceof KeyValueSyntaxError)) throw err;
    throw new UserInputError(`arguments of '${moduleName}': ${err.message}`, where, 'key=value pairs');
  }
  const [raw] = parsed.rawWords;
  // Ansible judges templated extra words only once rendered: the task then fails on the host
  // ("invalid or malformed argument"), which ignore_errors and rescue can catch.
  if (raw !== undefined && parsed.rawWords.some((w) => w.includes('{{'))) return { ...parsed.args, [MALFORMED_ARGS]: parsed.rawWords.join(' ') };
  if (raw !== undefined) throw new UserInputError(`arguments of '${moduleName}': '${raw}' is not key=value`, where, 'key=value pairs (or a mapping)');
  return parsed.args;
}

/**
 * Check arguments before templating. A value that is still a template cannot be judged yet, so
 * errors located at (or inside) a templated value are left for the run-time check.
 */
export function checkArgsStatically(registry: ModuleRegistry, module: AnyModule, args: Record<string, unknown>, where: SourceLocation): void {
  const copy = structuredClone<Record<string, unknown>>(args);
  copyLocation(args, copy);
  const { problems } = registry.check(module, copy);
  for (const error of problems) {
    if (pathIsTemplated(args, error.path)) continue;
    // A templated key (`set_fact: "{{ name }}=x"`) is only known at run time: so are errors about the keys as a whole.
    if ((error.path.length === 0 || isTemplate(String(error.path[0]))) && containsTemplatedSpread(args)) continue;
    const key = error.path[0];
    const at = key !== undefined ? whereOf(args, key, where) : where;
    throw new UserInputError(`${module.name}: ${error.message}`, at, error.expected);
  }
}

function pathIsTemplated(args: unknown, path: Array<string | number>): boolean {
  let cursor: unknown = args;
  if (isTemplate(cursor)) return true;
  for (const step of path) {
    if (cursor === null || typeof cursor !== 'object') return false;
    cursor = (cursor as Record<string | number, unknown>)[step];
    if (isTemplate(cursor)) return true;
  }
  return false;
}

function containsTemplatedSpread(args: Record<string, unknown>): boolean {
  return Object.keys(args).some((k) => k.includes('{{'));
}

function isTemplate(value: unknown): boolean {
  return typeof value === 'string' && (value.includes('{{') || value.includes('{%'));
}
