// The merged view of a scope: a read-only mapping whose values are templated when read,
// against the view itself, so `b: "{{ a }} x"` and role defaults that say
// `"{{ groups['nodes'] }}"` work the way they do in Ansible. Each value is rendered once per
// view; a loop (`a: "{{ b }}"`, `b: "{{ a }}"`) is reported with its path. Nothing is
// computed for a name that is never read.
import { UserInputError } from '../../errors.js';
import { isTemplated, renderValue } from '../templating/index.js';
import { isUnsafeEntry } from '../unsafe-values.js';
import { locate } from '../yaml-source.js';
import { DATA_LAYERS, type Layer } from './precedence.js';

interface LayerSource {
  readonly layers: readonly Layer[];
  layerOf(name: string): Layer | undefined;
}

export function lazyView(scope: LayerSource): Record<string, unknown> {
  const cache = new Map<string, unknown>();
  const resolving: string[] = [];
  const read = (name: string): unknown => {
    if (cache.has(name)) return cache.get(name);
    const layer = scope.layerOf(name);
    if (!layer) return undefined;
    const raw = layer.vars[name];
    if (DATA_LAYERS.has(layer.name) || isUnsafeEntry(layer.vars, name) || !isTemplated(raw)) return raw;
    if (resolving.includes(name)) {
      const loop = [...resolving.slice(resolving.indexOf(name)), name].join(' -> ');
      throw new UserInputError(`variable '${name}' refers to itself: ${loop}`, locate(layer.vars, name), 'variables without a reference loop');
    }
    resolving.push(name);
    try {
      const where = locate(layer.vars, name);
      const value = renderValue(raw, view, { ...(where ? { where } : {}), context: `variable '${name}'` });
      cache.set(name, value);
      return value;
    } finally {
      resolving.pop();
    }
  };
  const view: Record<string, unknown> = new Proxy(
    {},
    {
      get: (_t, prop) => (typeof prop === 'string' ? read(prop) : undefined),
      has: (_t, prop) => typeof prop === 'string' && scope.layerOf(prop) !== undefined,
      ownKeys: () => [...new Set(scope.layers.flatMap((l) => Object.keys(l.vars)))],
      // a getter, so asking whether a name exists does not template its value
      getOwnPropertyDescriptor: (_t, prop) =>
        typeof prop === 'string' && scope.layerOf(prop) ? { enumerable: true, configurable: true, get: () => read(prop) } : undefined,
      set: () => false,
      defineProperty: () => false,
      deleteProperty: () => false,
    },
  );
  return view;
}
