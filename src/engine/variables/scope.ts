// A stack of named variable layers. Building one is cheap (no copies: layers keep the caller's
// objects), so the engine makes one per host and task; `view()` is the merged, lazily templated
// mapping templates read.
import { lazyView } from './lazy-view.js';
import { rankOf, type Layer, type LayerName } from './precedence.js';

export class VariableScope {
  /** Lowest precedence first. */
  readonly layers: readonly Layer[];

  constructor(layers: Layer[] = []) {
    // stable: layers of the same name keep their order, the later one wins
    this.layers = layers
      .map((l, i) => ({ l, i }))
      .sort((a, b) => rankOf(a.l.name) - rankOf(b.l.name) || a.i - b.i)
      .map((x) => x.l);
  }

  /** A new scope with one more layer at its precedence, above existing layers of the same name. */
  with(name: LayerName, vars: Record<string, unknown>): VariableScope {
    const rank = rankOf(name);
    const at = this.layers.findIndex((l) => rankOf(l.name) > rank);
    const layers = [...this.layers];
    layers.splice(at < 0 ? layers.length : at, 0, { name, vars });
    return new VariableScope(layers);
  }

  /** The highest layer that defines `name`. */
  layerOf(name: string): Layer | undefined {
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const layer = this.layers[i]!;
      if (Object.prototype.hasOwnProperty.call(layer.vars, name)) return layer;
    }
    return undefined;
  }

  /** The merged variables; a value holding `{{ }}` is templated when first read (see lazy-view.ts). */
  view(): Record<string, unknown> {
    return lazyView(this);
  }
}
