// find: the files (or folders, or links) below some folders that match names, age, size and
// content, as ansible-core 2.14's find returns them: in the order Python's os.walk meets them
// (each folder's files, then its folders, then what those hold), `examined` counting every entry
// of every folder walked, a path that is no folder skipped with a warning. Never a change.
import { posix } from 'node:path';
import { defineModule } from '../types.js';
import { ModuleFailure } from '../../errors.js';
import { dirWalkFact, type WalkEntry } from '../../facts/dir-walk.js';
import { fileBase64Fact } from '../../facts/file-base64.js';
import { fnmatchToRegExp } from '../../util/fnmatch.js';
import { pythonRegExp } from '../lib/python-regexp.js';
import { statResult } from './stat.js';

const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;

/** The fields of each file find returns (its stat fields without stat's extras). */
const FILE_FIELDS = ['path', 'mode', 'isdir', 'ischr', 'isblk', 'isreg', 'isfifo', 'islnk', 'issock', 'uid', 'gid', 'size', 'inode', 'dev', 'nlink'] as const;
const MORE_FIELDS = [
  'atime',
  'mtime',
  'ctime',
  'gr_name',
  'pw_name',
  'wusr',
  'rusr',
  'xusr',
  'wgrp',
  'rgrp',
  'xgrp',
  'woth',
  'roth',
  'xoth',
  'isuid',
  'isgid',
] as const;

/** "3d", "-2h", "90": seconds; "1k", "-10m": bytes (Ansible's units); undefined when not given. */
function amount(value: string | undefined, units: Record<string, number>, what: string): number | undefined {
  if (value === undefined) return undefined;
  const m = new RegExp(`^(-?\\d+)([${Object.keys(units).join('')}])?$`).exec(value.toLowerCase());
  if (!m) throw new ModuleFailure(`failed to process ${what}`, { [what]: value });
  return Number(m[1]) * (m[2] !== undefined ? units[m[2]]! : 1);
}

/** Python's os.path.normpath for the paths find reports. */
function normpath(path: string): string {
  const n = posix.normalize(path);
  return n.length > 1 ? n.replace(/\/+$/, '') : n;
}

/**
 * The entries os.walk would hand over, in its order, and how many it looked at: a folder's
 * files, then its folders, then (top-down) what each folder holds. With a depth, the entries
 * deeper than it are counted but not returned, and nothing below them is walked.
 */
export function walkOrder(top: string, entries: WalkEntry[], depth: number | undefined): { visited: WalkEntry[]; examined: number } {
  const children = new Map<string, WalkEntry[]>();
  for (const e of entries) {
    const parent = posix.dirname(e.path);
    children.set(parent, [...(children.get(parent) ?? []), e]);
  }
  const visited: WalkEntry[] = [];
  let examined = 0;
  const visit = (dir: string, level: number): void => {
    const kids = children.get(dir) ?? [];
    examined += kids.length;
    if (depth && level + 1 > depth) return;
    const folders = kids.filter((k) => k.dirLike);
    visited.push(...kids.filter((k) => !k.dirLike), ...folders);
    for (const f of folders) visit(f.path, level + 1);
  };
  visit(top.replace(/(.)\/+$/, '$1'), 0);
  return { visited, examined };
}

/** Whether a name matches one of the patterns and none of the excludes (Ansible's pfilter). */
function nameMatches(name: string, patterns: RegExp[], excludes: RegExp[]): boolean {
  return patterns.some((p) => p.test(name)) && !excludes.some((e) => e.test(name));
}

/** A pattern as find matches names: a glob (whole name) or a Python regexp matched at the start. */
function namePattern(pattern: string, regex: boolean): RegExp {
  if (!regex) return fnmatchToRegExp(pattern);
  const re = pythonRegExp(pattern, 'find: pattern');
  return new RegExp(`^(?:${re.source})`, re.flags);
}

/** contains: a line matching from its start, or with read_whole_file anywhere in the text. */
function contentMatches(base64: string, re: RegExp, wholeFile: boolean): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(base64, 'base64'));
  } catch {
    return false; // Python fails to read it as text: no match
  }
  if (wholeFile) return re.test(text);
  const anchored = new RegExp(`^(?:${re.source})`, re.flags);
  return text.split(/\r\n|\n|\r/).some((line) => anchored.test(line));
}

export const findModule = defineModule({
  name: 'find',
  checkMode: 'plan',
  spec: {
    short_description: 'The files, folders or links below folders that match names, age, size or content',
    description: [
      "Read on the host with find(1) and stat(1), no Python. Results come in the order Python's os.walk meets them, as in Ansible: each folder's files, then its folders, then what those hold.",
      'A path that is not a folder is skipped with a warning (listed in skipped_paths); never a change.',
    ],
    options: {
      paths: { type: 'list', elements: 'str', required: true, aliases: ['name', 'path'], description: 'The folders to search.' },
      patterns: {
        type: 'list',
        elements: 'str',
        default: [],
        aliases: ['pattern'],
        description: 'Names to match: shell globs, or with use_regex Python regular expressions (matched from the start of the name). None matches every name.',
      },
      excludes: { type: 'list', elements: 'str', aliases: ['exclude'], description: 'Names to leave out, of the same kind as patterns.' },
      contains: {
        description: 'A regular expression a file must hold: matched from the start of some line, or with read_whole_file anywhere. Only for file_type file.',
      },
      read_whole_file: { type: 'bool', default: false, description: 'Search contains in the whole text rather than line by line.' },
      file_type: { choices: ['any', 'directory', 'file', 'link'], default: 'file', description: 'What kind of entries to return.' },
      age: { description: 'Entries at least this old (5d, 2h, 30m, 10s, 1w; no unit: seconds), or with a minus at most this old.' },
      age_stamp: { choices: ['atime', 'ctime', 'mtime'], default: 'mtime', description: 'Which time age compares.' },
      size: { description: 'Files at least this large (10k, 1m, 2g, 1t, 100b; no unit: bytes), or with a minus at most this large.' },
      recurse: { type: 'bool', default: false, description: 'Look below the folders too.' },
      depth: { type: 'int', description: "With recurse, how many levels down to look (1: the folders' own entries); 0 or unset: all." },
      hidden: { type: 'bool', default: false, description: 'Include entries whose names start with a dot.' },
      follow: { type: 'bool', default: false, description: 'With recurse, walk into links to folders (the links are still reported as links).' },
      get_checksum: { type: 'bool', default: false, description: 'Add the SHA-1 of each regular file as checksum.' },
      use_regex: { type: 'bool', default: false, description: 'patterns and excludes are Python regular expressions, not globs.' },
    },
    examples: [
      '- find:',
      '    paths: /etc/keepalived/conf.d',
      "    patterns: '*.conf'",
      '    age: 2d',
      '  register: old',
      '',
      '- file:',
      '    path: "{{ item.path }}"',
      '    state: absent',
      '  loop: "{{ old.files }}"',
    ].join('\n'),
    returns: {
      files: {
        description:
          'each entry found: path, mode, isdir/isreg/islnk..., uid, gid, pw_name, gr_name, size, times, permission flags (checksum with get_checksum)',
        type: 'list',
        returned: 'success',
      },
      matched: { description: 'how many were found', type: 'int', returned: 'success' },
      examined: { description: 'how many entries were looked at', type: 'int', returned: 'success' },
      skipped_paths: { description: 'paths that could not be searched, with why', type: 'dict', returned: 'success' },
      msg: { description: "'All paths examined', or 'Not all paths examined, check warnings for details'", type: 'str', returned: 'success' },
    },
  },
  async plan(args, ctx) {
    const regex = args.use_regex;
    const patterns = (args.patterns.length > 0 ? args.patterns : [regex ? '.*' : '*']).map((p) => namePattern(p, regex));
    const excludes = (args.excludes ?? []).map((p) => namePattern(p, regex));
    const age = amount(args.age, { s: 1, m: 60, h: 3600, d: 86400, w: 604800 }, 'age');
    const size = amount(args.size, { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }, 'size');
    const contains = args.contains !== undefined ? pythonRegExp(args.contains, 'find: contains') : undefined;
    const depth = args.depth || undefined;
    const maxDepth = !args.recurse ? 1 : depth !== undefined ? depth + 1 : null;
    const checksum = args.get_checksum && args.file_type !== 'directory' && args.file_type !== 'link';
    const walks = await Promise.all(args.paths.map((path) => ctx.fact(dirWalkFact, { path, follow: args.follow, maxDepth, checksum })));

    const found: WalkEntry[] = [];
    const skipped: Record<string, string> = {};
    let examined = 0;
    args.paths.forEach((path, i) => {
      const walk = walks[i]!;
      if (walk.kind === 'not-directory') {
        skipped[path] = `'${path}' is not a directory`;
        return;
      }
      if (walk.error !== undefined) skipped[path] = walk.error;
      const { visited, examined: looked } = walkOrder(path, walk.entries, depth);
      examined += looked;
      const ageOk = (e: WalkEntry): boolean => {
        if (age === undefined) return true;
        const elapsed = walk.now - e[args.age_stamp];
        return age >= 0 ? elapsed >= age : elapsed <= -age;
      };
      const sizeOk = (e: WalkEntry): boolean => size === undefined || (size >= 0 ? e.size >= size : e.size <= -size);
      for (const e of visited) {
        const name = posix.basename(e.path);
        if (name.startsWith('.') && !args.hidden) continue;
        const type = e.rawMode & S_IFMT;
        if (!nameMatches(name, patterns, excludes) || !ageOk(e)) continue;
        const wanted =
          args.file_type === 'any'
            ? type !== S_IFREG || sizeOk(e)
            : args.file_type === 'directory'
              ? type === S_IFDIR
              : args.file_type === 'link'
                ? type === S_IFLNK
                : type === S_IFREG && sizeOk(e);
        if (wanted) found.push(e);
      }
    });

    // contains reads the candidates' text, all in one round trip.
    let files = found;
    if (contains !== undefined && args.file_type === 'file') {
      const texts = await Promise.all(found.map((e) => ctx.fact(fileBase64Fact, { path: e.path })));
      files = found.filter((_e, i) => {
        const t = texts[i]!;
        return t.kind === 'file' && contentMatches(t.base64, contains, args.read_whole_file);
      });
    }

    const warnings = Object.entries(skipped).map(([path, why]) => `Skipped '${path}' path due to this access issue: ${why}\n`);
    const result = files.map((e) => {
      const path = normpath(e.path);
      const st = statResult(path, { exists: true, ...e });
      const out: Record<string, unknown> = Object.fromEntries([...FILE_FIELDS, ...MORE_FIELDS].map((k) => [k, st[k]]));
      if (e.checksum !== undefined && args.get_checksum) out.checksum = e.checksum;
      return out;
    });
    return {
      steps: [],
      msg: warnings.length > 0 ? 'Not all paths examined, check warnings for details' : 'All paths examined',
      data: { files: result, matched: result.length, examined, skipped_paths: skipped, ...(warnings.length > 0 ? { warnings } : {}) },
    };
  },
});
