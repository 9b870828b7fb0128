// Whether a kernel module is loaded, as community.general's modprobe tells it: a line of
// /proc/modules starting with its name (dashes as underscores), or built into the kernel
// (modules.builtin of the running kernel lists NAME.ko).
import { FactParseError } from '../errors.js';
import { quote } from '../util/shell.js';
import type { FactDefinition } from './types.js';

export type KernelModuleState = 'loaded' | 'builtin' | 'absent';

export const kernelModuleFact: FactDefinition<KernelModuleState, { name: string }> = {
  name: 'kernel_module',
  needsBecome: false,
  command({ name }) {
    const loaded = quote(`${name.replace(/-/g, '_')} `);
    const builtin = quote(`/${name}.ko`);
    return [
      // a kernel without loadable modules (as this project's sandbox machine) has no /proc/modules
      `if [ ! -r /proc/modules ]; then echo 'no /proc/modules: the kernel has no loadable module support' >&2; exit 3`,
      `elif awk -v p=${loaded} 'index($0 " ", p) == 1 { found = 1 } END { exit !found }' /proc/modules; then echo loaded`,
      `elif awk -v s=${builtin} '{ sub(/[ \\t\\r]+$/, "") } length($0) >= length(s) && substr($0, length($0) - length(s) + 1) == s { found = 1 } END { exit !found }' "/lib/modules/$(uname -r)/modules.builtin"; then echo builtin`,
      `elif [ -r "/lib/modules/$(uname -r)/modules.builtin" ]; then echo absent; else echo "no /lib/modules/$(uname -r)/modules.builtin" >&2; exit 3; fi`,
    ].join('\n');
  },
  parse(result, { name }) {
    const state = result.stdout.trim();
    if (result.exitCode === 0 && (state === 'loaded' || state === 'builtin' || state === 'absent')) return state;
    throw new FactParseError('kernel_module', `cannot tell whether ${name} is loaded: ${result.stderr.trim()}`, result.stdout);
  },
};
