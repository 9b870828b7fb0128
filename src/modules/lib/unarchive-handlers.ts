// unarchive's two handlers, as ansible-core names them: what each reads from the host about an
// archive and its folder, and the unpacking step it plans when something is missing or differs.
// tar (TgzArchive/TarArchive) compares with `tar --diff`; zip (ZipArchive) unpacks into a
// scratch folder on the host and compares each name there with the one on disk.
import type { Step } from '../types.js';
import type { FactDefinition } from '../../facts/types.js';
import { tarArchiveFact, tarCommand, tarWords, type TarArchive, type TarArchiveArgs } from '../../facts/tar-archive.js';
import { unzipCommand, unzipWords, zipArchiveFact, type ZipArchiveArgs } from '../../facts/zip-archive.js';
import { quote } from '../../util/shell.js';

export interface ArchiveOptions {
  src: string;
  dest: string;
  include: string[];
  exclude: string[];
  extra_opts: string[];
  owner?: string | undefined;
  group?: string | undefined;
  keep_newer: boolean;
}

type Attributes = { mode: string; owner: string; group: string };

/** What a handler found: a problem, or the archive's names, what is there, and the steps. */
export type ArchiveReading =
  | { problem: string; reason?: string | undefined }
  | {
      problem?: undefined;
      handler: 'TgzArchive' | 'TarArchive' | 'ZipArchive';
      /** What Ansible registers as diff (the zip handler's itemized differences), when any. */
      diff?: { prepared: string };
      files: string[];
      present: Record<string, Attributes>;
      dest: NonNullable<TarArchive['dest']>;
      steps: Step[];
      /** The unpacking step (when planned) and its words as extract_results.cmd shows them. */
      unpack: Step;
      words: string[];
    };

/** Reads a fact about the archive (on the host, or sent with the read). */
export type ArchiveRead = <T, A>(fact: FactDefinition<T, A>, args: A) => Promise<T>;

/** How a handler reads and unpacks: the same for both. */
export interface HandlerContext {
  read: ArchiveRead;
  /** The step that runs an unpacking command (with the archive sent along when it is the controller's). */
  unpacking: (command: string) => Step;
  /** The mode the task asks for (normalised), compared after unpacking rather than as a difference. */
  mode: string | undefined;
  /** The archive is on the host already. */
  remote: boolean;
}

/** A zip's first bytes: PK\3\4 (a file entry) or PK\5\6 (an empty archive's end record). */
export function isZip(head: Buffer): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6));
}

/** The lines of `tar --diff` that mean the archive is not (wholly) unpacked, by Ansible's rules. */
export function unpackedDifferences(
  diff: string[],
  runAsRoot: boolean,
  attrs: { mode?: unknown; owner?: string | undefined; group?: string | undefined },
): string[] {
  return diff.filter((line) => {
    if (/: : Warning: Cannot stat: No such file or directory$/.test(line)) return false;
    return (
      (runAsRoot && attrs.owner === undefined && /: Uid differs$/.test(line)) ||
      (runAsRoot && attrs.group === undefined && /: Gid differs$/.test(line)) ||
      (attrs.mode === undefined && /: Mode differs$/.test(line)) ||
      /: Mod time differs$/.test(line) ||
      /: Warning: Cannot stat: No such file or directory$/.test(line) ||
      /: Invalid (owner|group)/.test(line)
    );
  });
}

/** tar: the archive's listing and `tar --diff`, or problem 'zip' when it is a zip. */
export async function readTar(args: ArchiveOptions, { read, unpacking, mode, remote }: HandlerContext): Promise<ArchiveReading> {
  const options = [
    ...(args.extra_opts.length > 0 ? ['--show-transformed-names', ...args.extra_opts] : []),
    ...(args.owner !== undefined ? [`--owner=${args.owner}`] : []),
    ...(args.group !== undefined ? [`--group=${args.group}`] : []),
    ...(args.keep_newer ? ['--keep-newer-files'] : []),
    ...args.exclude.map((e) => `--exclude=${e.replace(/\/+$/, '')}`),
  ];
  const base = { dest: args.dest, options, include: args.include };
  const a: TarArchiveArgs = { ...base, src: remote ? quote(args.src) : '"$tmp"' };
  const archive = await read(tarArchiveFact, a);
  if (archive.problem !== undefined) return { problem: archive.problem, reason: archive.reason };
  const unpack = unpacking(tarCommand('--extract', a, archive.flag ?? ''));
  const differences = unpackedDifferences(archive.diff ?? [], archive.uid === 0, { mode, owner: args.owner, group: args.group });
  return {
    handler: archive.flag === '-z' ? 'TgzArchive' : 'TarArchive',
    files: archive.files ?? [],
    present: archive.present ?? {},
    dest: archive.dest!,
    steps: differences.length > 0 ? [unpack] : [],
    unpack,
    words: tarWords('--extract', { ...base, src: remote ? args.src : 'source' }, archive.flag ?? '', archive.tarPath),
  };
}

/** zip: the archive's names compared one by one with what is on disk. */
export async function readZip(args: ArchiveOptions, { read, unpacking, mode, remote }: HandlerContext): Promise<ArchiveReading> {
  const a: ZipArchiveArgs = {
    src: remote ? quote(args.src) : '"$tmp"',
    dest: args.dest,
    include: args.include,
    exclude: args.exclude.map((e) => e.replace(/\/+$/, '')),
    compareMode: mode === undefined,
    compareOwner: args.owner === undefined && args.group === undefined,
    keepNewer: args.keep_newer,
  };
  const archive = await read(zipArchiveFact, a);
  if (archive.problem !== undefined) return { problem: archive.problem, reason: archive.reason };
  // keep_newer: -u leaves a file alone where the one on disk is newer (Ansible excludes those names)
  const options = [...(args.keep_newer ? ['-u'] : []), ...args.extra_opts];
  const unpack = unpacking(unzipCommand({ ...a, options }));
  const prepared = preparedDiff(archive.files ?? [], archive.diff ?? []);
  return {
    handler: 'ZipArchive',
    ...(prepared ? { diff: { prepared } } : {}),
    files: archive.files ?? [],
    present: archive.present ?? {},
    dest: archive.dest!,
    steps: (archive.diff ?? []).length > 0 ? [unpack] : [],
    unpack,
    words: unzipWords({ ...a, options, src: remote ? args.src : 'source' }, archive.unzipPath),
  };
}

/** Where each difference shows in Ansible's itemized line (rsync's): .f.......?? with these letters. */
const ITEMIZED: Record<string, [number, string]> = {
  'content differs': [2, 'c'],
  'size differs': [3, 's'],
  'mtime differs': [4, 't'],
  'mode differs': [5, 'p'],
  'owner differs': [6, 'o'],
};

/**
 * The zip handler's `diff.prepared`, as Ansible reports it: one itemized line per name that
 * differs, in the archive's order (">f++++++.?? NAME" for a missing one).
 */
export function preparedDiff(files: string[], differences: string[]): string {
  const found = new Map<string, string[]>();
  for (const line of differences) {
    const at = line.lastIndexOf(': ');
    const name = line.slice(0, at);
    found.set(name, [...(found.get(name) ?? []), line.slice(at + 2)]);
  }
  let out = '';
  for (const name of files) {
    const what = found.get(name);
    if (what === undefined) continue;
    const type = name.endsWith('/') ? 'd' : 'f';
    if (what.includes('missing') || what.includes('type differs')) {
      out += `${what.includes('missing') ? '>' : 'c'}${type}++++++.?? ${name}\n`;
      continue;
    }
    const item = ['.', type, '.', '.', '.', '.', '.', '.', '.', '?', '?'];
    for (const w of what) {
      const [at, letter] = ITEMIZED[w] ?? [];
      if (at !== undefined) item[at] = letter!;
    }
    out += `${item.join('')} ${name}\n`;
  }
  return out;
}

/** Ansible's message for a problem a handler found. */
export function problemMessage(problem: string, src: string, dest: string, remote: boolean, host: string, reason?: string): string {
  switch (problem) {
    case 'src-missing':
      return remote ? `Source '${src}' does not exist` : `Source '${src}' failed to transfer`;
    case 'src-unreadable':
      return `Source '${src}' not readable`;
    case 'src-empty':
      return `Invalid archive '${src}', the file is 0 bytes`;
    case 'dest-not-dir':
      return `dest '${dest}' must be an existing dir`;
    case 'no-unzip':
      return `unarchive: '${src}' is a zip archive and ${host} has no unzip (install the unzip package)`;
    default:
      return `Failed to find handler for "${src}". Make sure the required command to extract the file is installed. ${problem === 'no-gnu-tar' ? 'GNU tar required.' : (reason ?? '').trim()}`;
  }
}
