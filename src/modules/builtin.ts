// The generic modules (command, copy, template, file, ...). Each lives in its own file.
import type { ModuleDefinition } from './types.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const builtinModules: ModuleDefinition<any>[] = [];
