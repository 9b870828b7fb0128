// memtotal_mb, memfree_mb, swap and memory_mb (from /proc/meminfo), processor counts (from
// /proc/cpuinfo and nproc), uptime_seconds and loadavg: Ansible's 'hardware' facts that roles
// read, computed as Ansible's Linux collector does (MB are KiB / 1024, rounded down).
import { firstLine, type FactCollector } from './collector.js';

export const memoryCollector: FactCollector = {
  name: 'memory',
  sections: { meminfo: 'cat /proc/meminfo 2>/dev/null; true' },
  collect(sections) {
    const kb = new Map<string, number>();
    for (const line of sections.get('meminfo') ?? []) {
      const m = /^(\w+):\s+(\d+)/.exec(line);
      if (m) kb.set(m[1]!, Number(m[2]));
    }
    if (!kb.has('MemTotal')) return {};
    const mb = (key: string): number => Math.floor((kb.get(key) ?? 0) / 1024);
    const total = mb('MemTotal');
    const free = mb('MemFree');
    const nocacheFree = Math.floor(((kb.get('MemFree') ?? 0) + (kb.get('Buffers') ?? 0) + (kb.get('Cached') ?? 0)) / 1024);
    const swapTotal = mb('SwapTotal');
    const swapFree = mb('SwapFree');
    return {
      ansible_memtotal_mb: total,
      ansible_memfree_mb: free,
      ansible_swaptotal_mb: swapTotal,
      ansible_swapfree_mb: swapFree,
      ansible_memory_mb: {
        real: { total, free, used: total - free },
        nocache: { free: nocacheFree, used: total - nocacheFree },
        swap: { total: swapTotal, free: swapFree, used: swapTotal - swapFree, cached: mb('SwapCached') },
      },
    };
  },
};

export const processorsCollector: FactCollector = {
  name: 'processors',
  sections: { cpuinfo: 'cat /proc/cpuinfo 2>/dev/null; true', nproc: 'nproc 2>/dev/null; true' },
  collect(sections) {
    const processor: string[] = [];
    const sockets = new Set<string>();
    let cores = 0;
    let siblings = 0;
    let entries = 0;
    for (const line of sections.get('cpuinfo') ?? []) {
      const m = /^([^:]+?)\s*:\s*(.*)$/.exec(line);
      if (!m) continue;
      const [, key, value] = m as unknown as [string, string, string];
      if (key === 'processor') {
        entries++;
        processor.push(value);
      } else if (key === 'vendor_id' || key === 'model name' || key === 'Processor' || key === 'cpu model') processor.push(value);
      else if (key === 'physical id') sockets.add(value);
      else if (key === 'cpu cores') cores = Number(value);
      else if (key === 'siblings') siblings = Number(value);
    }
    if (entries === 0) return {};
    const count = Math.max(1, sockets.size);
    const coresPerSocket = cores > 0 ? cores : Math.max(1, Math.floor(entries / count));
    const threadsPerCore = siblings > 0 && cores > 0 ? Math.max(1, Math.floor(siblings / cores)) : 1;
    const nproc = Number(firstLine(sections, 'nproc'));
    return {
      ansible_processor: processor,
      ansible_processor_count: count,
      ansible_processor_cores: coresPerSocket,
      ansible_processor_threads_per_core: threadsPerCore,
      ansible_processor_vcpus: cores > 0 ? threadsPerCore * coresPerSocket * count : entries,
      ansible_processor_nproc: Number.isFinite(nproc) && nproc > 0 ? nproc : entries,
    };
  },
};

export const uptimeCollector: FactCollector = {
  name: 'uptime',
  sections: { uptime: 'lvsplay_read /proc/uptime /proc/loadavg 2>/dev/null; true' },
  collect(sections) {
    const [uptime, loadavg] = sections.get('uptime') ?? [];
    const seconds = Number(uptime?.split(/\s+/)[0]);
    const [one, five, fifteen] = (loadavg ?? '').split(/\s+/).map(Number);
    return {
      ...(Number.isFinite(seconds) && uptime ? { ansible_uptime_seconds: Math.floor(seconds) } : {}),
      ...(loadavg && one !== undefined ? { ansible_loadavg: { '1m': one, '5m': five, '15m': fifteen } } : {}),
    };
  },
};

/**
 * Mounted filesystems backed by a device or a network share, with their sizes (statvfs through
 * `stat -f`), as Ansible lists them; `timeout` keeps a dead network mount from hanging gathering.
 */
export const mountsCollector: FactCollector = {
  name: 'mounts',
  sections: {
    mounts:
      'while read -r dev mnt fs opts rest; do case "$dev" in /*|*:/*) printf \'%s %s %s %s \' "$dev" "$mnt" "$fs" "$opts"; ' +
      'timeout 5 stat -f -c \'%s %S %b %f %a %c %d\' "$mnt" 2>/dev/null || echo; ;; esac; done < /proc/mounts; true',
  },
  collect(sections) {
    const mounts: Array<Record<string, unknown>> = [];
    for (const line of sections.get('mounts') ?? []) {
      const [device, mount, fstype, options, ...numbers] = line.trim().split(/\s+/);
      if (device === undefined || mount === undefined || fstype === undefined || fstype === 'none') continue;
      const entry: Record<string, unknown> = { device, mount: unescapeMount(mount), fstype, options: options ?? '', uuid: 'N/A' };
      const [bsize, frsize, blocks, bfree, bavail, files, ffree] = numbers.map(Number);
      if (numbers.length === 7 && [bsize, frsize, blocks, bfree, bavail, files, ffree].every((n) => Number.isFinite(n))) {
        Object.assign(entry, {
          size_total: frsize! * blocks!,
          size_available: frsize! * bavail!,
          block_size: bsize,
          block_total: blocks,
          block_available: bavail,
          block_used: blocks! - bfree!,
          inode_total: files,
          inode_available: ffree,
          inode_used: files! - ffree!,
        });
      }
      mounts.push(entry);
    }
    return { ansible_mounts: mounts };
  },
};

/** /proc/mounts writes a space in a path as \040 (and tab, newline, backslash likewise). */
function unescapeMount(path: string): string {
  return path.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/** DMI fields as Ansible names them (file in /sys/devices/virtual/dmi/id); 'NA' where the host has none or hides it. */
const DMI_FIELDS: Record<string, string> = {
  bios_date: 'bios_date',
  bios_vendor: 'bios_vendor',
  bios_version: 'bios_version',
  board_asset_tag: 'board_asset_tag',
  board_name: 'board_name',
  board_serial: 'board_serial',
  board_vendor: 'board_vendor',
  board_version: 'board_version',
  chassis_asset_tag: 'chassis_asset_tag',
  chassis_serial: 'chassis_serial',
  chassis_vendor: 'chassis_vendor',
  chassis_version: 'chassis_version',
  product_name: 'product_name',
  product_serial: 'product_serial',
  product_uuid: 'product_uuid',
  product_version: 'product_version',
  system_vendor: 'sys_vendor',
};

export const dmiCollector: FactCollector = {
  name: 'dmi',
  sections: {
    dmi: `for f in ${[...new Set(Object.values(DMI_FIELDS))].join(' ')}; do printf '%s ' "$f"; lvsplay_read "/sys/devices/virtual/dmi/id/$f" 2>/dev/null || echo; done; true`,
  },
  collect(sections) {
    const found = new Map<string, string>();
    for (const line of sections.get('dmi') ?? []) {
      const space = line.indexOf(' ');
      if (space > 0) found.set(line.slice(0, space), line.slice(space + 1).trim());
    }
    return Object.fromEntries(Object.entries(DMI_FIELDS).map(([fact, file]) => [`ansible_${fact}`, found.get(file) || 'NA']));
  },
};
