// One round trip that reads everything verify compares: runtime state (addresses, the mangle
// table, the IPVS table with counters, sysctls) and the files a reboot restores from.
import { quote } from '../../util/shell.js';

export const SECTION = '@@lvsplay-verify:';

export interface ProbeFiles {
  [label: string]: string;
}

/** The shell script; each section's output follows a marker line. */
export function probeScript(files: ProbeFiles, sysctls: string[]): string {
  const parts: Array<[string, string]> = [
    ['addr', 'ip -o -4 addr show 2>&1'],
    ['mangle', 'iptables -w -t mangle -S PREROUTING 2>&1'],
    ['ipvs', 'ipvsadm -Sn 2>&1; echo "@@rc:$?"'],
    ['ipvs-stats', 'ipvsadm -Ln --stats 2>&1'],
    // By its PID file: pidof would also see other hosts' daemons in a shared PID namespace.
    ['keepalived', 'p=$(cat /run/keepalived.pid 2>/dev/null) && kill -0 "$p" 2>/dev/null && echo running || echo stopped'],
    [
      'keepalived-boot',
      'if [ -d /run/systemd/system ]; then systemctl is-enabled keepalived 2>/dev/null || true; elif ls /etc/rc2.d/S??keepalived >/dev/null 2>&1; then echo enabled; else echo disabled; fi',
    ],
  ];
  for (const name of sysctls) parts.push([`sysctl ${name}`, `sysctl -n ${quote(name)} 2>&1`]);
  for (const [label, path] of Object.entries(files))
    parts.push([`file ${label}`, `if [ -f ${quote(path)} ]; then cat -- ${quote(path)}; else echo '@@absent'; fi`]);
  return parts.map(([name, cmd]) => `echo '${SECTION}${name}'; ${cmd}`).join('\n') + '\ntrue';
}

export function parseProbe(stdout: string): Map<string, string> {
  const out = new Map<string, string>();
  let current: string | undefined;
  let buffer: string[] = [];
  const flush = (): void => {
    if (current !== undefined) out.set(current, buffer.join('\n'));
  };
  for (const line of stdout.split('\n')) {
    if (line.startsWith(SECTION)) {
      flush();
      current = line.slice(SECTION.length);
      buffer = [];
    } else buffer.push(line);
  }
  flush();
  for (const [k, v] of out) out.set(k, v.replace(/\n+$/, ''));
  return out;
}
