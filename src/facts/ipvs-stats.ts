// ipvsadm's listing with per-real-server counters (`ipvsadm -Ln --stats`), shown as it is by
// verify; null where ipvsadm cannot list (not installed, no IPVS in the kernel).
import type { FactDefinition } from './types.js';

export const ipvsStatsFact: FactDefinition<string | null, void> = {
  name: 'ipvs_stats',
  command: () => 'ipvsadm -Ln --stats',
  parse(result) {
    return result.exitCode === 0 ? result.stdout.replace(/\n+$/, '') : null;
  },
};
