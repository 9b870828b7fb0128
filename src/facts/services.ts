// Every service the host knows, as Ansible's service_facts lists them: systemd's units (state
// from the SUB column, status from the unit files) on hosts booted with systemd, else SysV
// scripts through `service --status-all` ([ + ] running, [ - ] stopped, [ ? ] left out).
import type { FactDefinition } from './types.js';

export interface ServiceEntry {
  name: string;
  state: string;
  status?: string;
  source: 'systemd' | 'sysv';
}

const SYSTEMD = '@@systemd';
const UNIT_FILES = '@@unit-files';
const SYSV = '@@sysv';

export const servicesFact: FactDefinition<Record<string, ServiceEntry>, void> = {
  name: 'services',
  command() {
    return (
      `if [ -d /run/systemd/system ]; then echo '${SYSTEMD}'; systemctl list-units --no-pager --type service --all --plain --no-legend 2>/dev/null; ` +
      `echo '${UNIT_FILES}'; systemctl list-unit-files --no-pager --type service --no-legend 2>/dev/null; ` +
      `else echo '${SYSV}'; command -v service >/dev/null 2>&1 && service --status-all 2>&1; fi; true`
    );
  },
  parse(result) {
    const services: Record<string, ServiceEntry> = {};
    let part = '';
    for (const line of result.stdout.split('\n')) {
      if (line.startsWith('@@')) {
        part = line.trim();
        continue;
      }
      const fields = line.trim().split(/\s+/);
      if (part === SYSTEMD && fields.length >= 4 && fields[0]!.includes('.')) {
        const [name, , , sub] = fields as [string, string, string, string];
        services[name] = { name, state: sub === 'running' ? 'running' : sub === 'failed' ? 'failed' : 'stopped', status: 'unknown', source: 'systemd' };
      } else if (part === UNIT_FILES && fields.length >= 2) {
        const [name, status] = fields as [string, string];
        // A template unit (foo@.service) is no service of its own.
        if (name.includes('@.')) continue;
        const entry = services[name] ?? { name, state: 'inactive', source: 'systemd' as const };
        services[name] = { ...entry, status };
      } else if (part === SYSV) {
        const m = /^\s*\[\s*([+-])\s*\]\s+(\S+)/.exec(line);
        if (m) services[m[2]!] = { name: m[2]!, source: 'sysv', state: m[1] === '+' ? 'running' : 'stopped' };
      }
    }
    return services;
  },
};
