// Serialisation filters: to_json/to_nice_json/from_json, to_yaml/to_nice_yaml/from_yaml. JSON
// text matches Python's json.dumps (", " and ": " separators) so a rendered file does not
// change when a playbook moves from Ansible to lvsplay.
import { parse as parseYamlText, parseAllDocuments, stringify as stringifyYaml } from 'yaml';
import type { FilterFn } from './define.js';
import { arg, fail } from './define.js';
import { isDict, truthy } from './python.js';

/** Python's json.dumps: compact form uses ', ' and ': '; with indent, ',' and ': '. */
export function pythonJson(value: unknown, indent?: number, sortKeys = false): string {
  const prepared = sortKeys ? sortDeep(value) : value;
  if (indent !== undefined && indent > 0) return JSON.stringify(prepared, null, indent) ?? 'null';
  return compact(prepared);
}

function compact(v: unknown): string {
  if (v === undefined || v === null || typeof v === 'function') return 'null';
  if (Array.isArray(v)) return `[${v.map(compact).join(', ')}]`;
  if (typeof v === 'object')
    return `{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}: ${compact(x)}`)
      .join(', ')}}`;
  return JSON.stringify(v) ?? 'null';
}

function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (isDict(v))
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortDeep(v[k])]),
    );
  return v;
}

function yamlText(value: unknown, indent: number, flowLeaves: boolean): string {
  return stringifyYaml(value ?? null, { indent, lineWidth: 0, ...(flowLeaves ? { collectionStyle: 'any' as const } : {}) });
}

export const dataFilters: Record<string, FilterFn> = {
  to_json: (value, args, kw) => {
    const indent = arg(args, kw, 0, 'indent', undefined);
    return pythonJson(value, indent === undefined ? undefined : Number(indent), truthy(kw.sort_keys));
  },
  to_nice_json: (value, args, kw) => pythonJson(value, Number(arg(args, kw, 0, 'indent', 4)), kw.sort_keys === undefined ? true : truthy(kw.sort_keys)),
  from_json: (value) => {
    try {
      return JSON.parse(String(value)) as unknown;
    } catch (err) {
      return fail(`from_json: ${(err as Error).message}`);
    }
  },
  to_yaml: (value, args, kw) => yamlText(value, Number(arg(args, kw, 0, 'indent', 2)), true),
  to_nice_yaml: (value, args, kw) => yamlText(value, Number(arg(args, kw, 0, 'indent', 4)), false),
  from_yaml: (value) => {
    try {
      return parseYamlText(String(value), { version: '1.1' }) as unknown;
    } catch (err) {
      return fail(`from_yaml: ${(err as Error).message.split('\n')[0]}`);
    }
  },
  from_yaml_all: (value) => {
    const docs = parseAllDocuments(String(value), { version: '1.1' });
    const list = Array.isArray(docs) ? docs : [docs];
    for (const d of list) if (d.errors[0]) fail(`from_yaml_all: ${d.errors[0].message.split('\n')[0]}`);
    return list.map((d) => d.toJS() as unknown);
  },
};
