// include_vars: variables from YAML/JSON files on the controller, for the rest of the play on
// this host (at set_fact's precedence, as Ansible's include_vars). A relative file or dir is
// looked up like Ansible's: the role's vars/, the role, next to the task file, the playbook's
// vars/, the playbook folder.
import { readdirSync, statSync } from 'node:fs';
import { basename, extname, join, relative, sep } from 'node:path';
import { ModuleFailure } from '../../errors.js';
import { defineModule } from '../types.js';

export const includeVarsModule = defineModule({
  name: 'include_vars',
  checkMode: 'plan',
  runsOn: 'controller',
  freeFormArg: 'file',
  spec: {
    short_description: 'Load variables from YAML or JSON files on the controller',
    description: ["The variables are the host's from then on, above play and task vars (set_fact's precedence)."],
    options: {
      file: { type: 'path', description: 'One file (the free-form argument).' },
      dir: { type: 'path', description: 'Every file with a known extension below this folder, in sorted order (later files win).' },
      name: { description: 'Put the variables under this one variable instead of at the top level.' },
      depth: { type: 'int', default: 0, description: 'With dir: how many folder levels to descend (0: all).' },
      files_matching: { description: 'With dir: only files whose name matches this regular expression.' },
      ignore_files: { type: 'list', elements: 'str', default: [], description: 'With dir: file names (regular expressions, anchored at the end) to skip.' },
      extensions: { type: 'list', elements: 'str', default: ['json', 'yaml', 'yml'], description: 'The file extensions read.' },
      ignore_unknown_extensions: { type: 'bool', default: false, description: 'With dir: skip files with other extensions instead of failing.' },
      hash_behaviour: { choices: ['replace', 'merge'], description: 'merge: mappings of the same name from several files are merged (recursively).' },
    },
    mutually_exclusive: [['file', 'dir']],
    examples: ['- include_vars: vars/site.yml', '- include_vars:', '    dir: vars/hosts', '    name: per_host'].join('\n'),
  },
  async plan(args, ctx) {
    const files = args.dir !== undefined ? filesInDir(ctx.findFile(args.dir, 'vars'), args) : [ctx.findFile(requireFile(args.file), 'vars')];
    if (args.file !== undefined) checkExtension(files[0]!, args.extensions, false);
    let merged: Record<string, unknown> = {};
    for (const file of files) {
      const content = ctx.readVarsFile(file);
      if (content === null || content === undefined) continue;
      if (typeof content !== 'object' || Array.isArray(content)) throw new ModuleFailure(`${file} must be stored as a dictionary/hash`);
      merged = args.hash_behaviour === 'merge' ? mergeDeep(merged, content as Record<string, unknown>) : { ...merged, ...(content as Record<string, unknown>) };
    }
    const facts = args.name !== undefined ? { [args.name]: merged } : merged;
    return { steps: [], data: { ansible_facts: facts, ansible_included_var_files: files } };
  },
});

function requireFile(file: string | undefined): string {
  if (file === undefined) throw new ModuleFailure('include_vars needs a file or a dir');
  return file;
}

function checkExtension(file: string, extensions: string[], skipUnknown: boolean): boolean {
  const ext = extname(file).replace(/^\./, '');
  if (extensions.includes(ext) || (ext === '' && extensions.includes(''))) return true;
  if (skipUnknown) return false;
  throw new ModuleFailure(`${file} does not have a valid extension: ${extensions.join(', ')}`);
}

/** Files below dir, folder by folder in sorted order, each folder's files sorted (as Ansible walks them). */
function filesInDir(
  dir: string,
  args: { depth: number; files_matching?: string; ignore_files: string[]; extensions: string[]; ignore_unknown_extensions: boolean },
): string[] {
  const matcher = args.files_matching !== undefined ? new RegExp(args.files_matching) : undefined;
  const ignored = args.ignore_files.map((p) => new RegExp(`${p}$`));
  const folders: string[] = [];
  const walk = (folder: string): void => {
    folders.push(folder);
    for (const entry of readdirSync(folder).sort()) if (statSync(join(folder, entry)).isDirectory()) walk(join(folder, entry));
  };
  walk(dir);
  const out: string[] = [];
  for (const folder of folders.sort()) {
    const level = folder === dir ? 1 : relative(dir, folder).split(sep).length + 1;
    if (args.depth > 0 && level > args.depth) continue;
    for (const name of readdirSync(folder).sort()) {
      const file = join(folder, name);
      if (statSync(file).isDirectory()) continue;
      if (ignored.some((re) => re.test(basename(file))) || (matcher && !matcher.test(name))) continue;
      if (checkExtension(file, args.extensions, args.ignore_unknown_extensions)) out.push(file);
    }
  }
  return out;
}

function mergeDeep(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = isPlainMapping(prev) && isPlainMapping(v) ? mergeDeep(prev, v) : v;
  }
  return out;
}

function isPlainMapping(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
