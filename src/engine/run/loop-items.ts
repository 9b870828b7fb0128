// Turns a task's `loop:` / `with_*:` into the list of items to run it for.
import { ModuleFailure, UserInputError, type SourceLocation } from '../../errors.js';
import { renderTemplateText, renderValue } from '../templating/index.js';
import { fileKindOf, loopLookup } from '../templating/lookups.js';
import { TemplateFailure } from '../templating/runtime.js';

/** `module`: the task's, for the folder with_first_found looks in first (templates/ for a template task). */
export function loopItems(loop: unknown, vars: Record<string, unknown>, where: SourceLocation, taskName: string, module = ''): unknown[] {
  const at = { where, context: `loop of task '${taskName}'` };
  if (loop !== null && typeof loop === 'object' && !Array.isArray(loop)) {
    const [kind, value] = Object.entries(loop)[0] ?? [];
    const rendered = renderValue(value, vars, at);
    // `with_X: terms` is the lookup plugin X over the terms, as in Ansible
    const plugin = String(kind).replace(/^__with_/, '');
    try {
      return loopLookup(plugin, rendered, { vars, renderText: (text, name) => renderTemplateText(text, vars, name), fileKind: fileKindOf(module) });
    } catch (err) {
      // the task fails with the plugin's own words, as in Ansible (rescues compare them)
      if (err instanceof TemplateFailure) throw new ModuleFailure(err.message);
      throw err;
    }
  }
  return asList(renderValue(loop, vars, at), where);
}

function asList(value: unknown, where: SourceLocation): unknown[] {
  if (Array.isArray(value)) return value;
  if (value === null || value === undefined) return [];
  throw new UserInputError(`loop value is ${typeof value === 'object' ? 'a mapping' : JSON.stringify(value)}`, where, 'a list');
}
