// file: a path's state (directory, absent, touch, link, file) and its mode and ownership.
// `touch` creates a missing file and otherwise only fixes attributes, so reruns stay unchanged
// (Ansible's touch always reports a change).
import { defineModule, type Step } from '../types.js';
import { attributeSteps, normaliseMode } from '../lib/managed-file.js';
import { BOOL, MODE, bool, pathArg } from '../lib/args.js';
import { fileStateFact } from '../../facts/file-state.js';
import { quote } from '../../util/shell.js';
import { ModuleFailure } from '../../errors.js';
import { treeDiffersFact } from '../../facts/tree-differs.js';
import type { FactReader } from '../../facts/types.js';

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

interface FileArgs {
  path?: string;
  dest?: string;
  name?: string;
  state?: 'file' | 'directory' | 'absent' | 'touch' | 'link';
  src?: string;
  mode?: string | number;
  owner?: string;
  group?: string;
  recurse?: boolean | string;
  force?: boolean | string;
}

export const fileModule = defineModule<FileArgs>({
  name: 'file',
  checkMode: 'plan',
  argsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      path: { type: 'string', minLength: 1 },
      dest: { type: 'string', minLength: 1 },
      name: { type: 'string', minLength: 1 },
      state: { type: 'string', enum: ['file', 'directory', 'absent', 'touch', 'link'] },
      src: { type: 'string' },
      mode: MODE,
      owner: { type: 'string' },
      group: { type: 'string' },
      recurse: BOOL,
      force: BOOL,
    },
    anyOf: [{ required: ['path'] }, { required: ['dest'] }, { required: ['name'] }],
  },
  async plan(args, ctx) {
    const path = pathArg(args, 'file');
    const p = quote(path);
    const before = await ctx.fact(fileStateFact, { path });
    const mode = normaliseMode(args.mode);
    const state = args.state ?? (before.kind === 'absent' ? 'file' : before.kind === 'directory' ? 'directory' : before.kind === 'link' ? 'link' : 'file');
    const attrs = (): Step[] => attributeSteps(path, mode, args.owner, args.group, before);
    const created = (what: string, command: string): Step[] => {
      const steps: Step[] = [{ describe: `${what} ${path}`, command }];
      if (mode !== undefined) steps.push({ describe: `chmod ${mode} ${path}`, command: `chmod ${quote(mode)} -- ${p}` });
      if (args.owner !== undefined || args.group !== undefined) {
        const who = `${args.owner ?? ''}${args.group !== undefined ? ':' + args.group : ''}`;
        steps.push({ describe: `chown ${who} ${path}`, command: `chown ${bool(args.recurse) ? '-R ' : ''}${quote(who)} -- ${p}` });
      }
      return steps;
    };
    const diff = (after: string) => [
      {
        label: path,
        before: `state: ${before.kind}${before.mode ? `, mode ${before.mode}` : ''}\n`,
        after: `state: ${after}${mode ? `, mode ${mode}` : ''}\n`,
      },
    ];
    switch (state) {
      case 'absent':
        if (before.kind === 'absent') return { steps: [], msg: `${path} is absent` };
        return { steps: [{ describe: `remove ${path}`, command: `rm -rf -- ${p}` }], diff: diff('absent') };
      case 'directory':
        if (before.kind === 'absent') return { steps: created('create directory', `mkdir -p -- ${p}`), diff: diff('directory') };
        if (before.kind !== 'directory') throw new ModuleFailure(`${path} exists and is a ${before.kind}, not a directory`);
        if (bool(args.recurse)) return { steps: await recursiveAttributes(ctx.fact, path, mode, args.owner, args.group) };
        return { steps: attrs() };
      case 'touch':
        if (before.kind === 'absent') return { steps: created('create file', `touch -- ${p}`), diff: diff('file') };
        return { steps: attrs() };
      case 'file':
        if (before.kind === 'absent') throw new ModuleFailure(`file ${path} does not exist (use state: touch to create it)`);
        if (before.kind !== 'file') throw new ModuleFailure(`${path} is a ${before.kind}, not a file`);
        return { steps: attrs() };
      case 'link': {
        if (!args.src) throw new ModuleFailure("state 'link' needs 'src'");
        if (before.kind === 'link' && before.linkTarget === args.src) return { steps: [] };
        if (before.kind === 'directory' || (before.kind === 'file' && !bool(args.force))) {
          throw new ModuleFailure(`${path} exists and is a ${before.kind}; refusing to replace it with a link (force: yes replaces a file)`);
        }
        return {
          steps: [{ describe: `link ${path} -> ${args.src}`, command: `ln -sfn -- ${quote(args.src)} ${p}` }],
          diff: [{ label: path, before: before.linkTarget ? `-> ${before.linkTarget}\n` : `state: ${before.kind}\n`, after: `-> ${args.src}\n` }],
        };
      }
    }
  },
});
