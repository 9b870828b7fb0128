// Variables: named layers in Ansible's precedence order (precedence.ts, docs/variables.md),
// merged into a lazily templated view (lazy-view.ts), and -e parsing (extra-vars.ts).
export { LAYER_ORDER, DATA_LAYERS, type Layer, type LayerName } from './precedence.js';
export { VariableScope } from './scope.js';
export { parseExtraVars } from './extra-vars.js';
