// git: a checkout of a repository at a version, made and updated with the host's own git.
// Everything is read in one round trip (facts/git-checkout.ts, including `git ls-remote` for
// what VERSION is on the remote), so check mode reports the change and the commit it would
// reach without cloning or fetching. Results (before, after, remote_url_changed) and messages
// as ansible-core 2.14's git module gives them (compared on the same repositories). Unlike it,
// update: no changes nothing at all (2.14 still sets the remote's URL there, reporting no
// change), and clone: no with no repository reports a change as 2.14 does, cloning nothing.
import { posix } from 'node:path';
import { defineModule, type Plan, type Step } from '../types.js';
import { ModuleFailure } from '../../errors.js';
import { gitCheckoutFact, type GitCheckout, type RemoteRef } from '../../facts/git-checkout.js';
import { quote } from '../../util/shell.js';
import type { ArgsOf, OptionSpecs } from '../../argspec/declaration.js';

const FULL_SHA = /^[0-9a-f]{40}$/;
const SHA_PREFIX = /^[0-9a-f]{7,40}$/;

/** What VERSION names on the remote: a branch, a tag (its commit), HEAD, or nothing known there. */
interface RemoteVersion {
  kind: 'branch' | 'tag' | 'head' | 'other';
  sha: string | undefined;
}

function remoteVersion(version: string, refs: RemoteRef[]): RemoteVersion {
  const find = (ref: string): string | undefined => refs.find((r) => r.ref === ref)?.sha;
  if (version === 'HEAD') return { kind: 'head', sha: find('HEAD') };
  const branch = find(`refs/heads/${version}`);
  if (branch !== undefined) return { kind: 'branch', sha: branch };
  // an annotated tag's commit is the peeled line (^{})
  const tag = find(`refs/tags/${version}^{}`) ?? find(`refs/tags/${version}`);
  if (tag !== undefined) return { kind: 'tag', sha: tag };
  return { kind: 'other', sha: FULL_SHA.test(version) ? version : undefined };
}

const GIT_OPTIONS = {
  repo: { required: true, aliases: ['name'], description: 'The repository: a URL (file://, ssh, https) or a path on the host.' },
  dest: { type: 'path', required: true, description: 'Where the checkout is (the repository itself when bare).' },
  version: { default: 'HEAD', description: 'A branch, a tag, a commit (full or abbreviated), or HEAD for the default branch.' },
  force: { type: 'bool', default: false, description: 'Discard local changes to tracked files; otherwise they fail the task.' },
  depth: { type: 'int', minimum: 1, description: 'Clone and fetch only this many commits (HEAD, a branch or a tag; a commit is cloned in full).' },
  update: { type: 'bool', default: true, description: 'Bring an existing checkout to VERSION; false leaves it as it is.' },
  clone: { type: 'bool', default: true, description: 'Clone when DEST holds no repository; false leaves it absent.' },
  bare: { type: 'bool', default: false, description: 'A bare repository (no working tree).' },
  remote: { default: 'origin', description: 'The name of the remote.' },
} as const satisfies OptionSpecs;

type GitArgs = ArgsOf<typeof GIT_OPTIONS>;

/** Whether origin's URL already names REPO: the same text, or the same local path written another way. */
function sameRepository(url: string | undefined, repo: string): boolean {
  if (url === undefined) return false;
  const isPath = (s: string): boolean => s.startsWith('/');
  return url === repo || (isPath(url) && isPath(repo) && posix.normalize(url) === posix.normalize(repo));
}

export const gitModule = defineModule({
  name: 'git',
  checkMode: 'plan',
  spec: {
    short_description: 'Check out a git repository at a version',
    description: [
      "Clones REPO into DEST (or updates the checkout there) with the host's git, and checks out VERSION: a branch, a tag, a commit or HEAD.",
      'Returns the commit before and after. Check mode asks the remote what VERSION is (git ls-remote) and reports the change without cloning or fetching.',
      'Local changes to tracked files stop the task unless force is set, as in Ansible.',
    ],
    options: GIT_OPTIONS,
    examples: ['- git:', '    repo: https://git.example.org/lb/keepalived-conf.git', '    dest: /srv/keepalived-conf', '    version: v1.4'].join('\n'),
    returns: {
      before: { description: 'The commit checked out before, null when there was no repository', type: 'str', returned: 'always' },
      after: { description: 'The commit checked out after', type: 'str', returned: 'success' },
      remote_url_changed: { description: "Whether the remote's URL was set to REPO", type: 'bool', returned: 'when DEST held a repository' },
    },
  },
  async plan(args, ctx) {
    const { repo, dest, version, bare, remote } = args;
    const state = await ctx.fact(gitCheckoutFact, { repo, dest, version, bare, remote });
    if (state.git === 'missing') throw new ModuleFailure('Failed to find required executable "git" on the host');
    if (state.remoteExit !== 0)
      throw new ModuleFailure(`Failed to read the remote's refs (git ls-remote ${repo} ${version}): ${state.remoteError || `exit ${state.remoteExit}`}`);
    const wanted = remoteVersion(version, state.remote);
    if (wanted.kind === 'head' && wanted.sha === undefined) throw new ModuleFailure(`The remote ${repo} has no HEAD`);
    if (wanted.kind === 'other' && !SHA_PREFIX.test(version))
      throw new ModuleFailure(`Cannot find version ${version} in ${repo}: not a branch, a tag or a commit`);
    const git = bare ? `git --git-dir=${quote(dest)}` : `git -C ${quote(dest)}`;
    const revParse: Step = { describe: `read ${dest}'s commit`, command: `${git} rev-parse HEAD` };
    if (state.repo === 'absent') return planClone(args, wanted, revParse);
    return planUpdate(args, state, wanted, git, revParse);
  },
  summarize(_args, plan, outputs) {
    // the last step reads the commit reached (an abbreviated version is known only then)
    const last = outputs.at(-1)?.stdout.trim();
    return plan.steps.length > 0 && last !== undefined && FULL_SHA.test(last) ? { after: last } : {};
  },
});

function planClone(args: GitArgs, wanted: RemoteVersion, revParse: Step): Plan {
  const { repo, dest, version, bare, remote, depth } = args;
  const data = { before: null, after: wanted.sha ?? null };
  // measured on ansible-core 2.14: with clone: no it reports a change, and clones nothing
  if (!args.clone) return { steps: [], forceChanged: true, data };
  // --branch reaches a branch or a tag in the clone itself; a commit is checked out after a full clone
  const byBranch = wanted.kind === 'branch' || wanted.kind === 'tag';
  const shallow = depth !== undefined && wanted.kind !== 'other';
  const words = [
    'git',
    'clone',
    ...(bare ? ['--bare'] : []),
    '--origin',
    remote,
    ...(shallow ? ['--depth', String(depth)] : []),
    ...(byBranch ? ['--branch', version] : []),
  ];
  const steps: Step[] = [{ describe: `clone ${repo} into ${dest}`, command: `${words.map(quote).join(' ')} -- ${quote(repo)} ${quote(dest)}` }];
  if (wanted.kind === 'other' && !bare) steps.push({ describe: `check out ${version}`, command: `git -C ${quote(dest)} checkout --force ${quote(version)}` });
  steps.push(revParse);
  return { steps, diff: [{ label: dest, before: '', after: `>> Newly checked out ${wanted.sha ?? version}\n` }], data };
}

function planUpdate(args: GitArgs, state: Extract<GitCheckout, { repo: 'present' }>, wanted: RemoteVersion, git: string, revParse: Step): Plan {
  const { repo, dest, version, bare, remote, depth, force } = args;
  const before = state.head ?? null;
  if (state.modified && !force) throw new ModuleFailure(`Local modifications exist in the destination: ${dest} (force=no).`, { before });
  if (!args.update) return { steps: [], data: { before, after: before } };
  const target = wanted.sha ?? state.localVersion;
  const urlChanged = !sameRepository(state.url, repo);
  if (target !== undefined && target === before && !urlChanged && !state.modified)
    return { steps: [], data: { before, after: before, remote_url_changed: false } };
  const steps: Step[] = [];
  if (urlChanged)
    steps.push({
      describe: `set ${remote}'s URL to ${repo}`,
      command: state.url === undefined ? `${git} remote add ${quote(remote)} ${quote(repo)}` : `${git} remote set-url ${quote(remote)} ${quote(repo)}`,
    });
  const depthWords = depth !== undefined ? ` --depth ${depth}` : '';
  if (bare) {
    // a bare repository mirrors the remote's branches and tags
    steps.push({
      describe: `fetch ${remote} into ${dest}`,
      command: `${git} fetch${depthWords} --force ${quote(remote)} '+refs/heads/*:refs/heads/*' '+refs/tags/*:refs/tags/*'`,
    });
  } else {
    steps.push({ describe: `fetch ${remote}`, command: `${git} fetch${depthWords} --tags --force ${quote(remote)}` });
    if (wanted.kind === 'branch')
      steps.push({ describe: `check out branch ${version}`, command: `${git} checkout --force -B ${quote(version)} ${quote(`${remote}/${version}`)}` });
    else if (wanted.kind === 'head') steps.push({ describe: `reset to ${remote}'s HEAD`, command: `${git} reset --hard ${quote(target!)}` });
    else steps.push({ describe: `check out ${version}`, command: `${git} checkout --force ${quote(target ?? version)}` });
  }
  steps.push(revParse);
  const after = target ?? null;
  const diff = [{ label: dest, before: `${before ?? ''}\n`, after: `${after ?? version}\n` }];
  return {
    steps,
    diff,
    ...(state.modified ? { msg: `Local modifications exist in the destination: ${dest}` } : {}),
    data: { before, after, remote_url_changed: urlChanged },
  };
}
