// The LVS modules (ipvs, iptables, ip_address). Each lives in its own file.
import type { ModuleDefinition } from './types.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const lvsModules: ModuleDefinition<any>[] = [];
