// modprobe: a kernel module loaded or unloaded, and (persistent) listed in /etc/modules-load.d
// with its parameters in /etc/modprobe.d, as community.general 6's modprobe (Ansible 7, beside
// ansible-core 2.14) does it, file layout included: present writes NAME.conf in both folders
// (other files' options lines for the module commented out), absent comments the module's lines
// out where they are. Unlike that version, --check writes nothing.
import { defineModule, type ContentDiff, type Step } from '../types.js';
import { planManagedFile } from '../lib/managed-file.js';
import { readLines } from '../lib/line-edit.js';
import { configDirFilesFact, type ConfigFile } from '../../facts/config-dir-files.js';
import { kernelModuleFact } from '../../facts/kernel-module.js';
import { ModuleFailure } from '../../errors.js';
import { commandLine, splitWords } from '../../util/shell.js';

const MODULES_LOAD = '/etc/modules-load.d';
const PARAMETERS = '/etc/modprobe.d';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The text with every matching line commented out, or undefined when none matches. The lines
 * are joined as that version joins them, with a newline between lines that keep their own: a
 * file of several lines comes back with blank lines between them.
 */
export function commentOut(text: string, matches: (line: string) => boolean): string | undefined {
  const lines = readLines(text);
  let changed = false;
  const out = lines.map((l) => {
    if (!matches(l.replace(/\n$/, ''))) return l;
    changed = true;
    return `#${l}`;
  });
  return changed ? out.join('\n') : undefined;
}

export const modprobeModule = defineModule({
  name: 'modprobe',
  checkMode: 'plan',
  spec: {
    short_description: 'Load or unload a kernel module, and keep it loaded across reboots',
    description: [
      "As community.general's modprobe (Ansible 7): a module counts as loaded when /proc/modules lists it or the kernel has it built in.",
      'persistent=present writes /etc/modules-load.d/NAME.conf and /etc/modprobe.d/NAME.conf (options lines for NAME elsewhere in /etc/modprobe.d commented out); persistent=absent comments NAME and its options out wherever they are.',
    ],
    options: {
      name: { required: true, description: 'The kernel module.' },
      state: { choices: ['absent', 'present'], default: 'present', description: 'Loaded (present) or not (absent).' },
      params: { default: '', description: 'Module parameters, `key=value` separated by spaces.' },
      persistent: {
        choices: ['disabled', 'present', 'absent'],
        default: 'disabled',
        description: 'present: loaded at boot, with params; absent: not loaded at boot; disabled: the boot files are left alone.',
      },
    },
    examples: ['- modprobe:', '    name: ip_vs', '    state: present', '    persistent: present'].join('\n'),
    returns: {
      name: { description: 'the module', type: 'str', returned: 'always' },
      params: { description: 'its parameters', type: 'str', returned: 'always' },
      state: { description: 'the state asked for', type: 'str', returned: 'always' },
    },
  },
  async plan(args, ctx) {
    const { name, params, state, persistent } = args;
    const data = { name, params, state };
    const [current, loadFiles, paramFiles] = await Promise.all([
      ctx.fact(kernelModuleFact, { name }),
      persistent === 'disabled' ? [] : ctx.fact(configDirFilesFact, { dir: MODULES_LOAD }),
      persistent === 'disabled' ? [] : ctx.fact(configDirFilesFact, { dir: PARAMETERS }),
    ]);
    const steps: Step[] = [];
    const loaded = current !== 'absent';
    if (state === 'present' && !loaded) steps.push(await modprobeStep(ctx.read.bind(ctx), ['modprobe', name, ...splitWords(params)]));
    else if (state === 'absent' && loaded) steps.push(await modprobeStep(ctx.read.bind(ctx), ['modprobe', '-r', name]));

    const moduleLine = new RegExp(`^ *${escape(name)} *(?:[#;].*)?$`);
    const optionsLine = new RegExp(`^options ${escape(name)} (\\w+=\\S+) *(?:[#;].*)?$`);
    const persisted = loadFiles.some((f) => readLines(f.content).some((l) => moduleLine.test(l.replace(/\n$/, ''))));
    const setParams = new Set(paramFiles.flatMap((f) => readLines(f.content).flatMap((l) => optionsLine.exec(l.replace(/\n$/, ''))?.[1] ?? [])));
    const wanted = new Set(params.split(/\s+/).filter(Boolean));
    const paramsSet = setParams.size === wanted.size && [...wanted].every((p) => setParams.has(p));
    // new content by the path written, in the order the writes happen
    const writes = new Map<string, string>();
    const commentAll = (files: ConfigFile[], re: RegExp): void => {
      for (const f of files) {
        const text = commentOut(f.content, (l) => re.test(l));
        if (text !== undefined) writes.set(f.realPath, text);
      }
    };
    if (persistent === 'present') {
      if (!persisted) writes.set(`${MODULES_LOAD}/${name}.conf`, `${name}\n`);
      if (!paramsSet) {
        commentAll(paramFiles, optionsLine);
        writes.set(`${PARAMETERS}/${name}.conf`, [...params.split(/\s+/).filter(Boolean)].map((p) => `options ${name} ${p}`).join('\n') + '\n');
      }
    } else if (persistent === 'absent') {
      if (persisted) commentAll(loadFiles, moduleLine);
      if (setParams.size) commentAll(paramFiles, optionsLine);
    }
    const diff: ContentDiff[] = [];
    for (const [path, content] of writes) {
      const planned = await planManagedFile(ctx.fact, { path, content, createParents: true });
      steps.push(...planned.steps);
      diff.push(...planned.diff);
    }
    return { steps, diff, data };
  },
});

/**
 * The step that loads or unloads, after `modprobe -n` said it would work: as Ansible's
 * module, whose check mode runs that dry run, an unknown module fails the task in any mode.
 */
async function modprobeStep(read: (command: string) => Promise<{ exitCode: number; stderr: string }>, words: string[]): Promise<Step> {
  const dry = await read(commandLine(words[0]!, '-n', ...words.slice(1)));
  if (dry.exitCode !== 0) throw new ModuleFailure(dry.stderr.trim() || `${words.join(' ')} would fail`, { rc: dry.exitCode });
  return { describe: words.join(' '), command: commandLine(...words) };
}
