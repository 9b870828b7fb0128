// fstab lines as ansible.posix 1.5's mount edits them (lib of the mount module): fields escaped
// as that module escapes them (\040 space, \046 &, \134 backslash); an entry is found by its
// mount point (a swap entry, `none`, by its source); a changed or new entry is written as one
// line of six single-space-separated fields, every other line kept as it is.
import { readLines } from './line-edit.js';

export interface FstabEntry {
  src: string;
  name: string;
  fstype: string;
  opts: string;
  dump: string;
  passno: string;
}

export function escapeFstab(v: string): string {
  return v.replace(/\\/g, '\\134').replace(/ /g, '\\040').replace(/&/g, '\\046');
}

const FIELDS = ['src', 'name', 'fstype', 'opts', 'dump', 'passno'] as const;

const isEntryFor = (fields: string[], name: string, src: string | undefined): boolean =>
  fields[1] === name && !(src !== undefined && fields[1] === 'none' && fields[2] === 'swap' && fields[0] !== src);

/** The fstab text with `entry` present (entry unescaped), and whether it changed. */
export function setFstabEntry(text: string, entry: FstabEntry, srcGiven: boolean): { text: string; changed: boolean } {
  const wanted = Object.fromEntries(FIELDS.map((k) => [k, escapeFstab(entry[k])])) as unknown as FstabEntry;
  let exists = false;
  let changed = false;
  const out = readLines(text).map((raw) => {
    const line = raw.endsWith('\n') ? raw : `${raw}\n`;
    const fields = line.trim().split(/\s+/);
    if (line.trim() === '' || line.trim().startsWith('#') || fields.length < 4 || fields.length > 6) return line;
    if (!isEntryFor(fields, wanted.name, srcGiven ? entry.src : undefined)) return line;
    exists = true;
    // A missing dump or passno is Python's 0, never equal to the text '0': such a line is rewritten.
    const current = FIELDS.map((k, i) => fields[i] ?? null);
    let differs = false;
    const merged = FIELDS.map((k, i) => {
      if (k !== 'name' && current[i] !== wanted[k]) {
        differs = true;
        return wanted[k];
      }
      return current[i];
    });
    if (!differs) return line;
    changed = true;
    return `${merged.join(' ')}\n`;
  });
  if (!exists) {
    out.push(`${FIELDS.map((k) => wanted[k]).join(' ')}\n`);
    changed = true;
  }
  return { text: out.join(''), changed };
}

/** The fstab text without the mount point's six-field entries, and whether one was there. */
export function unsetFstabEntry(text: string, name: string, src: string | undefined): { text: string; changed: boolean } {
  let changed = false;
  const kept = readLines(text).filter((line) => {
    const fields = line.trim().split(/\s+/);
    if (line.trim() === '' || line.trim().startsWith('#') || fields.length !== 6) return true;
    if (!isEntryFor(fields, escapeFstab(name), src)) return true;
    changed = true;
    return false;
  });
  return { text: kept.join(''), changed };
}
