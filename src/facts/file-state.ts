// What a path currently is on the target: absent, a file (with its content), a directory or a
// link, plus mode and ownership. Content travels base64-encoded so that trailing newlines and
// binary bytes survive intact.
import { FactParseError } from '../errors.js';
import { posix } from 'node:path';
import { quote } from '../util/shell.js';
import type { FactDefinition } from './types.js';

/** The one file writer's temporaries are `.NAME.lvsplay-tmp-XXXXXX` beside the file NAME. */
export const TEMP_MARK = '.lvsplay-tmp-';

/** The shell glob (quoted prefix, bare `*`) of the temporaries a write of `path` may leave. */
export function temporariesGlob(path: string): string {
  return `${quote(`${posix.dirname(path)}/.${posix.basename(path)}${TEMP_MARK}`)}*`;
}

export interface FileState {
  kind: 'absent' | 'file' | 'directory' | 'link' | 'other';
  /** Octal permission bits as 4 digits, e.g. "0644". */
  mode?: string;
  owner?: string;
  group?: string;
  size?: number;
  /** For links: where it points. */
  linkTarget?: string;
  /** For regular files when content was asked for: the exact bytes as a (utf8) string. */
  content?: string;
  /** With content: how many temporaries an interrupted write left beside the path. */
  staleTemporaries?: number;
}

export interface FileStateArgs {
  path: string;
  /** Also read the content of a regular file (default false). */
  withContent?: boolean;
}

export const fileStateFact: FactDefinition<FileState, FileStateArgs> = {
  name: 'file_state',
  command({ path, withContent }) {
    const p = quote(path);
    // An unreadable file must not look empty (a module would overwrite it): base64 failing
    // fails the fact. LC_ALL=C keeps stat's %F words English.
    // stat -c: %F type, %a mode, %U owner, %G group, %s size. -L is not used: links are links.
    const content = withContent ? `; if [ -f ${p} ] && [ ! -L ${p} ]; then echo; base64 -w0 < ${p} || exit 3; fi` : '';
    // With content (the file writer's callers), also count temporaries of interrupted writes.
    const stale = withContent ? `n=0; for t in ${temporariesGlob(path)}; do [ -e "$t" ] && n=$((n+1)); done; [ "$n" -eq 0 ] || echo "STALE|$n"; ` : '';
    return `${stale}if [ -e ${p} ] || [ -L ${p} ]; then LC_ALL=C stat -c '%F|%a|%U|%G|%s' -- ${p}; if [ -L ${p} ]; then printf 'LINK|'; readlink -- ${p}; fi${content}; else echo ABSENT; fi`;
  },
  parse(result, { path, withContent }) {
    if (result.exitCode !== 0) throw new FactParseError('file_state', `cannot stat ${path}: ${result.stderr.trim()}`);
    let lines = result.stdout.split('\n');
    const stale = /^STALE\|(\d+)$/.exec(lines[0] ?? '');
    if (stale) lines = lines.slice(1);
    const staleTemporaries = stale ? { staleTemporaries: Number(stale[1]) } : {};
    const head = lines[0] ?? '';
    if (head === 'ABSENT') return { kind: 'absent', ...staleTemporaries };
    const fields = head.split('|');
    if (fields.length !== 5) throw new FactParseError('file_state', `unexpected stat output for ${path}`, result.stdout);
    const [type, mode, owner, group, size] = fields as [string, string, string, string, string];
    const kind = type.startsWith('regular') ? 'file' : type === 'directory' ? 'directory' : type === 'symbolic link' ? 'link' : 'other';
    const state: FileState = { kind, mode: mode.padStart(4, '0'), owner, group, size: Number(size), ...staleTemporaries };
    let rest = lines.slice(1);
    if (kind === 'link') {
      const link = rest[0] ?? '';
      if (!link.startsWith('LINK|')) throw new FactParseError('file_state', `missing link target for ${path}`, result.stdout);
      state.linkTarget = link.slice(5);
      rest = rest.slice(1);
    }
    if (kind === 'file' && withContent) {
      // Never guess an empty file from truncated output: lineinfile would drop every line.
      const encoded = rest[1];
      if (rest[0] !== '' || encoded === undefined || !/^[A-Za-z0-9+/]*={0,2}$/.test(encoded)) {
        throw new FactParseError('file_state', `missing or malformed content of ${path}`, result.stdout);
      }
      state.content = Buffer.from(encoded, 'base64').toString('utf8');
    }
    return state;
  },
};
