// A service's state: through systemctl on hosts booted with systemd, else through the
// SysV init script and its rc links (the lab's namespace hosts and the IPVS VM have no systemd).
import { FactParseError } from '../errors.js';
import { quote } from '../util/shell.js';
import type { FactDefinition } from './types.js';

export interface ServiceState {
  manager: 'systemd' | 'sysv';
  /** The unit/init script exists. */
  exists: boolean;
  active: boolean;
  enabled: boolean;
  /** systemd: the unit file changed on disk since the last daemon-reload. */
  needsDaemonReload?: boolean;
}

export const serviceStateFact: FactDefinition<ServiceState, { name: string; manager: 'systemd' | 'auto' }> = {
  name: 'service_state',
  command({ name, manager }) {
    const unit = quote(name);
    const base = quote(name.replace(/\.service$/, ''));
    const systemd = `echo systemd; systemctl show -p LoadState -p ActiveState -p UnitFileState -p NeedDaemonReload -- ${unit} 2>/dev/null; true`;
    if (manager === 'systemd') return systemd;
    return `if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then ${systemd}; else echo sysv; ` +
      `if [ -x /etc/init.d/${base} ]; then echo exists=yes; /etc/init.d/${base} status >/dev/null 2>&1 && echo active=yes || echo active=no; ` +
      `ls /etc/rc2.d/S??${base} /etc/rc3.d/S??${base} >/dev/null 2>&1 && echo enabled=yes || echo enabled=no; else echo exists=no; fi; fi`;
  },
  parse(result, { name }) {
    const lines = result.stdout.split('\n').filter(Boolean);
    const kind = lines[0];
    const kv = new Map(lines.slice(1).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as const));
    if (kind === 'systemd') {
      const load = kv.get('LoadState') ?? 'not-found';
      return {
        manager: 'systemd',
        exists: load !== 'not-found' && load !== '',
        active: kv.get('ActiveState') === 'active' || kv.get('ActiveState') === 'reloading',
        enabled: ['enabled', 'enabled-runtime', 'static', 'alias'].includes(kv.get('UnitFileState') ?? ''),
        needsDaemonReload: kv.get('NeedDaemonReload') === 'yes',
      };
    }
    if (kind === 'sysv') return { manager: 'sysv', exists: kv.get('exists') === 'yes', active: kv.get('active') === 'yes', enabled: kv.get('enabled') === 'yes' };
    throw new FactParseError('service_state', `unexpected output for ${name}`, result.stdout);
  },
};
