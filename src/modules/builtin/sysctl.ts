// sysctl: a kernel parameter at runtime (sysctl -w) and persisted in a file under
// /etc/sysctl.d, where `sysctl --system` reads it at boot. Other lines of that file are kept.
import { defineModule, type ContentDiff, type Step } from '../types.js';
import { planManagedFile } from '../lib/managed-file.js';
import { fileStateFact } from '../../facts/file-state.js';
import { normaliseSysctl, sysctlValueFact } from '../../facts/sysctl-value.js';
import { commandLine } from '../../util/shell.js';
import { ModuleFailure } from '../../errors.js';
import { parseBoolean } from '../../util/boolean.js';

export const DEFAULT_SYSCTL_FILE = '/etc/sysctl.d/99-lvsplay.conf';

/**
 * The file's text with `name=value` set (or removed), every other line kept. A line that
 * already has the value (in any spacing, `a.b = 1` or `a/b=1`) is left as it is; later
 * duplicates of the key are dropped, since the last one would win at boot.
 */
export function editSysctlFile(text: string, name: string, value: string | undefined): string {
  const key = name.replace(/\//g, '.');
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  const out: string[] = [];
  let placed = false;
  for (const l of lines) {
    const m = /^\s*-?\s*([^=#;\s][^=]*?)\s*=\s*(.*?)\s*$/.exec(l);
    if (!m || m[1]!.replace(/\//g, '.') !== key) {
      out.push(l);
      continue;
    }
    if (value !== undefined && !placed) out.push(normaliseSysctl(m[2]!) === value ? l : `${name}=${value}`);
    placed = true;
  }
  if (value !== undefined && !placed) out.push(`${name}=${value}`);
  return out.length ? out.join('\n') + '\n' : '';
}

export const sysctlModule = defineModule({
  name: 'sysctl',
  checkMode: 'plan',
  spec: {
    short_description: 'Set a kernel parameter now and at boot (a file under /etc/sysctl.d)',
    description: ['Other lines of the file are kept; a line that already has the value, in any spacing, is left as it is.'],
    options: {
      name: { required: true, aliases: ['key'], format: 'sysctl_name', description: 'The kernel parameter, dot- or slash-separated (net.ipv4.ip_forward).' },
      value: { aliases: ['val'], description: "Its value; Ansible's boolean words (yes/no, true/false, ...) become 1/0. Required with state=present." },
      state: { choices: ['present', 'absent'], default: 'present', description: 'present sets the value; absent removes it from the file.' },
      sysctl_file: { type: 'path', default: DEFAULT_SYSCTL_FILE, description: 'The file that keeps the value across reboots.' },
      sysctl_set: { type: 'bool', default: true, description: 'Also set the running value (sysctl -w) and check that the parameter exists.' },
      reload: { type: 'bool', default: true, description: 'Without sysctl_set: when the file changed, load it (sysctl -p FILE).' },
      ignoreerrors: { type: 'bool', default: false, description: 'An unknown parameter is not an error.' },
    },
    required_if: [['state', 'present', ['value']]],
    examples: ['- sysctl:', '    name: net.ipv4.ip_forward', '    value: 1', '    sysctl_file: /etc/sysctl.d/90-lvs.conf'].join('\n'),
  },
  async plan(args, ctx) {
    const state = args.state;
    // as Ansible's sysctl: a boolean word is 1 or 0 (true arrives as the text "True")
    const word = args.value === undefined ? undefined : parseBoolean(args.value);
    const value = args.value === undefined ? undefined : normaliseSysctl(word === undefined ? args.value : word ? '1' : '0');
    const file = args.sysctl_file;
    const steps: Step[] = [];
    const diff: ContentDiff[] = [];
    const setRuntime = state === 'present' && args.sysctl_set;
    // both facts asked for at once: one round trip
    const [before, runtime] = await Promise.all([
      ctx.fact(fileStateFact, { path: file, withContent: true }),
      setRuntime ? ctx.fact(sysctlValueFact, { name: args.name }) : undefined,
    ]);
    const current = before.kind === 'file' ? (before.content ?? '') : '';
    const wanted = editSysctlFile(current, args.name, state === 'present' ? value : undefined);
    if (wanted !== current && !(state === 'absent' && before.kind === 'absent')) {
      const filePlan = await planManagedFile(ctx.fact, { path: file, content: wanted, mode: before.kind === 'file' ? undefined : '0644', createParents: true });
      steps.push(...filePlan.steps);
      diff.push(...filePlan.diff);
    }
    const fileChanged = steps.length > 0;
    if (runtime) {
      if (!runtime.exists && !args.ignoreerrors) throw new ModuleFailure(`sysctl: kernel parameter ${args.name} does not exist on this host`);
      if (runtime.exists && runtime.value !== value) {
        steps.push({ describe: `sysctl -w ${args.name}=${value}`, command: commandLine('sysctl', '-q', '-w', `${args.name}=${value}`) });
        diff.push({ label: `sysctl ${args.name} (runtime)`, before: `${runtime.value}\n`, after: `${value}\n` });
      }
    } else if (state === 'present' && fileChanged && args.reload) {
      // Ansible's reload: without sysctl_set the runtime follows the file through sysctl -p.
      steps.push({ describe: `sysctl -p ${file}`, command: commandLine('sysctl', '-q', ...(args.ignoreerrors ? ['-e'] : []), '-p', file) });
    }
    return { steps, diff };
  },
});
