// The LVS modules: ipvs, iptables and ip_address (one file each under lvs/) and lvs_verify (lvs-verify/).
import type { ModuleDefinition } from './types.js';
import { ipvsModule } from './lvs/ipvs.js';
import { iptablesModule } from './lvs/iptables.js';
import { ipAddressModule } from './lvs/ip-address.js';
import { lvsVerifyModule } from './lvs-verify/index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const lvsModules: ModuleDefinition<any>[] = [ipvsModule, iptablesModule, ipAddressModule, lvsVerifyModule];
