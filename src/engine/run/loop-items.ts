// Turns a task's `loop:` / `with_*:` into the list of items to run it for.
import { UserInputError, type SourceLocation } from '../../errors.js';
import { renderValue } from '../templating/index.js';
import { isList } from '../templating/python.js';

export function loopItems(loop: unknown, vars: Record<string, unknown>, where: SourceLocation, taskName: string): unknown[] {
  const at = { where, context: `loop of task '${taskName}'` };
  if (loop !== null && typeof loop === 'object' && !Array.isArray(loop)) {
    const [kind, value] = Object.entries(loop)[0] ?? [];
    const rendered = renderValue(value, vars, at);
    switch (kind) {
      case '__with_items':
        // with_items flattens one level, like Ansible
        return asList(rendered, where).flatMap((v) => (isList(v) ? v : [v]));
      case '__with_dict': {
        if (rendered === null || typeof rendered !== 'object' || Array.isArray(rendered)) {
          throw new UserInputError('with_dict needs a mapping', where, 'a mapping');
        }
        return Object.entries(rendered).map(([key, v]: [string, unknown]) => ({ key, value: v }));
      }
      case '__with_indexed_items':
        return asList(rendered, where).map((v, i) => [i, v]);
      case '__with_sequence':
        return sequence(rendered, where);
      case '__with_together': {
        const lists = asList(rendered, where).map((l) => asList(l, where));
        const n = Math.max(0, ...lists.map((l) => l.length));
        return Array.from({ length: n }, (_, i) => lists.map((l) => l[i] ?? null));
      }
      case '__with_nested': {
        const lists = asList(rendered, where).map((l) => asList(l, where));
        return lists.reduce<unknown[][]>((acc, l) => acc.flatMap((prefix) => l.map((v) => [...prefix, v])), [[]]);
      }
      default:
        throw new UserInputError(`${kind?.replace(/^__/, '')} is not supported`, where, 'loop, with_items, with_list, with_dict');
    }
  }
  return asList(renderValue(loop, vars, at), where);
}

function asList(value: unknown, where: SourceLocation): unknown[] {
  if (Array.isArray(value)) return value;
  if (value === null || value === undefined) return [];
  throw new UserInputError(`loop value is ${typeof value === 'object' ? 'a mapping' : JSON.stringify(value)}`, where, 'a list');
}

function sequence(spec: unknown, where: SourceLocation): unknown[] {
  const text = String(spec);
  const m = /(?:start=)?(\d+)[\s-]+(?:end=)?(\d+)/.exec(text) ?? /^(?:count=)?(\d+)$/.exec(text);
  if (!m) throw new UserInputError(`with_sequence '${text}' is not understood`, where, "'start=1 end=3' or 'count=3'");
  const start = m[2] === undefined ? 1 : Number(m[1]);
  const end = m[2] === undefined ? Number(m[1]) : Number(m[2]);
  return Array.from({ length: Math.max(0, end - start + 1) }, (_, i) => String(start + i));
}
