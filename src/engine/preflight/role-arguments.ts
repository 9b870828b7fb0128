// Role variables checked against the role's meta/argument_specs.yaml (Ansible's format, plus
// lvsplay's `format: ipv4` and numeric ranges) for every host of the play, before any host is
// contacted, by the validator that checks module arguments (src/argspec). A bad value is
// reported where it was defined (inventory, group_vars, -e, ...).
import { UndefinedVariableError, UserInputError, type SourceLocation } from '../../errors.js';
import type { ArgumentSpecs, PlayDef, RoleContext } from '../playbook/model.js';
import type { ArgumentSpec, OptionSpec } from '../../argspec/declaration.js';
import { checkArgs, type ArgProblem } from '../../argspec/validator.js';
import type { Inventory } from '../inventory/index.js';
import type { ModuleRegistry } from '../../modules/registry.js';
import { newRunContext, type PlayRun } from '../run/run-context.js';
import { scopeFor } from '../run/task-vars.js';
import { locate } from '../yaml-source.js';

export function checkRoleArguments(play: PlayDef, inventory: Inventory, registry: ModuleRegistry, extraVars: Record<string, unknown>, hosts: string[]): void {
  const roles = play.roles.filter((r) => r.argumentSpecs);
  if (roles.length === 0 || hosts.length === 0) return;
  const run = newRunContext({
    options: { check: true, diff: false, tags: [], skipTags: [], extraVars, forks: 1, become: false, verbosity: 0 },
    inventory,
    registry,
    events: {},
    connect: {
      overrides: {},
      create: () => {
        // Preflight never connects: any attempt is a bug.
        throw new Error('preflight must not connect');
      },
    },
    playbookDir: play.baseDir,
  });
  const playRun: PlayRun = { play, targets: hosts, hosts, batch: hosts, promptVars: {} };
  for (const role of roles) {
    for (const host of hosts) {
      const vars = scopeFor(run, playRun, host, { role, vars: {} }).view();
      const values: Record<string, unknown> = {};
      const unknowable = new Set<string>();
      for (const name of Object.keys(role.argumentSpecs!)) {
        try {
          const value = vars[name];
          if (value !== undefined && value !== null) values[name] = value;
        } catch (err) {
          // Values computed from facts (ansible_default_ipv4, ...) are only known after
          // gathering; they are checked by the role's own tasks at run time.
          if (err instanceof UndefinedVariableError && /'ansible_/.test(err.message)) {
            unknowable.add(name);
            continue;
          }
          throw err;
        }
      }
      const problem = checkArgs(declarationOf(role), values).problems.find((p) => !unknowable.has(String(p.path[0])));
      if (problem) {
        const name = String(problem.path[0]);
        // a rule across variables (required_one_of) is said where the spec states it
        const ruleWhere = problem.path.length === 0 ? role.argumentRules?.where : undefined;
        const where = ruleWhere ??
          locateInside(values[name], problem.path.slice(1)) ??
          definitionOf(name, { role, play, extraVars, inventory, host }) ??
          locate(role.argumentSpecs, name) ?? { file: role.argumentSpecsFile ?? role.path, line: 1, col: 1 };
        throw new UserInputError(
          `role '${role.name}' ${problem.path.length ? 'variable ' : ''}${describeProblem(problem)} (host ${host})`,
          where,
          // a rule's message already says what it expects
          problem.kind === 'rule' ? undefined : problem.expected,
        );
      }
    }
  }
}

/** Returns a description of what is wrong, or undefined when the value fits the spec. */
export function checkValue(value: unknown, spec: OptionSpec, name: string): string | undefined {
  const problem = checkArgs({ short_description: name, options: { [name]: spec } }, value === undefined || value === null ? {} : { [name]: value }).problems[0];
  return problem && describeProblem(problem);
}

/** A role's options as a declaration, made once per role (the validator compiles it once). */
const declarations = new WeakMap<ArgumentSpecs, ArgumentSpec>();
function declarationOf(role: RoleContext): ArgumentSpec {
  const options = role.argumentSpecs!;
  let d = declarations.get(options);
  if (!d) {
    const rules = role.argumentRules;
    d = {
      short_description: role.name,
      options,
      ...(rules?.required_one_of ? { required_one_of: rules.required_one_of } : {}),
      ...(rules?.mutually_exclusive ? { mutually_exclusive: rules.mutually_exclusive } : {}),
    };
    declarations.set(options, d);
  }
  return d;
}

/** A problem as said of a variable: `'lvs_vip' is "10.77.0.300", not an IPv4 address`. */
function describeProblem(p: ArgProblem): string {
  const name = (path: Array<string | number>): string => path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i ? `.${s}` : s)).join('');
  switch (p.kind) {
    case 'missing':
      return `'${name(p.path)}' is required but not set`;
    case 'unknown':
      return `'${name(p.path.slice(0, -1))}' has unknown key '${String(p.path.at(-1))}'`;
    case 'value':
      return `'${name(p.path)}' is ${JSON.stringify(p.value)?.slice(0, 60)}, not ${p.expected}`;
    case 'repeat':
      return `'${name(p.path)}' ${p.message.replace(/^\{at\} |^argument '[^']*' /, '')}`;
    default:
      // across variables: "one of these variables is required: 'lvs_vip', 'lvs_services'";
      // across the keys of one dict: "'lvs_services[1]': one of these keys is required: 'fwmark', 'ports'"
      if (p.path.length === 0) return calling(p.message, 'variable');
      return `'${name(p.path)}': ${calling(p.message.replace(/^argument '[^']*': /, ''), 'key')}`;
  }
}

/** A module's words for what a rule is about ("arguments") as a role's ("variables", "keys"). */
function calling(message: string, word: string): string {
  return message.replace(/\barguments?\b/g, (w) => (w === 'arguments' ? `${word}s` : word));
}

/**
 * Where a part of a variable's value was written (lvs_services[2].ports[0]): the deepest part the
 * YAML loader located, so a bad element is named at its own line, not the variable's.
 */
function locateInside(value: unknown, path: Array<string | number>): SourceLocation | undefined {
  let best: SourceLocation | undefined;
  let v = value;
  for (const key of path) {
    best = locate(v, key) ?? best;
    if (v === null || typeof v !== 'object') break;
    v = (v as Record<string | number, unknown>)[key];
  }
  return best;
}

/** Where the winning value of `name` was written, searching the layers from the highest. */
function definitionOf(
  name: string,
  o: { role: RoleContext; play: PlayDef; extraVars: Record<string, unknown>; inventory: Inventory; host: string },
): SourceLocation | undefined {
  if (name in o.extraVars) return locate(o.extraVars, name) ?? { file: '--extra-vars', line: 1, col: 1 };
  const candidates: Array<Record<string, unknown>> = [o.role.params, o.role.vars, ...[...o.play.varsFromFiles].reverse(), o.play.vars];
  for (const c of candidates) if (name in c) return locate(c, name);
  const layered = (o.inventory as { varsLayersFor?: (h: string) => Array<{ vars: Record<string, unknown>; file?: string }> }).varsLayersFor?.(o.host);
  if (layered) {
    for (const layer of [...layered].reverse()) {
      if (name in layer.vars) return locate(layer.vars, name) ?? (layer.file ? { file: layer.file, line: 1, col: 1 } : undefined);
    }
  }
  if (name in o.role.defaults) return locate(o.role.defaults, name);
  return undefined;
}
