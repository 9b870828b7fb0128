// Role variables checked against the role's meta/argument_specs.yaml (Ansible's format, plus
// lvsplay's `format: ipv4` and numeric ranges) for every host of the play, before any host is
// contacted. A bad value is reported where it was defined (inventory, group_vars, -e, ...).
import { UndefinedVariableError, UserInputError, type SourceLocation } from '../../errors.js';
import type { ArgumentSpec, PlayDef, RoleContext } from '../playbook/model.js';
import type { Inventory } from '../inventory/index.js';
import type { ModuleRegistry } from '../../modules/registry.js';
import { newRunContext, type PlayRun } from '../run/run-context.js';
import { scopeFor } from '../run/task-vars.js';
import { locate } from '../yaml-source.js';
import { ARGUMENT_FORMATS } from '../playbook/argument-formats.js';
import { textOf } from '../../util/text.js';
import { parseBoolean } from '../../util/boolean.js';

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
  const playRun: PlayRun = { play, hosts, batch: hosts, promptVars: {} };
  for (const role of roles) {
    for (const host of hosts) {
      const vars = scopeFor(run, playRun, host, { role, vars: {} }).view();
      for (const [name, spec] of Object.entries(role.argumentSpecs!)) {
        let value: unknown;
        try {
          value = vars[name];
        } catch (err) {
          // Values computed from facts (ansible_default_ipv4, ...) are only known after
          // gathering; they are checked by the role's own tasks at run time.
          if (err instanceof UndefinedVariableError && /'ansible_/.test(err.message)) continue;
          throw err;
        }
        const problem = checkValue(value, spec, name);
        if (problem) {
          const where = definitionOf(name, { role, play, extraVars, inventory, host }) ??
            locate(role.argumentSpecs, name) ?? { file: role.argumentSpecsFile ?? role.path, line: 1, col: 1 };
          throw new UserInputError(`role '${role.name}' variable ${problem} (host ${host})`, where, describeSpec(spec));
        }
      }
    }
  }
}

/** Returns a description of what is wrong, or undefined when the value fits the spec. */
export function checkValue(value: unknown, spec: ArgumentSpec, name: string): string | undefined {
  if (value === undefined || value === null) return spec.required ? `'${name}' is required but not set` : undefined;
  const type = spec.type ?? 'str';
  const show = JSON.stringify(value)?.slice(0, 60);
  switch (type) {
    case 'str':
    case 'path':
      if (typeof value !== 'string' && typeof value !== 'number') return `'${name}' is ${show}, not a string`;
      break;
    case 'int':
      if (!(typeof value === 'number' && Number.isInteger(value)) && !(typeof value === 'string' && /^-?\d+$/.test(value)))
        return `'${name}' is ${show}, not an integer`;
      break;
    case 'float':
      if (typeof value !== 'number' && !(typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value))) return `'${name}' is ${show}, not a number`;
      break;
    case 'bool':
      if (parseBoolean(value) === undefined) return `'${name}' is ${show}, not a boolean`;
      break;
    case 'list':
      if (!Array.isArray(value)) return `'${name}' is ${show}, not a list`;
      if (spec.elements || spec.options || spec.format) {
        for (let i = 0; i < value.length; i++) {
          const element: ArgumentSpec = { ...spec, type: spec.elements ?? 'raw', required: false };
          const p = checkValue(value[i], element, `${name}[${i}]`);
          if (p) return p;
        }
        return undefined;
      }
      break;
    case 'dict':
      if (typeof value !== 'object' || Array.isArray(value)) return `'${name}' is ${show}, not a mapping`;
      if (spec.options) {
        for (const [k, sub] of Object.entries(spec.options)) {
          const p = checkValue((value as Record<string, unknown>)[k], sub, `${name}.${k}`);
          if (p) return p;
        }
        const unknown = Object.keys(value).find((k) => !(k in spec.options!));
        if (unknown) return `'${name}' has unknown key '${unknown}'`;
      }
      break;
    case 'raw':
      if (spec.options && typeof value === 'object' && !Array.isArray(value)) return checkValue(value, { ...spec, type: 'dict' }, name);
      break;
  }
  if (spec.choices && !spec.choices.some((c) => c === value || textOf(c) === textOf(value)))
    return `'${name}' is ${show}, not one of ${spec.choices.map((c) => JSON.stringify(c)).join(', ')}`;
  if (spec.format && !ARGUMENT_FORMATS[spec.format].test(textOf(value))) return `'${name}' is ${show}, not ${ARGUMENT_FORMATS[spec.format].describe}`;
  if (spec.minimum !== undefined && Number(value) < spec.minimum) return `'${name}' is ${show}, below the minimum ${spec.minimum}`;
  if (spec.maximum !== undefined && Number(value) > spec.maximum) return `'${name}' is ${show}, above the maximum ${spec.maximum}`;
  return undefined;
}

function describeSpec(spec: ArgumentSpec): string {
  const parts: string[] = [spec.format ?? spec.type ?? 'str'];
  if (spec.choices) parts.push(`one of ${spec.choices.join(', ')}`);
  if (spec.minimum !== undefined || spec.maximum !== undefined) parts.push(`from ${spec.minimum ?? '-inf'} to ${spec.maximum ?? 'inf'}`);
  return parts.join(', ');
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
