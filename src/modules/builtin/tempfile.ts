// tempfile: a new, uniquely named file or directory (mktemp), its path returned for later tasks.
// As in ansible-core 2.14 it is always a change and cannot run in check mode (the name only
// exists once it is made).
import { defineModule } from '../types.js';
import { quote } from '../../util/shell.js';
import type { ModuleResult } from '../types.js';

export const tempfileModule = defineModule({
  name: 'tempfile',
  checkMode: 'none',
  spec: {
    short_description: 'Create a temporary file or directory with a unique name',
    description: ["The name is PREFIX, random characters, SUFFIX, in `path` (default: the host's $TMPDIR, else /tmp). Files are 0600, directories 0700."],
    options: {
      state: { choices: ['file', 'directory'], default: 'file', description: 'What to create.' },
      path: { type: 'path', description: "The folder to create it in (default: the host's $TMPDIR, else /tmp)." },
      prefix: { default: 'ansible.', description: 'The start of the name.' },
      suffix: { default: '', description: 'The end of the name.' },
    },
    examples: ['- tempfile:', '    state: directory', '    suffix: build', '  register: build_dir'].join('\n'),
    returns: { path: { description: 'the path of what was created', type: 'str', returned: 'success' } },
  },
  async plan(args) {
    const dir = args.path !== undefined ? quote(args.path) : '"${TMPDIR:-/tmp}"';
    // mktemp wants the random part at the end of its template: the suffix goes apart
    const make = `mktemp ${args.state === 'directory' ? '-d ' : ''}-p ${dir}${args.suffix !== '' ? ` --suffix=${quote(args.suffix)}` : ''} ${quote(`${args.prefix}XXXXXXXX`)}`;
    const command = `set -e; p=$(${make}); printf '%s\\n' "$p"; LC_ALL=C stat -c '%a|%U|%G|%u|%g|%s' -- "$p"`;
    return { steps: [{ describe: `create a temporary ${args.state} in ${args.path ?? '$TMPDIR'}`, command }] };
  },
  summarize(args, _plan, outputs): Partial<ModuleResult> {
    const out = outputs[outputs.length - 1];
    if (!out || out.exitCode !== 0) return {};
    const [path, attrs] = out.stdout.split('\n');
    const [mode, owner, group, uid, gid, size] = (attrs ?? '').split('|');
    return { path, state: args.state, mode: (mode ?? '').padStart(4, '0'), owner, group, uid: Number(uid), gid: Number(gid), size: Number(size) };
  },
});
