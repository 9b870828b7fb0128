// assemble: one file from the fragments in a folder, as ansible-core 2.14 joins them: the
// regular files (links to files too) in name order, a newline after a fragment that lacks one, the
// delimiter (Python escapes decoded, a newline added) between fragments. Written through the one
// file writer (validate, backup, mode and owner); Ansible runs it only for real, so check mode skips it.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { defineModule } from '../types.js';
import { fileAttributes, managedFileFields, planManagedFile } from '../lib/managed-file.js';
import { WRITTEN_FILE_OPTIONS, WRITTEN_FILE_RETURNS } from '../lib/file-options.js';
import { pythonRegExp } from '../lib/python-regexp.js';
import { dirWalkFact } from '../../facts/dir-walk.js';
import { fileBase64Fact } from '../../facts/file-base64.js';
import { fileStateFact } from '../../facts/file-state.js';
import type { FactReader } from '../../facts/types.js';
import { ModuleFailure } from '../../errors.js';

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;

const SIMPLE_ESCAPES: Record<string, number | null> = {
  '\\': 0x5c,
  "'": 0x27,
  '"': 0x22,
  a: 0x07,
  b: 0x08,
  f: 0x0c,
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
  v: 0x0b,
  '\n': null,
};

/**
 * Python's codecs.escape_decode of a text (taken as its UTF-8 bytes): \n, \t, \\, \x41, \101
 * become their bytes, an escaped newline vanishes, unknown escapes stay as written.
 */
export function escapeDecode(text: string): Buffer {
  const src = Buffer.from(text, 'utf8');
  const out: number[] = [];
  for (let i = 0; i < src.length; i++) {
    const b = src[i]!;
    if (b !== 0x5c || i + 1 >= src.length) {
      out.push(b);
      continue;
    }
    const next = String.fromCharCode(src[i + 1]!);
    const hex = /^x([0-9a-fA-F]{2})/.exec(src.subarray(i + 1, i + 4).toString('latin1'));
    const oct = /^[0-7]{1,3}/.exec(src.subarray(i + 1, i + 4).toString('latin1'));
    if (hex) {
      out.push(parseInt(hex[1]!, 16));
      i += 3;
    } else if (oct) {
      out.push(parseInt(oct[0], 8) & 0xff);
      i += oct[0].length;
    } else if (next in SIMPLE_ESCAPES) {
      const v = SIMPLE_ESCAPES[next]!;
      if (v !== null) out.push(v);
      i += 1;
    } else out.push(b);
  }
  return Buffer.from(out);
}

/** The fragments joined as Ansible joins them. */
export function joinFragments(fragments: Buffer[], delimiter: string | undefined): Buffer {
  const parts: Buffer[] = [];
  let previous: Buffer | undefined;
  for (const fragment of fragments) {
    if (previous !== undefined) {
      if (previous.at(-1) !== 0x0a) parts.push(Buffer.from('\n'));
      if (delimiter) {
        const d = escapeDecode(delimiter);
        parts.push(d);
        if (d.at(-1) !== 0x0a) parts.push(Buffer.from('\n'));
      }
    }
    parts.push(fragment);
    previous = fragment;
  }
  return Buffer.concat(parts);
}

/** Which names are fragments: regexp searched in the name, hidden ones left out when asked. */
function fragmentNames(names: string[], regexp: RegExp | undefined, ignoreHidden: boolean): string[] {
  // Python sorts names by code point.
  return names
    .filter((n) => (regexp === undefined || regexp.test(n)) && !(ignoreHidden && n.startsWith('.')))
    .sort((a, b) => {
      const [x, y] = [[...a].map((c) => c.codePointAt(0)!), [...b].map((c) => c.codePointAt(0)!)];
      for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
      return x.length - y.length;
    });
}

/** The fragments of a folder on the host: regular files and links to them, read in one round trip. */
async function hostFragments(fact: FactReader, src: string, regexp: RegExp | undefined, ignoreHidden: boolean): Promise<Buffer[]> {
  const [state, walk] = await Promise.all([fact(fileStateFact, { path: src }), fact(dirWalkFact, { path: src, follow: false, maxDepth: 1, checksum: false })]);
  if (state.kind === 'absent') throw new ModuleFailure(`Source (${src}) does not exist`);
  if (walk.kind === 'not-directory') throw new ModuleFailure(`Source (${src}) is not a directory`);
  // a link may lead to a file: reading it tells (a folder or a dangling link is no fragment)
  const candidates = walk.entries.filter((e) => !e.dirLike && [S_IFREG, S_IFLNK].includes(e.rawMode & S_IFMT)).map((e) => posix.basename(e.path));
  const names = fragmentNames(candidates, regexp, ignoreHidden);
  const read = await Promise.all(names.map((n) => fact(fileBase64Fact, { path: posix.join(src, n) })));
  return read.flatMap((r, i) => {
    if (r.kind === 'unreadable') throw new ModuleFailure(`cannot read fragment ${posix.join(src, names[i]!)}: ${r.reason}`);
    return r.kind === 'file' ? [Buffer.from(r.base64, 'base64')] : [];
  });
}

/** The fragments of a folder on the controller (remote_src: false). */
function controllerFragments(folder: string, regexp: RegExp | undefined, ignoreHidden: boolean): Buffer[] {
  if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory()) throw new ModuleFailure(`Source (${folder}) is not a directory`);
  const names = fragmentNames(readdirSync(folder), regexp, ignoreHidden);
  return names.filter((n) => statSync(join(folder, n), { throwIfNoEntry: false })?.isFile()).map((n) => readFileSync(join(folder, n)));
}

export const assembleModule = defineModule({
  name: 'assemble',
  // Ansible's assemble does not support check mode: --check skips it, as ansible-playbook does.
  checkMode: 'none',
  spec: {
    short_description: 'Join the fragments in a folder into one file',
    description: [
      "The fragments are the folder's regular files (and links to files) in name order; a newline is added after a fragment that does not end with one, and the delimiter, if any, goes between fragments.",
      'The file is written atomically through the same writer as copy (validate, backup, mode and owner), and only when its content changes. As in Ansible, --check skips the task. Fragments must be UTF-8 text.',
    ],
    options: {
      src: {
        type: 'path',
        required: true,
        description: 'The folder of fragments: on the host, or with remote_src false in the files of the role or playbook.',
      },
      dest: { type: 'path', required: true, description: 'The file to write.' },
      delimiter: { description: 'Text put between fragments (escapes such as \\n and \\t are decoded; a newline is added when it lacks one).' },
      regexp: { description: 'Only fragments whose names this Python regular expression finds something in.' },
      ignore_hidden: { type: 'bool', default: false, description: 'Leave out fragments whose names start with a dot.' },
      remote_src: { type: 'bool', default: true, description: 'src is on the host; with false, on the controller.' },
      ...WRITTEN_FILE_OPTIONS,
    },
    examples: [
      '- assemble:',
      '    src: /etc/keepalived/conf.d',
      '    dest: /etc/keepalived/keepalived.conf',
      "    delimiter: '### fragment'",
      '    validate: keepalived -t -f %s',
    ].join('\n'),
    returns: {
      ...WRITTEN_FILE_RETURNS,
      src: { description: 'the folder of fragments', type: 'str', returned: 'always' },
      md5sum: { description: 'the MD5 of the content', type: 'str', returned: 'always' },
      msg: { description: 'OK', type: 'str', returned: 'always' },
    },
  },
  async plan(args, ctx) {
    const regexp = args.regexp !== undefined ? pythonRegExp(args.regexp, 'assemble: regexp') : undefined;
    if (args.validate !== undefined && !args.validate.includes('%s')) throw new ModuleFailure(`validate must contain %s: ${args.validate}`);
    const fragments = args.remote_src
      ? await hostFragments(ctx.fact, args.src, regexp, args.ignore_hidden)
      : controllerFragments(ctx.findFile(args.src, 'files'), regexp, args.ignore_hidden);
    const bytes = joinFragments(fragments, args.delimiter);
    const content = bytes.toString('utf8');
    if (!Buffer.from(content, 'utf8').equals(bytes))
      throw new ModuleFailure(`assemble: the fragments in ${args.src} are not UTF-8 text; binary files are not supported`);
    const desired = { path: args.dest, content, ...fileAttributes(args) };
    const plan = await planManagedFile(ctx.fact, desired);
    const fields = managedFileFields(desired, plan);
    return {
      steps: plan.steps,
      // As in Ansible, only the copy from the controller shows a diff.
      ...(args.remote_src ? {} : { diff: plan.diff }),
      msg: 'OK',
      data: {
        src: args.src,
        dest: args.dest,
        ...fields,
        md5sum: createHash('md5').update(bytes).digest('hex'),
        ...(plan.backupFile !== undefined ? { backup_file: plan.backupFile } : {}),
      },
    };
  },
});
