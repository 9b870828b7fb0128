// Variables and their precedence. A scope is a stack of named layers; reading a variable takes
// it from the highest layer that defines it. Values from user files are templated lazily, when
// read, against the same scope (so role defaults can say `"{{ groups['nodes'] }}"`), with loop
// detection. Facts, set_fact/register results and magic variables are data and never templated
// again (a command's output containing "{{" stays text). See docs/variables.md.
import { resolve as resolvePath, isAbsolute } from 'node:path';
import { UserInputError } from '../../errors.js';
import { isTemplated, renderValue } from '../templating/index.js';
import { loadYamlFile, parseYaml, setLocation } from '../yaml-source.js';
import { splitWords } from '../../util/shell.js';
import { existsSync } from 'node:fs';

/** Lowest first: Ansible's order for the levels lvsplay supports. */
export const LAYER_ORDER = ['magic', 'role_defaults', 'inventory', 'facts', 'play', 'role_vars', 'block', 'task', 'set_fact', 'extra'] as const;
export type LayerName = (typeof LAYER_ORDER)[number];

/** Layers whose values are data, not templates. */
const DATA_LAYERS = new Set<LayerName>(['magic', 'facts', 'set_fact']);

export interface Layer {
  name: LayerName;
  vars: Record<string, unknown>;
}

export class VariableScope {
  private readonly layers: Layer[];

  constructor(layers: Layer[] = []) {
    this.layers = [...layers].sort((a, b) => LAYER_ORDER.indexOf(a.name) - LAYER_ORDER.indexOf(b.name));
  }

  /** A new scope with one more layer, placed at its precedence (above layers of the same name). */
  with(name: LayerName, vars: Record<string, unknown>): VariableScope {
    const rank = LAYER_ORDER.indexOf(name);
    const at = this.layers.findIndex((l) => LAYER_ORDER.indexOf(l.name) > rank);
    const layers = [...this.layers];
    layers.splice(at < 0 ? layers.length : at, 0, { name, vars });
    return new VariableScope(layers);
  }

  /** Which layer (highest first) defines a name, if any. */
  layerOf(name: string): Layer | undefined {
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const layer = this.layers[i]!;
      if (Object.prototype.hasOwnProperty.call(layer.vars, name)) return layer;
    }
    return undefined;
  }

  /** The merged variables as an object whose values are templated when read. */
  view(): Record<string, unknown> {
    const cache = new Map<string, unknown>();
    const resolving: string[] = [];
    const scope = this;
    const target: Record<string, unknown> = {};
    const proxy: Record<string, unknown> = new Proxy(target, {
      get(_t, prop) {
        if (typeof prop !== 'string') return undefined;
        if (cache.has(prop)) return cache.get(prop);
        const layer = scope.layerOf(prop);
        if (!layer) return undefined;
        const raw = layer.vars[prop];
        if (DATA_LAYERS.has(layer.name) || !isTemplated(raw)) {
          cache.set(prop, raw);
          return raw;
        }
        if (resolving.includes(prop)) {
          throw new UserInputError(`variable '${prop}' refers to itself (${[...resolving.slice(resolving.indexOf(prop)), prop].join(' -> ')})`, undefined, 'variables without a reference loop');
        }
        resolving.push(prop);
        try {
          const value = renderValue(raw, proxy, { context: `variable '${prop}'` });
          cache.set(prop, value);
          return value;
        } finally {
          resolving.pop();
        }
      },
      has(_t, prop) {
        return typeof prop === 'string' && scope.layerOf(prop) !== undefined;
      },
      ownKeys() {
        return [...new Set(scope.layers.flatMap((l) => Object.keys(l.vars)))];
      },
      getOwnPropertyDescriptor(_t, prop) {
        if (typeof prop !== 'string' || !scope.layerOf(prop)) return undefined;
        return { enumerable: true, configurable: true, writable: false, value: proxy[prop] };
      },
      set() {
        return false;
      },
    });
    return proxy;
  }
}

/**
 * -e/--extra-vars: `k=v k2="a b"` (values are strings, as in Ansible), JSON or YAML text
 * (`{"k": 1}`), or `@file` (YAML/JSON). Repeated -e merge in order, later wins.
 */
export function parseExtraVars(items: string[], cwd: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  items.forEach((item, index) => {
    const where = { file: `--extra-vars #${index + 1}`, line: 1, col: 1 };
    const text = item.trim();
    let vars: unknown;
    if (text.startsWith('@')) {
      const file = isAbsolute(text.slice(1)) ? text.slice(1) : resolvePath(cwd, text.slice(1));
      if (!existsSync(file)) throw new UserInputError(`extra vars file not found: ${text.slice(1)}`, where, 'an existing YAML or JSON file after @');
      vars = loadYamlFile(file);
    } else if (text.startsWith('{') || text.startsWith('[')) {
      vars = parseYaml(text, where.file);
    } else {
      let words: string[];
      try {
        words = splitWords(text);
      } catch (err) {
        throw new UserInputError(`extra vars: ${(err as Error).message}`, where, 'key=value pairs');
      }
      const kv: Record<string, unknown> = {};
      for (const w of words) {
        const eq = w.indexOf('=');
        if (eq <= 0) throw new UserInputError(`extra vars: '${w}' is not key=value`, where, 'key=value pairs, JSON, or @file');
        kv[w.slice(0, eq)] = w.slice(eq + 1);
      }
      setLocation(kv, where);
      vars = kv;
    }
    if (vars === null || vars === undefined) return;
    if (typeof vars !== 'object' || Array.isArray(vars)) throw new UserInputError('extra vars must be a mapping', where, 'key=value pairs, a JSON/YAML mapping, or @file');
    Object.assign(out, vars);
  });
  return out;
}
