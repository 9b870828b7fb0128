// A git checkout as the git module needs it, in one round trip: whether git is installed,
// whether DEST holds a repository (DEST/.git/config, or DEST/config when bare, as Ansible
// looks), its HEAD commit, origin's URL, whether tracked files were changed, the commit VERSION
// names there, and what the remote says VERSION is (`git ls-remote`, a read of the remote).
import { FactParseError } from '../errors.js';
import { quote } from '../util/shell.js';
import type { FactDefinition } from './types.js';

export interface GitCheckoutArgs {
  repo: string;
  dest: string;
  /** A branch, a tag, a commit, or HEAD. */
  version: string;
  bare: boolean;
  remote: string;
}

export interface RemoteRef {
  sha: string;
  /** e.g. refs/heads/main, refs/tags/v1, refs/tags/v1^{} (an annotated tag's commit), HEAD. */
  ref: string;
}

export type GitCheckout =
  | { git: 'missing' }
  | {
      git: 'present';
      repo: 'absent';
      remote: RemoteRef[];
      /** ls-remote's exit status and complaint (0 and '' when it answered). */
      remoteExit: number;
      remoteError: string;
    }
  | {
      git: 'present';
      repo: 'present';
      head: string | undefined;
      url: string | undefined;
      /** Tracked files differ from HEAD (untracked files do not count, as in Ansible). */
      modified: boolean;
      /** The commit VERSION names in the local repository, if it knows it. */
      localVersion: string | undefined;
      remote: RemoteRef[];
      remoteExit: number;
      remoteError: string;
    };

const SHA = /^[0-9a-f]{40}$/;

export const gitCheckoutFact: FactDefinition<GitCheckout, GitCheckoutArgs> = {
  name: 'git_checkout',
  needsBecome: true,
  command({ repo, dest, version, bare, remote }) {
    const git = bare ? `git --git-dir=${quote(dest)}` : `git -C ${quote(dest)}`;
    const config = bare ? `${dest}/config` : `${dest}/.git/config`;
    return [
      'command -v git >/dev/null 2>&1 || { echo git=missing; exit 0; }',
      'echo git=present',
      `if [ -f ${quote(config)} ]; then`,
      '  echo repo=present',
      `  echo "head=$(${git} rev-parse --verify -q HEAD 2>/dev/null)"`,
      `  echo "url=$(${git} config --get ${quote(`remote.${remote}.url`)} 2>/dev/null)"`,
      bare
        ? '  echo modified=no'
        : `  if [ -n "$(${git} status --porcelain --untracked-files=no 2>/dev/null)" ]; then echo modified=yes; else echo modified=no; fi`,
      `  echo "local=$(${git} rev-parse --verify -q ${quote(`${version}^{commit}`)} 2>/dev/null)"`,
      'else echo repo=absent; fi',
      // stderr joins stdout so nothing is written to the host; on success only ref lines are kept
      // `VERSION^{}` too: an annotated tag's commit is listed under that name only
      `out=$(git ls-remote ${quote(repo)} ${quote(version)} ${quote(`${version}^{}`)} 2>&1); rc=$?`,
      'echo "remote_exit=$rc"',
      `if [ $rc -eq 0 ]; then printf '%s\\n' "$out" | grep -E '^[0-9a-f]{40}[[:space:]]' | sed 's/^/ref /'; else printf '%s\\n' "$out" | sed 's/^/error /'; fi`,
    ].join('\n');
  },
  parse(result) {
    if (result.exitCode !== 0) throw new FactParseError('git_checkout', `exit ${result.exitCode}: ${result.stderr.trim()}`, result.stdout);
    const fields = new Map<string, string>();
    const remote: RemoteRef[] = [];
    const errors: string[] = [];
    for (const line of result.stdout.split('\n')) {
      if (line.startsWith('ref ')) {
        const [sha, ref] = line.slice(4).split('\t');
        if (sha === undefined || ref === undefined || !SHA.test(sha))
          throw new FactParseError('git_checkout', `unexpected ls-remote line '${line.slice(4)}'`, result.stdout);
        remote.push({ sha, ref });
      } else if (line.startsWith('error ')) errors.push(line.slice(6));
      else if (line.includes('=')) fields.set(line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1));
    }
    if (fields.get('git') === 'missing') return { git: 'missing' };
    const remoteExit = Number(fields.get('remote_exit'));
    if (fields.get('git') !== 'present' || Number.isNaN(remoteExit)) throw new FactParseError('git_checkout', 'unexpected output', result.stdout);
    const remoteError = errors.join('\n').trim();
    if (fields.get('repo') === 'absent') return { git: 'present', repo: 'absent', remote, remoteExit, remoteError };
    const orUndefined = (v: string | undefined): string | undefined => (v === undefined || v === '' ? undefined : v);
    return {
      git: 'present',
      repo: 'present',
      head: orUndefined(fields.get('head')),
      url: orUndefined(fields.get('url')),
      modified: fields.get('modified') === 'yes',
      localVersion: orUndefined(fields.get('local')),
      remote,
      remoteExit,
      remoteError,
    };
  },
};
