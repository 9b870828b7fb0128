// file: a path's state (file, directory, absent, touch, link, hard) with its mode, ownership and
// times, as ansible-core 2.14's file module does it: the same states and errors, `touch` changes
// times (so it reports a change unless both times are preserved), links follow `force` and
// `follow`, and the registered result carries Ansible's before/after `diff` mapping.
import { posix } from 'node:path';
import { defineModule, type ModuleContext, type Plan, type Step } from '../types.js';
import { attributeSteps, normaliseMode } from '../lib/managed-file.js';
import { FILE_ATTRIBUTE_OPTIONS } from '../lib/file-options.js';
import { pathStatFact, type PathStat } from '../../facts/path-stat.js';
import { quote } from '../../util/shell.js';
import { ModuleFailure } from '../../errors.js';
import { treeDiffersFact } from '../../facts/tree-differs.js';
import type { FactReader } from '../../facts/types.js';
import type { FileState } from '../../facts/file-state.js';
import { planTimes, TIME_OPTIONS } from '../lib/file-times.js';
import type { ArgsOf, OptionSpecs } from '../../argspec/declaration.js';

/** recurse: chmod -R / chown -R when anything below differs (symbolic modes: always). */
async function recursiveAttributes(
  fact: FactReader,
  path: string,
  mode: string | undefined,
  owner: string | undefined,
  group: string | undefined,
): Promise<Step[]> {
  const steps: Step[] = [];
  const p = quote(path);
  const octal = mode !== undefined && /^[0-7]+$/.test(mode);
  if (mode !== undefined && (!octal || (await fact(treeDiffersFact, { path, mode })))) {
    steps.push({ describe: `chmod -R ${mode} ${path}`, command: `chmod -R ${quote(mode)} -- ${p}` });
  }
  if (owner !== undefined || group !== undefined) {
    const wanted = { path, ...(owner !== undefined ? { owner } : {}), ...(group !== undefined ? { group } : {}) };
    if (await fact(treeDiffersFact, wanted)) {
      const who = `${owner ?? ''}${group !== undefined ? ':' + group : ''}`;
      steps.push({ describe: `chown -R ${who} ${path}`, command: `chown -R ${quote(who)} -- ${p}` });
    }
  }
  return steps;
}

const FILE_OPTIONS = {
  path: { type: 'path', required: true, aliases: ['dest', 'name'], description: 'The path to manage.' },
  state: {
    choices: ['absent', 'directory', 'file', 'hard', 'link', 'touch'],
    description: [
      'What the path should be. file only changes attributes of an existing file; touch creates a file or updates its times; link and hard make a symbolic or hard link to src; absent removes it (a directory with everything in it).',
      'Left out: what the path is now, or file for a missing path (directory with recurse).',
    ],
  },
  src: { type: 'path', description: 'The target of a link (state=link or hard); a relative src is relative to the folder of the link.' },
  ...FILE_ATTRIBUTE_OPTIONS,
  recurse: { type: 'bool', default: false, description: 'With state=directory: set mode, owner and group on everything below too.' },
  force: {
    type: 'bool',
    default: false,
    description: 'For links: replace a file or an empty directory at path, and make a symbolic link to a src that does not exist.',
  },
  follow: { type: 'bool', default: true, description: 'When path is a symbolic link, manage what it points to (except for state link, hard and absent).' },
  ...TIME_OPTIONS,
  // set by Ansible's own action plugins (copy, template): accepted, as Ansible does
  _diff_peek: { type: 'bool', description: 'Internal (asked by action plugins before a diff): report whether the file looks binary.' },
  _original_basename: { description: 'Internal (set by action plugins); accepted and ignored.' },
} as const satisfies OptionSpecs;

type FileArgs = ArgsOf<typeof FILE_OPTIONS>;
type State = NonNullable<FileArgs['state']>;
/** What a path is, in Ansible's words: a regular file with more than one name is 'hard'. */
type Found = 'absent' | 'file' | 'directory' | 'link' | 'hard';

const S_IFMT = 0o170000;

function foundState(st: PathStat): Found {
  if (!st.exists) return 'absent';
  const type = (st.rawMode ?? 0) & S_IFMT;
  if (type === 0o120000) return 'link';
  if (type === 0o040000) return 'directory';
  return (st.nlink ?? 1) > 1 ? 'hard' : 'file';
}

/** The attribute writer's view of a path (mode as "0644"). */
function asFileState(st: PathStat): FileState {
  if (!st.exists) return { kind: 'absent' };
  const found = foundState(st);
  return {
    kind: found === 'hard' ? 'file' : found,
    mode: ((st.rawMode ?? 0) & 0o7777).toString(8).padStart(4, '0'),
    ...(st.owner !== undefined ? { owner: st.owner } : {}),
    ...(st.group !== undefined ? { group: st.group } : {}),
  };
}

const statOf = (ctx: ModuleContext, path: string, follow = false): Promise<PathStat> =>
  ctx.fact(pathStatFact, { path, follow, checksum: null, mime: false, attributes: false });

export const fileModule = defineModule({
  name: 'file',
  checkMode: 'plan',
  spec: {
    short_description: "Set a path's state (file, directory, link, hard link, absent, touched), mode, owner and times",
    description: [
      'Nothing is written into files: copy, template, lineinfile and blockinfile do that.',
      'The registered result carries a before/after mapping of what changed (state, mode, times), as in Ansible.',
    ],
    options: FILE_OPTIONS,
    examples: [
      '- file:',
      '    path: /etc/keepalived',
      '    state: directory',
      "    mode: '0750'",
      '',
      '- file: path=/usr/local/bin/ipvsadm-save src=/usr/sbin/ipvsadm state=link',
    ].join('\n'),
    returns: {
      path: { description: 'the path managed (for state file, directory, absent)', type: 'str', returned: 'always' },
      dest: { description: 'the path managed (for state touch, link, hard)', type: 'str', returned: 'always' },
      state: { description: 'what the path is afterwards', type: 'str', returned: 'always' },
      diff: { description: 'before/after mapping of what changed', type: 'dict', returned: 'always' },
    },
  },
  async plan(args, ctx) {
    let path = args.path;
    let st = await statOf(ctx, path);
    let before = foundState(st);
    const follow = args.follow;
    if (args._diff_peek === true) return diffPeek(ctx, path, st, before);
    const state: State = args.state ?? (before !== 'absent' ? (before === 'hard' ? 'file' : before) : args.recurse ? 'directory' : 'file');
    // Followed, a link stands for what it points to (for every state but link, hard and absent).
    if (follow && before === 'link' && state !== 'link' && state !== 'hard' && state !== 'absent') {
      path = st.realPath ?? path;
      st = await statOf(ctx, path);
      before = foundState(st);
    }
    const mode = normaliseMode(args.mode);
    const p = quote(path);
    const base = { path, mode, st, before };
    switch (state) {
      case 'absent': {
        if (before === 'absent') return { steps: [], data: { path, state: 'absent' } };
        const diff = { before: { path, state: before }, after: { path, state: 'absent' } };
        return {
          steps: [{ describe: `remove ${path}`, command: `rm -rf -- ${p}` }],
          diff: textDiff(path, before, 'absent'),
          data: { path, state: 'absent', diff },
        };
      }
      case 'file': {
        if (before === 'absent' || before === 'directory') {
          throw new ModuleFailure(`file (${path}) is ${before}, cannot continue`, { path, state: before });
        }
        return finish(ctx, args, base, [], before, 'path');
      }
      case 'directory': {
        if (before === 'absent') {
          const steps = [{ describe: `create directory ${path}`, command: `mkdir -p -- ${p}` }];
          return finish(ctx, args, { ...base, st: { exists: false } }, steps, 'directory', 'path');
        }
        if (before !== 'directory') throw new ModuleFailure(`${path} already exists as a ${before}`, { path });
        if (args.recurse) {
          const steps = await recursiveAttributes(ctx.fact, path, mode, args.owner, args.group);
          return finish(ctx, args, base, steps, 'directory', 'path', { attributesDone: true });
        }
        return finish(ctx, args, base, [], 'directory', 'path');
      }
      case 'touch': {
        if (before === 'absent') {
          const steps = [{ describe: `create file ${path}`, command: `touch -- ${p}` }];
          return finish(ctx, args, { ...base, st: { exists: false } }, steps, 'file', 'dest', { touch: true });
        }
        return finish(ctx, args, base, [], before, 'dest', { touch: true });
      }
      case 'link':
        return planLink(ctx, args, path, st, before, mode);
      case 'hard':
        return planHard(ctx, args, path, st, before);
    }
  },
});

interface Base {
  path: string;
  mode: string | undefined;
  st: PathStat;
  before: Found;
}

/**
 * The common tail of every state that leaves a path: mode, owner, times; the result fields
 * Ansible reports about the path afterwards; the before/after mapping of what changes.
 */
async function finish(
  ctx: ModuleContext,
  args: FileArgs,
  { path, mode, st, before }: Base,
  created: Step[],
  after: Found | 'directory',
  pathKey: 'path' | 'dest',
  options: { touch?: boolean; attributesDone?: boolean; extra?: Record<string, unknown> } = {},
): Promise<Plan> {
  const p = quote(path);
  const current = asFileState(st);
  const steps = [...created];
  const diffBefore: Record<string, unknown> = { path };
  const diffAfter: Record<string, unknown> = { path };
  if (before !== after || options.touch) {
    diffBefore.state = before;
    diffAfter.state = options.touch ? 'touch' : after;
  }
  if (!options.attributesDone) {
    if (created.length > 0) {
      if (mode !== undefined) steps.push({ describe: `chmod ${mode} ${path}`, command: `chmod ${quote(mode)} -- ${p}` });
      if (args.owner !== undefined || args.group !== undefined) {
        const who = `${args.owner ?? ''}${args.group !== undefined ? ':' + args.group : ''}`;
        steps.push({ describe: `chown ${who} ${path}`, command: `chown ${quote(who)} -- ${p}` });
      }
    } else {
      steps.push(...attributeSteps(path, mode, args.owner, args.group, current));
    }
    if (mode !== undefined && current.mode !== undefined && steps.some((s) => s.describe.startsWith('chmod'))) {
      diffBefore.mode = current.mode;
      diffAfter.mode = mode;
    }
  }
  // A file just created by touch already has the times of now.
  const times = await planTimes(ctx, args, path, st, { touch: options.touch === true, created: created.length > 0, link: after === 'link' });
  steps.push(...times.steps);
  Object.assign(diffBefore, times.before);
  Object.assign(diffAfter, times.after);
  const data: Record<string, unknown> = {
    [pathKey]: path,
    state: after === 'hard' ? 'hard' : after,
    ...afterFields(st, mode, args),
    ...options.extra,
    diff: { before: diffBefore, after: diffAfter },
  };
  return { steps, diff: textDiff(path, before, after, mode), data };
}

/**
 * mode/owner/group/uid/gid/size as they will be after the task (Ansible reports them), for a
 * path that exists now; a path the task creates gets only what the task sets.
 */
function afterFields(st: PathStat, mode: string | undefined, args: Pick<FileArgs, 'owner' | 'group'>): Record<string, unknown> {
  const current = asFileState(st);
  const out: Record<string, unknown> = {};
  const octal = mode !== undefined && /^[0-7]+$/.test(mode) ? mode : undefined;
  const m = octal ?? current.mode;
  if (m !== undefined) out.mode = m;
  const owner = args.owner ?? current.owner;
  const group = args.group ?? current.group;
  if (owner !== undefined) out.owner = owner;
  if (group !== undefined) out.group = group;
  if (st.uid !== undefined && owner === current.owner) out.uid = st.uid;
  if (st.gid !== undefined && group === current.group) out.gid = st.gid;
  if (st.size !== undefined) out.size = st.size;
  return out;
}

/** What --diff shows: one line of state and mode before and after. */
function textDiff(path: string, before: Found, after: string, mode?: string): { label: string; before: string; after: string }[] {
  return [{ label: path, before: `state: ${before}\n`, after: `state: ${after}${mode ? `, mode ${mode}` : ''}\n` }];
}

async function planLink(ctx: ModuleContext, args: FileArgs, path: string, st: PathStat, before: Found, mode: string | undefined): Promise<Plan> {
  const force = args.force;
  const src = args.src ?? (before === 'link' ? st.linkTarget : undefined);
  if (src === undefined || src === '') throw new ModuleFailure('src is required for creating new symlinks', { path });
  // A relative src is relative to the link's folder, as the link itself will read it.
  const absoluteSrc = posix.isAbsolute(src) ? src : posix.join(posix.dirname(path), src);
  if (!force && !(await statOf(ctx, absoluteSrc, true)).exists) {
    throw new ModuleFailure(`src file does not exist, use "force=yes" if you really want to create the link: ${absoluteSrc}`, { path, src });
  }
  const p = quote(path);
  const link = `ln -s -- ${quote(src)} ${p}`;
  let created: Step[];
  if (before === 'link' && st.linkTarget === src) created = [];
  else if (before === 'absent') created = [{ describe: `link ${path} -> ${src}`, command: link }];
  else if (before === 'link') created = [{ describe: `link ${path} -> ${src}`, command: `ln -sfn -- ${quote(src)} ${p}` }];
  else if (before === 'directory') {
    if (!force) throw new ModuleFailure(`refusing to convert from directory to symlink for ${path}`, { path });
    const entries = await ctx.read(`ls -A -- ${p}`);
    if (entries.stdout.trim() !== '') throw new ModuleFailure(`the directory ${path} is not empty, refusing to convert it`, { path });
    created = [{ describe: `replace the empty directory ${path} with a link to ${src}`, command: `rmdir -- ${p} && ${link}` }];
  } else {
    if (!force) throw new ModuleFailure(`refusing to convert from ${before} to symlink for ${path}`, { path });
    created = [{ describe: `link ${path} -> ${src}`, command: `ln -sfn -- ${quote(src)} ${p}` }];
  }
  // Attributes of a link are its target's (chmod follows links); chown -h changes the link itself.
  const plan = await finish(ctx, { ...args, owner: undefined, group: undefined }, { path, mode, st, before }, created, 'link', 'dest', {
    attributesDone: created.length === 0 && mode === undefined,
    extra: { src },
  });
  if (args.owner !== undefined || args.group !== undefined) {
    const who = `${args.owner ?? ''}${args.group !== undefined ? ':' + args.group : ''}`;
    if (created.length > 0 || (args.owner ?? st.owner) !== st.owner || (args.group ?? st.group) !== st.group) {
      plan.steps.push({ describe: `chown -h ${who} ${path}`, command: `chown -h ${quote(who)} -- ${p}` });
    }
  }
  return plan;
}

async function planHard(ctx: ModuleContext, args: FileArgs, givenPath: string, givenSt: PathStat, givenBefore: Found): Promise<Plan> {
  if (args.src === undefined || args.src === '') throw new ModuleFailure('src is required for creating new hardlinks', { path: givenPath });
  const src = args.src;
  let path = givenPath;
  let st = givenSt;
  let before = givenBefore;
  // Into an existing directory: the link is made inside it, under the source's name.
  if (before === 'directory') {
    path = posix.join(path, posix.basename(src));
    st = await statOf(ctx, path);
    before = foundState(st);
  }
  const absoluteSrc = posix.isAbsolute(src) ? src : posix.join(posix.dirname(path), src);
  const source = await statOf(ctx, absoluteSrc, true);
  if (!source.exists) throw new ModuleFailure(`src does not exist: ${absoluteSrc}`, { dest: path, src });
  const p = quote(path);
  let created: Step[] = [];
  if (before === 'absent') created = [{ describe: `hard link ${path} to ${src}`, command: `ln -- ${quote(absoluteSrc)} ${p}` }];
  else if (st.inode !== source.inode || st.dev !== source.dev) {
    if (!args.force) throw new ModuleFailure(`Cannot link, ${before} exists at destination`, { dest: path, src });
    created = [{ describe: `hard link ${path} to ${src}`, command: `ln -f -- ${quote(absoluteSrc)} ${p}` }];
  }
  // Afterwards the path is the source's inode: its mode and owner are the source's.
  const after = created.length > 0 ? source : st;
  return finish(ctx, args, { path, mode: normaliseMode(args.mode), st: after, before }, created, 'hard', 'dest', { extra: { src: absoluteSrc } });
}

/** _diff_peek (what Ansible's copy and template ask before a diff): is the file binary? */
async function diffPeek(ctx: ModuleContext, path: string, st: PathStat, before: Found): Promise<Plan> {
  const data: Record<string, unknown> = { path, state: before, ...afterFields(st, undefined, {}) };
  if (before === 'file' || before === 'hard') {
    const p = quote(path);
    const out = await ctx.read(`head -c 8192 -- ${p} | tr -d '\\000' | wc -c; head -c 8192 -- ${p} | wc -c`);
    const [withoutNul, all] = out.stdout.trim().split(/\s+/);
    data.appears_binary = withoutNul !== all;
  }
  return { steps: [], data };
}
