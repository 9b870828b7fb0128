// The one file-writing path. Every module that manages a file's content (copy, template,
// lineinfile, sysctl persistence, ipvs rules, iptables rules.v4, ...) plans through here, so
// every managed file is written the same way: to a temporary file next to it, validated,
// given its mode and owner, then renamed over the old one. A killed run leaves either the old
// or the new content, never a partial file; leftover temporaries are removed by the next write.
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { quote } from '../../util/shell.js';
import { fileStateFact, TEMP_MARK, temporariesGlob, type FileState } from '../../facts/file-state.js';
import type { FactReader } from '../../facts/types.js';
import type { ContentDiff, Step } from '../types.js';
import { ModuleFailure } from '../../errors.js';

/** Normalise a mode given as YAML octal int (0644 -> 420), "0644", "644" or "u=rw,g=r,o=r". */
export function normaliseMode(mode: string | number | undefined): string | undefined {
  if (mode === undefined || mode === null) return undefined;
  if (typeof mode === 'number') return mode.toString(8).padStart(4, '0');
  const s = String(mode).trim();
  if (/^[0-7]{3,4}$/.test(s)) return s.padStart(4, '0');
  // symbolic modes are passed to chmod as they are
  if (/^[ugoa]*[+=-][rwxXst]*(,[ugoa]*[+=-][rwxXst]*)*$/.test(s)) return s;
  throw new ModuleFailure(`invalid mode '${s}' (expected octal like 0644 or symbolic like u=rw,g=r)`);
}

export interface DesiredFile {
  path: string;
  content: string;
  mode?: string | number;
  owner?: string;
  group?: string;
  /** Command run on the temporary file before it replaces the real one; %s is the temp path. */
  validate?: string;
  /** Keep a timestamped copy of the old file (Ansible's backup: yes). */
  backup?: boolean;
  /** Create missing parent directories. */
  createParents?: boolean;
}

export interface FilePlan {
  steps: Step[];
  diff: ContentDiff[];
  before: FileState;
  /** Where the old content is kept (backup: yes and the content changes), as results report it. */
  backupFile?: string;
}

/** Ansible's backup name: FILE.PID.YYYY-MM-DD@HH:MM:SS~ (local time), fixed when the plan is made. */
export function backupName(path: string, now = new Date()): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}@${two(now.getHours())}:${two(now.getMinutes())}:${two(now.getSeconds())}~`;
  return `${path}.${process.pid}.${stamp}`;
}

/** Plan writing `desired`; no steps when content, mode and owner already match. */
export async function planManagedFile(fact: FactReader, desired: DesiredFile): Promise<FilePlan> {
  const before = await fact(fileStateFact, { path: desired.path, withContent: true });
  if (before.kind !== 'absent' && before.kind !== 'file') {
    throw new ModuleFailure(`${desired.path} exists and is a ${before.kind}, not a regular file`);
  }
  const mode = normaliseMode(desired.mode);
  const contentDiffers = before.kind === 'absent' || before.content !== desired.content;
  const steps: Step[] = [];
  const diff: ContentDiff[] = [];
  let backupFile: string | undefined;
  if (contentDiffers) {
    if (desired.backup && before.kind === 'file') backupFile = backupName(desired.path);
    steps.push(atomicWriteStep(desired, mode, before, backupFile));
    diff.push({ label: desired.path, before: before.kind === 'absent' ? '' : (before.content ?? ''), after: desired.content });
  } else {
    steps.push(...attributeSteps(desired.path, mode, desired.owner, desired.group, before));
    // A write cut short by something harder than a hang-up (the host lost power, sh was
    // SIGKILLed) leaves its temporary; a write removes those itself, an unchanged file here.
    if (before.staleTemporaries) {
      steps.push({
        describe: `remove ${before.staleTemporaries} leftover ${before.staleTemporaries === 1 ? 'temporary' : 'temporaries'} of an interrupted write of ${desired.path}`,
        command: `rm -f -- ${temporariesGlob(desired.path)}`,
      });
    }
  }
  return { steps, diff, before, ...(backupFile !== undefined ? { backupFile } : {}) };
}

/** Steps that fix only mode and ownership of an existing path. */
export function attributeSteps(path: string, mode: string | undefined, owner: string | undefined, group: string | undefined, before: FileState): Step[] {
  const steps: Step[] = [];
  const p = quote(path);
  if (mode !== undefined && !modeMatches(mode, before.mode, before.kind === 'directory')) {
    steps.push({ describe: `chmod ${mode} ${path}`, command: `chmod ${quote(mode)} -- ${p}` });
  }
  if ((owner !== undefined && owner !== before.owner) || (group !== undefined && group !== before.group)) {
    const who = `${owner ?? ''}${group !== undefined ? ':' + group : ''}`;
    steps.push({ describe: `chown ${who} ${path}`, command: `chown ${quote(who)} -- ${p}` });
  }
  return steps;
}

function modeMatches(wanted: string, actual: string | undefined, isDirectory = false): boolean {
  if (actual === undefined) return false;
  const current = parseInt(actual, 8);
  if (/^[0-7]+$/.test(wanted)) return parseInt(wanted, 8) === current;
  // Symbolic: compare what chmod would make of the current mode, so reruns stay unchanged.
  return applySymbolicMode(current, wanted, isDirectory) === current;
}

/** chmod's symbolic modes (u=rw,g+r,o-x,a+X) applied to a numeric mode. An empty "who" means all. */
export function applySymbolicMode(mode: number, spec: string, isDirectory: boolean): number {
  let result = mode;
  for (const clause of spec.split(',')) {
    const m = /^([ugoa]*)([-+=])([rwxXst]*)$/.exec(clause);
    if (!m) return NaN;
    const who = m[1] === '' || m[1]!.includes('a') ? 'ugo' : m[1]!;
    const perms = m[3]!;
    const hasExec = isDirectory || (result & 0o111) !== 0;
    let bits = 0;
    let mask = 0;
    for (const w of who) {
      const shift = w === 'u' ? 6 : w === 'g' ? 3 : 0;
      mask |= (0o7 << shift) | (w === 'u' ? 0o4000 : w === 'g' ? 0o2000 : 0o1000);
      if (perms.includes('r')) bits |= 0o4 << shift;
      if (perms.includes('w')) bits |= 0o2 << shift;
      if (perms.includes('x') || (perms.includes('X') && hasExec)) bits |= 0o1 << shift;
      if (perms.includes('s') && w === 'u') bits |= 0o4000;
      if (perms.includes('s') && w === 'g') bits |= 0o2000;
      if (perms.includes('t') && w === 'o') bits |= 0o1000;
    }
    if (m[2] === '+') result |= bits;
    else if (m[2] === '-') result &= ~bits;
    // chmod's '=' keeps a directory's set-id bits unless they are named
    else result = (result & ~(mask & ~(isDirectory ? 0o6000 : 0))) | bits;
  }
  return result & 0o7777;
}

function atomicWriteStep(desired: DesiredFile, mode: string | undefined, before: FileState, backupFile: string | undefined): Step {
  const p = quote(desired.path);
  const bytes = Buffer.byteLength(desired.content, 'utf8');
  // the folder and name as temporariesGlob splits them, here rather than by dirname and basename
  // on the host (two processes a write, and many writes a run)
  const lines: string[] = ['set -e', `target=${p}`, `dir=${quote(posix.dirname(desired.path))}`, `base=${quote(posix.basename(desired.path))}`];
  if (desired.createParents) lines.push('mkdir -p -- "$dir"');
  lines.push(
    // leftovers of an interrupted earlier write
    `rm -f -- ${temporariesGlob(desired.path)}`,
    `tmp=$(mktemp "$dir/.$base${TEMP_MARK}XXXXXX")`,
    `trap 'rm -f -- "$tmp"' EXIT`,
    // A dropped session (SIGHUP, or SIGPIPE on writing the error) kills sh without its EXIT
    // trap; exiting from these traps runs it, so the temporary goes too.
    `trap 'exit 1' HUP INT PIPE TERM`,
    'cat > "$tmp"',
    // A dropped link or a killed controller ends stdin early and cat sees a clean EOF: only a
    // complete temporary may replace the file.
    `n=$(wc -c < "$tmp")`,
    `if [ "$((n))" -ne ${bytes} ]; then echo "short write: $((n)) of ${bytes} bytes arrived; $target left as it was" >&2; exit 3; fi`,
  );
  // Keep the old file's mode/owner unless told otherwise; mktemp makes 0600 files.
  if (mode !== undefined) lines.push(`chmod ${quote(mode)} "$tmp"`);
  else if (before.kind === 'file' && before.mode) lines.push(`chmod ${quote(before.mode)} "$tmp"`);
  else lines.push('chmod 0644 "$tmp"');
  const owner = desired.owner ?? (before.kind === 'file' ? before.owner : undefined);
  const group = desired.group ?? (before.kind === 'file' ? before.group : undefined);
  if (owner !== undefined || group !== undefined) {
    lines.push(`chown ${quote(`${owner ?? ''}${group !== undefined ? ':' + group : ''}`)} "$tmp"`);
  }
  if (desired.validate) {
    if (!desired.validate.includes('%s')) throw new ModuleFailure(`validate must contain %s: ${desired.validate}`);
    // The user's validate command is theirs to write (like Ansible); only the temp path is substituted.
    lines.push(
      `if ! ( ${desired.validate.split('%s').join('"$tmp"')} ) >&2; then echo "validation failed: ${desired.validate.replace(/["\\$`]/g, '\\$&')}" >&2; exit 3; fi`,
    );
  }
  if (backupFile !== undefined) lines.push(`cp -p -- "$target" ${quote(backupFile)}`);
  lines.push('sync -- "$tmp" 2>/dev/null || true', 'mv -f -- "$tmp" "$target"', 'trap - EXIT HUP INT PIPE TERM');
  return { describe: `write ${desired.path}`, command: lines.join('\n'), stdin: desired.content };
}

/** The attribute arguments copy, template and lineinfile share (Ansible's names). */
export interface FileAttributeArgs {
  mode?: string | number;
  owner?: string;
  group?: string;
  validate?: string;
  backup: boolean;
}

/** Those arguments as the writer takes them (unset ones left out). */
export function fileAttributes(args: FileAttributeArgs): Pick<DesiredFile, 'mode' | 'owner' | 'group' | 'validate' | 'backup'> {
  return {
    ...(args.mode !== undefined ? { mode: args.mode } : {}),
    ...(args.owner !== undefined ? { owner: args.owner } : {}),
    ...(args.group !== undefined ? { group: args.group } : {}),
    ...(args.validate !== undefined ? { validate: args.validate } : {}),
    backup: args.backup,
  };
}

/**
 * The result fields Ansible's copy and template report about the file they manage: its sha1
 * checksum, size and state, and its mode and ownership as the plan leaves them (md5sum only when
 * the content is written, as Ansible reports it).
 */
export function managedFileFields(desired: DesiredFile, plan: FilePlan): Record<string, unknown> {
  const { before } = plan;
  const written = before.kind === 'absent' || before.content !== desired.content;
  const wanted = normaliseMode(desired.mode);
  const current = before.kind === 'file' ? before.mode : undefined;
  let mode = wanted ?? current ?? '0644';
  if (wanted !== undefined && !/^[0-7]+$/.test(wanted)) {
    const base = parseInt(current ?? '0644', 8);
    mode = applySymbolicMode(base, wanted, false).toString(8).padStart(4, '0');
  }
  const owner = desired.owner ?? (before.kind === 'file' ? before.owner : undefined);
  const group = desired.group ?? (before.kind === 'file' ? before.group : undefined);
  const bytes = Buffer.from(desired.content, 'utf8');
  return {
    checksum: createHash('sha1').update(bytes).digest('hex'),
    ...(written ? { md5sum: createHash('md5').update(bytes).digest('hex') } : {}),
    size: bytes.length,
    state: 'file',
    mode,
    ...(owner !== undefined ? { owner } : {}),
    ...(group !== undefined ? { group } : {}),
  };
}
