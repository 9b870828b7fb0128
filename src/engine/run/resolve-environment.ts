// The `environment` keyword for one host and item: the play's variables, then each enclosing
// block's or role's, then the task's own, merged in that order (a later layer wins a name), as
// Ansible merges them. Values become text the way Python's str() writes them.
import { UndefinedVariableError, type SourceLocation } from '../../errors.js';
import { convertRenderedKeyword } from '../playbook/keyword-types.js';
import { renderValue } from '../templating/index.js';
import { pyStr } from '../templating/python.js';

type Vars = Record<string, unknown>;

/** Python's str() of a value (`C: null` is the text None, as ansible-playbook 2.14 exports it). */
const asText = (v: unknown): string => (v === null || v === undefined ? 'None' : pyStr(v));

const isMapping = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The merged environment of `layers` (each a mapping, a template of one, or a list of them);
 * undefined when no layer sets anything.
 */
export function resolveEnvironment(layers: unknown[], vars: Vars, where: SourceLocation): Record<string, string> | undefined {
  const merged: Record<string, string> = {};
  let set = false;
  const at = { where, context: "keyword 'environment'" };
  for (const layer of layers.flatMap((l): unknown[] => (Array.isArray(l) ? (l as unknown[]) : [l]))) {
    if (layer === undefined || layer === null) continue;
    set = true;
    if (isMapping(layer)) {
      for (const [name, raw] of Object.entries(layer)) {
        let value: unknown;
        try {
          value = renderValue(raw, vars, at);
        } catch (err) {
          // A value built on ansible_env (`PATH: "{{ ansible_env.PATH }}:/opt/bin"`) cannot render
          // before facts are gathered, and the gathering itself runs in this environment: Ansible
          // leaves such a variable out rather than failing the task.
          if (err instanceof UndefinedVariableError && err.message.includes('ansible_env')) continue;
          throw err;
        }
        merged[name] = asText(value);
      }
      continue;
    }
    const rendered = convertRenderedKeyword('environment', renderValue(layer, vars, at), where) as Record<string, unknown>;
    for (const [name, value] of Object.entries(rendered)) merged[name] = asText(value);
  }
  return set ? merged : undefined;
}
