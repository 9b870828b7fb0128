// The IPVS table as `ipvsadm -Sn` prints it (the same format as /etc/ipvsadm.rules).
import { FactParseError, ModuleFailure } from '../errors.js';
import { parseIpvsSave, type SavedService } from '../modules/lib/ipvs-save.js';
import type { FactDefinition } from './types.js';

export const ipvsTableFact: FactDefinition<SavedService[], void> = {
  name: 'ipvs_table',
  command: () => 'ipvsadm -Sn 2>&1; echo "@@rc:$?"',
  parse(result) {
    const m = /^([\s\S]*?)@@rc:(\d+)\n?$/.exec(result.stdout);
    if (!m) throw new FactParseError('ipvs_table', 'unexpected output', result.stdout);
    const [, body, rc] = m as unknown as [string, string, string];
    if (rc === '127' || /not found/.test(body)) throw new ModuleFailure('ipvsadm is not installed on this host (apt: ipvsadm)');
    if (rc !== '0') {
      if (/Can't initialize ipvs|Protocol not available|modprobe/i.test(body)) throw new ModuleFailure(`this kernel has no IPVS (ipvsadm: ${body.trim().split('\n')[0]}); load ip_vs or use a kernel with CONFIG_IP_VS`);
      throw new ModuleFailure(`ipvsadm -Sn failed: ${body.trim()}`);
    }
    const parsed = parseIpvsSave(body);
    if (!parsed) throw new FactParseError('ipvs_table', 'ipvsadm -Sn printed something that is not its save format', body);
    return parsed;
  },
};
