// The account databases as the user and group modules read them: getent's passwd and group
// lines parsed into records (the fields Ansible's modules compare and return).
import { FactParseError } from '../../errors.js';
import type { GetentOutput } from '../../facts/getent.js';
import { quote } from '../../util/shell.js';

export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  comment: string;
  home: string;
  shell: string;
}

export interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

function fieldsOf(line: string, count: number, database: string): string[] {
  const fields = line.split(':');
  if (fields.length !== count || !/^\d+$/.test(fields[2]!)) throw new FactParseError('getent', `not a ${database} entry: ${line}`, line);
  return fields;
}

/** The one entry `getent passwd NAME` printed, or undefined when there is none (exit 2). */
export function passwdEntry(out: GetentOutput): PasswdEntry | undefined {
  const line = out.lines[0];
  if (out.exitCode !== 0 || line === undefined) return undefined;
  const [name, , uid, gid, comment, home, shell] = fieldsOf(line, 7, 'passwd');
  return { name: name!, uid: Number(uid), gid: Number(gid), comment: comment!, home: home!, shell: shell! };
}

/** Every entry `getent group [NAME]` printed. */
export function groupEntries(out: GetentOutput): GroupEntry[] {
  if (out.exitCode !== 0) return [];
  return out.lines.map((line) => {
    const [name, , gid, members] = fieldsOf(line, 4, 'group');
    return { name: name!, gid: Number(gid), members: members === '' ? [] : members!.split(',') };
  });
}

/** A group named by name or by number, as useradd and usermod take it. */
export function findGroup(groups: GroupEntry[], nameOrGid: string): GroupEntry | undefined {
  return groups.find((g) => g.name === nameOrGid) ?? (/^\d+$/.test(nameOrGid) ? groups.find((g) => g.gid === Number(nameOrGid)) : undefined);
}

/** The read-back step's output, `getent passwd NAME`, as the result fields Ansible returns. */
export function passwdResultFields(stdout: string): Record<string, unknown> {
  const line = stdout.split('\n')[0] ?? '';
  if (line.split(':').length !== 7) return {};
  const entry = passwdEntry({ exitCode: 0, lines: [line] })!;
  return { uid: entry.uid, group: entry.gid, comment: entry.comment, home: entry.home, shell: entry.shell };
}

/** The last step of a change: the entry read back, so the result carries the ids the host chose. */
export function readBackStep(database: 'passwd' | 'group', name: string): { describe: string; command: string } {
  return { describe: `read back ${database} entry ${name}`, command: `getent ${database} ${quote(name)}` };
}
