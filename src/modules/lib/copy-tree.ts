// copy of a folder, as Ansible's copy does it: from the controller (each file through the one
// atomic writer, missing folders made first) or, with remote_src, from a folder on the target
// (cp -R, when the two trees differ). `src/` copies what the folder holds; `src` the folder itself.
import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, posix } from 'node:path';
import { ModuleFailure } from '../../errors.js';
import { fileStateFact } from '../../facts/file-state.js';
import { treesEqualFact } from '../../facts/trees-equal.js';
import type { FactReader } from '../../facts/types.js';
import { quote } from '../../util/shell.js';
import type { ContentDiff, Plan, Step } from '../types.js';
import { normaliseMode, planManagedFile, type DesiredFile } from './managed-file.js';

/** Where the copy lands: inside dest, under the folder's own name unless src ends with '/'. */
export function treeBase(src: string, dest: string): string {
  return src.endsWith('/') ? dest.replace(/\/+$/, '') || '/' : posix.join(dest, basename(src));
}

interface TreeEntry {
  /** Path below the copied folder, '' for the folder itself. */
  rel: string;
  kind: 'dir' | 'file';
}

/** The folder's entries, folders before what they hold, in name order. */
function walk(root: string, followLinks: boolean, rel = ''): TreeEntry[] {
  const entries: TreeEntry[] = [{ rel, kind: 'dir' }];
  for (const name of readdirSync(join(root, rel)).sort()) {
    const path = join(root, rel, name);
    const st = lstatSync(path);
    if (st.isSymbolicLink() && !followLinks)
      throw new ModuleFailure(`copy: ${path} is a symbolic link; copying links as links (local_follow: false) is not supported`);
    const isDir = (st.isSymbolicLink() ? statSync(path) : st).isDirectory();
    if (isDir) entries.push(...walk(root, followLinks, posix.join(rel, name)));
    else entries.push({ rel: posix.join(rel, name), kind: 'file' });
  }
  return entries;
}

export interface TreeCopyOptions {
  mode?: string | number;
  owner?: string;
  group?: string;
  /** Mode of the folders the copy makes (folders already there keep theirs). */
  directoryMode?: string | number;
  localFollow: boolean;
}

/** Plan copying the controller folder `root` (written `src`) into `dest` on the target. */
export async function planControllerTree(fact: FactReader, root: string, src: string, dest: string, o: TreeCopyOptions): Promise<Plan> {
  const base = treeBase(src, dest);
  const dirMode = normaliseMode(o.directoryMode);
  const steps: Step[] = [];
  const diff: ContentDiff[] = [];
  for (const entry of walk(root, o.localFollow)) {
    const target = entry.rel === '' ? base : posix.join(base, entry.rel);
    if (entry.kind === 'dir') {
      if ((await fact(fileStateFact, { path: target })).kind !== 'absent') continue;
      // the copied folder's own parents too (dest/ may not exist yet), as Ansible makes them
      const make = entry.rel === '' ? `mkdir -p -- ${quote(target)}` : `mkdir -- ${quote(target)}`;
      steps.push({ describe: `create directory ${target}`, command: dirMode !== undefined ? `${make} && chmod ${quote(dirMode)} -- ${quote(target)}` : make });
      continue;
    }
    const bytes = readFileSync(join(root, entry.rel));
    const content = bytes.toString('utf8');
    if (!Buffer.from(content, 'utf8').equals(bytes))
      throw new ModuleFailure(`copy: ${join(root, entry.rel)} is not UTF-8 text; binary files are not supported`);
    const desired: DesiredFile = {
      path: target,
      content,
      ...(o.mode !== undefined ? { mode: o.mode } : {}),
      ...(o.owner !== undefined ? { owner: o.owner } : {}),
      ...(o.group !== undefined ? { group: o.group } : {}),
    };
    const plan = await planManagedFile(fact, desired);
    steps.push(...plan.steps);
    diff.push(...plan.diff);
  }
  return { steps, diff, data: { dest: base.endsWith('/') ? base : `${base}/`, src } };
}

/** Plan copying the target's folder `src` into `dest` on the same target (remote_src). */
export async function planRemoteTree(fact: FactReader, src: string, dest: string, directoryMode?: string | number): Promise<Plan> {
  const base = treeBase(src, dest);
  if (await fact(treesEqualFact, { src, dest: base })) return { steps: [], data: { dest: base, src } };
  const dirMode = normaliseMode(directoryMode);
  const made = (await fact(fileStateFact, { path: base })).kind === 'absent';
  const commands = [`mkdir -p -- ${quote(base)}`, `cp -R -- ${quote(src.replace(/\/+$/, '') + '/.')} ${quote(base + '/')}`];
  if (made && dirMode !== undefined) commands.push(`chmod ${quote(dirMode)} -- ${quote(base)}`);
  return { steps: [{ describe: `copy ${src} to ${base}`, command: commands.join(' && ') }], data: { dest: base, src } };
}
