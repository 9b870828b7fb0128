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
  /** systemd: the unit is masked. */
  masked?: boolean;
}

/**
 * Whether a SysV service runs: its script's `status`; a script without a status action (Debian's
 * keepalived prints its usage) is judged like Ansible's service module does, by the process:
 * the PID in /run/NAME.pid when there is one (other hosts' processes may share this PID
 * namespace, as the lab's directors do), else pidof.
 */
function sysvActive(base: string): string {
  return (
    `st=$(/etc/init.d/${base} status 2>&1) && echo active=yes || { if printf '%s' "$st" | grep -qi usage; then ` +
    `p=; for f in /run/${base}.pid /var/run/${base}.pid; do if [ -r "$f" ]; then p=$(cat "$f"); break; fi; done; ` +
    `if [ -n "$p" ]; then kill -0 "$p" 2>/dev/null && echo active=yes || echo active=no; else pidof ${base} >/dev/null 2>&1 && echo active=yes || echo active=no; fi; ` +
    `else echo active=no; fi; }`
  );
}

export const serviceStateFact: FactDefinition<ServiceState, { name: string }> = {
  name: 'service_state',
  command({ name }) {
    const unit = quote(name);
    const base = quote(name.replace(/\.service$/, ''));
    // systemd only where the host was booted with it: systemctl may be installed in a container
    // or namespace that runs no systemd at all.
    return (
      `if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then echo systemd; ` +
      `LC_ALL=C systemctl show -p LoadState -p ActiveState -p UnitFileState -- ${unit} 2>/dev/null; true; else echo sysv; ` +
      `if [ -x /etc/init.d/${base} ]; then echo exists=yes; ${sysvActive(base)}; ` +
      `ls /etc/rc2.d/S??${base} /etc/rc3.d/S??${base} >/dev/null 2>&1 && echo enabled=yes || echo enabled=no; else echo exists=no; fi; fi`
    );
  },
  parse(result, { name }) {
    const lines = result.stdout.split('\n').filter(Boolean);
    const kind = lines[0];
    const kv = new Map<string, string>();
    for (const l of lines.slice(1)) {
      const eq = l.indexOf('=');
      if (eq <= 0) throw new FactParseError('service_state', `unexpected line '${l}' for ${name}`, result.stdout);
      kv.set(l.slice(0, eq), l.slice(eq + 1));
    }
    if (kind === 'systemd') {
      const load = kv.get('LoadState') ?? 'not-found';
      return {
        manager: 'systemd',
        exists: load !== 'not-found' && load !== '',
        active: kv.get('ActiveState') === 'active' || kv.get('ActiveState') === 'reloading',
        enabled: ['enabled', 'enabled-runtime', 'static', 'alias'].includes(kv.get('UnitFileState') ?? ''),
        masked: load === 'masked' || kv.get('UnitFileState') === 'masked',
      };
    }
    if (kind === 'sysv' && kv.has('exists')) {
      return { manager: 'sysv', exists: kv.get('exists') === 'yes', active: kv.get('active') === 'yes', enabled: kv.get('enabled') === 'yes' };
    }
    throw new FactParseError('service_state', `unexpected output for ${name}`, result.stdout);
  },
};
