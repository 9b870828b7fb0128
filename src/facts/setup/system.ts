// The small 'min' collectors of Ansible's setup: service_mgr, pkg_mgr, python, user, env,
// date_time. Each reads a file or asks one tool; none needs Python on the host (python is
// reported when there is one, as roles branch on it).
import { firstLine, type FactCollector } from './collector.js';

/** Separator for NUL-separated records (environment): one line in the script's output. */
const RECORD_SEPARATOR = '\u001e';

export const serviceMgrCollector: FactCollector = {
  name: 'service_mgr',
  sections: {
    init_comm: 'lvsplay_read /proc/1/comm 2>/dev/null; true',
    init_markers: '[ -d /run/systemd/system ] && echo systemd; [ -e /sbin/openrc ] && echo openrc; [ -d /etc/init.d ] && echo initd; true',
  },
  collect(sections) {
    // As Ansible: PID 1's name, unless it is a generic `init` or a shell; then what the host has.
    const comm = firstLine(sections, 'init_comm');
    const markers = sections.get('init_markers') ?? [];
    let name: string;
    if (comm !== '' && comm !== 'init' && !comm.endsWith('sh')) name = comm === 'openrc-init' ? 'openrc' : comm === 'runit' ? 'runit' : comm;
    else if (markers.includes('systemd')) name = 'systemd';
    else if (markers.includes('openrc')) name = 'openrc';
    else if (markers.includes('initd')) name = 'sysvinit';
    else name = 'service';
    return { ansible_service_mgr: name };
  },
};

/** Package managers by the binary that shows them, in Ansible's order of preference per family. */
const PACKAGE_MANAGERS: Array<{ name: string; path: string; family?: string }> = [
  { name: 'dnf', path: '/usr/bin/dnf', family: 'RedHat' },
  { name: 'yum', path: '/usr/bin/yum', family: 'RedHat' },
  { name: 'apt', path: '/usr/bin/apt-get', family: 'Debian' },
  { name: 'apk', path: '/sbin/apk', family: 'Alpine' },
  { name: 'zypper', path: '/usr/bin/zypper', family: 'Suse' },
  { name: 'pacman', path: '/usr/bin/pacman', family: 'Archlinux' },
  { name: 'portage', path: '/usr/bin/emerge', family: 'Gentoo' },
];

export const pkgMgrCollector: FactCollector = {
  name: 'pkg_mgr',
  sections: { pkg_mgrs: `for p in ${PACKAGE_MANAGERS.map((m) => m.path).join(' ')}; do [ -x "$p" ] && echo "$p"; done; true` },
  collect(sections, earlier) {
    const present = PACKAGE_MANAGERS.filter((m) => (sections.get('pkg_mgrs') ?? []).includes(m.path));
    const family = earlier.ansible_os_family;
    const chosen = present.find((m) => m.family === family) ?? present[0];
    return { ansible_pkg_mgr: chosen?.name ?? 'unknown' };
  },
};

export const pythonCollector: FactCollector = {
  name: 'python',
  sections: {
    python:
      'p=$(command -v python3 || command -v python || command -v /usr/libexec/platform-python); [ -n "$p" ] && "$p" -c ' +
      `'import sys; print(sys.executable); print(" ".join(str(v) for v in sys.version_info)); print(getattr(sys, "implementation", sys).name if hasattr(sys, "implementation") else "cpython"); import ssl; print(hasattr(ssl, "SSLContext"))'` +
      ' 2>/dev/null; true',
  },
  collect(sections) {
    const [executable, version, implementation, sslContext] = (sections.get('python') ?? []).map((l) => l.trim());
    const parts = (version ?? '').split(' ');
    if (!executable || parts.length < 5) return {};
    const [major, minor, micro, releaselevel, serial] = parts as [string, string, string, string, string];
    return {
      ansible_python: {
        executable,
        has_sslcontext: sslContext === 'True',
        type: implementation === 'cpython' ? 'cpython' : (implementation ?? 'cpython'),
        version: { major: Number(major), minor: Number(minor), micro: Number(micro), releaselevel, serial: Number(serial) },
        version_info: [Number(major), Number(minor), Number(micro), releaselevel, Number(serial)],
      },
      ansible_python_version: `${major}.${minor}.${micro}`,
    };
  },
};

export const userCollector: FactCollector = {
  name: 'user',
  // name, effective and real uid, effective and real gid, the passwd entry. The ids from the
  // shell's own /proc/self/status (Uid: real effective saved fs) where there is one: four
  // processes fewer than `id -u`, `id -ru`, `id -g`, `id -rg`.
  sections: {
    user:
      'u=$(id -un); echo "$u"; ' +
      'if [ -r /proc/self/status ]; then while read -r k r e rest; do case "$k" in Uid:) ui="$e $r";; Gid:) gi="$e $r";; esac; done < /proc/self/status; ' +
      "printf '%s\\n' $ui $gi; else id -u; id -ru; id -g; id -rg; fi; " +
      'getent passwd "$u" 2>/dev/null || grep "^$u:" /etc/passwd; true',
  },
  collect(sections) {
    const [name = '', euid, ruid, egid, rgid, passwd = ''] = (sections.get('user') ?? []).map((l) => l.trim());
    if (name === '') return {};
    const fields = passwd.split(':');
    return {
      ansible_user_id: name,
      ansible_user_uid: Number(euid),
      ansible_user_gid: Number(fields[3] ?? egid),
      ansible_user_gecos: fields[4] ?? '',
      ansible_user_dir: fields[5] ?? '',
      ansible_user_shell: fields[6] ?? '',
      ansible_real_user_id: Number(ruid),
      ansible_effective_user_id: Number(euid),
      ansible_real_group_id: Number(rgid),
      ansible_effective_group_id: Number(egid),
    };
  },
};

export const envCollector: FactCollector = {
  name: 'env',
  // The environment commands get, NUL-separated, on one line: read by a child process (`cat`),
  // whose environment holds what the task's `environment` exported; the shell's own
  // /proc/self/environ is only what it was started with.
  sections: { env: `cat /proc/self/environ | tr '\\000' '\\036'; echo` },
  collect(sections) {
    const env: Record<string, string> = {};
    for (const record of (sections.get('env') ?? []).join('\n').split(RECORD_SEPARATOR)) {
      const eq = record.indexOf('=');
      if (eq > 0) env[record.slice(0, eq)] = record.slice(eq + 1);
    }
    return { ansible_env: env };
  },
};

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export const dateTimeCollector: FactCollector = {
  name: 'date_time',
  // epoch, offset and zone name; nanoseconds on a line apart (busybox's date may not know %N)
  sections: { date_time: "date '+%s %z %Z%n%N'" },
  collect(sections) {
    const [epochText = '', offset = '+0000', zone = 'UTC'] = firstLine(sections, 'date_time').split(/\s+/);
    const nanos = sections.get('date_time')?.[1]?.trim() ?? '';
    const epoch = Number(epochText);
    if (!Number.isFinite(epoch) || epochText === '') return {};
    const micro = /^\d{9}$/.test(nanos) ? nanos.slice(0, 6) : '000000';
    const sign = offset.startsWith('-') ? -1 : 1;
    const offsetMinutes = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(3, 5)));
    const local = new Date((epoch + offsetMinutes * 60) * 1000);
    const utc = new Date(epoch * 1000);
    const two = (n: number): string => String(n).padStart(2, '0');
    const date = `${local.getUTCFullYear()}-${two(local.getUTCMonth() + 1)}-${two(local.getUTCDate())}`;
    const time = `${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())}`;
    const utcStamp = `${utc.getUTCFullYear()}-${two(utc.getUTCMonth() + 1)}-${two(utc.getUTCDate())}T${two(utc.getUTCHours())}:${two(utc.getUTCMinutes())}:${two(utc.getUTCSeconds())}`;
    const basicShort = `${date.replace(/-/g, '')}T${time.replace(/:/g, '')}`;
    return {
      ansible_date_time: {
        date,
        day: two(local.getUTCDate()),
        epoch: epochText,
        epoch_int: epochText,
        hour: two(local.getUTCHours()),
        iso8601: `${utcStamp}Z`,
        iso8601_basic: `${basicShort}${micro}`,
        iso8601_basic_short: basicShort,
        iso8601_micro: `${utcStamp}.${micro}Z`,
        minute: two(local.getUTCMinutes()),
        month: two(local.getUTCMonth() + 1),
        second: two(local.getUTCSeconds()),
        time,
        tz: zone,
        tz_dst: zone,
        tz_offset: offset,
        weekday: WEEKDAYS[local.getUTCDay()],
        weekday_number: String(local.getUTCDay()),
        weeknumber: two(mondayWeekNumber(local)),
        year: String(local.getUTCFullYear()),
      },
    };
  },
};

/** strftime's %W: weeks of the year starting on Monday, the days before the first Monday in week 0. */
function mondayWeekNumber(day: Date): number {
  const start = Date.UTC(day.getUTCFullYear(), 0, 1);
  const dayOfYear = Math.floor((day.getTime() - start) / 86_400_000);
  const mondayBased = (day.getUTCDay() + 6) % 7;
  return Math.floor((dayOfYear + 7 - mondayBased) / 7);
}
