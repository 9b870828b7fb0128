// What one part of fact gathering is (Ansible's fact collectors, without Python on the host): a
// few shell commands, each printing one section of the gathering script's output, and a parser
// that turns those sections into ansible_* facts. host-facts.ts joins the collectors a
// gather_subset selects into one script, so gathering stays one round trip.

/** The output of the gathering script, by section name: its lines. */
export type Sections = ReadonlyMap<string, readonly string[]>;

export type Facts = Record<string, unknown>;

export interface FactCollector {
  /** Its gather_subset name (Ansible's), e.g. 'distribution', 'interfaces'. */
  name: string;
  /** Section name -> shell command printing it. Commands must not fail the script (they end in `true` where needed). */
  sections: Readonly<Record<string, string>>;
  /**
   * The facts of its sections. `earlier` holds what the collectors before it found (pkg_mgr
   * reads os_family). Missing sections mean the host lacks the tool: fewer facts, never a guess.
   */
  collect(sections: Sections, earlier: Facts): Facts;
}

/**
 * A shell function the gathering script defines before its sections: `lvsplay_read FILE...`
 * prints small files (one-line /proc and /sys values, machine-id, DMI fields) with the shell's own
 * `read`, where `cat` would start a process for each: a few milliseconds on a real host, 50-100
 * under software emulation, where gathering took 9 s for its ~80 processes. Like `cat` it reads
 * every file it can and fails when one cannot be opened; unlike it, a last line without a newline
 * gets one, so the next section's marker starts a line of its own. Not for large files (`read`
 * takes a byte per system call): /proc/cpuinfo and the like stay with `cat`.
 */
export const READ_SMALL_FILES =
  'lvsplay_read() { _lvs_rc=0; for _lvs_f; do while IFS= read -r _lvs_l || [ -n "$_lvs_l" ]; do printf \'%s\\n\' "$_lvs_l"; done < "$_lvs_f" || _lvs_rc=1; done; return $_lvs_rc; }';

/** The first line of a section, trimmed ('' when absent). */
export function firstLine(sections: Sections, name: string): string {
  return sections.get(name)?.[0]?.trim() ?? '';
}

/** KEY=value lines (os-release, resolv.conf-like files) as a map, quotes removed. */
export function keyValueLines(lines: readonly string[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of lines ?? []) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) out.set(m[1]!, m[2]!.replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1'));
  }
  return out;
}
