// sysctl: a kernel parameter at runtime (sysctl -w) and persisted in a file under
// /etc/sysctl.d, where `sysctl --system` reads it at boot. Other lines of that file are kept.
import { defineModule, type ContentDiff, type Step } from '../types.js';
import { planManagedFile } from '../lib/managed-file.js';
import { BOOL, bool, resolveAliases } from '../lib/args.js';
import { fileStateFact } from '../../facts/file-state.js';
import { normaliseSysctl, sysctlValueFact } from '../../facts/sysctl-value.js';
import { commandLine } from '../../util/shell.js';
import { ModuleFailure } from '../../errors.js';

interface SysctlArgs {
  name: string;
  value?: string | number | boolean;
  key?: string;
  val?: string | number | boolean;
  state?: 'present' | 'absent';
  sysctl_file?: string;
  sysctl_set?: boolean | string;
  reload?: boolean | string;
  ignoreerrors?: boolean | string;
}

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

export const sysctlModule = defineModule<SysctlArgs>({
  name: 'sysctl',
  checkMode: 'plan',
  argsSchema: {
    type: 'object',
    additionalProperties: false,
    anyOf: [{ required: ['name'] }, { required: ['key'] }],
    properties: {
      name: { type: 'string', pattern: '^[A-Za-z0-9_./-]+$' },
      key: { type: 'string', pattern: '^[A-Za-z0-9_./-]+$' },
      value: { type: ['string', 'number', 'boolean'] },
      val: { type: ['string', 'number', 'boolean'] },
      state: { type: 'string', enum: ['present', 'absent'] },
      sysctl_file: { type: 'string', minLength: 1 },
      sysctl_set: BOOL,
      reload: BOOL,
      ignoreerrors: BOOL,
    },
  },
  async plan(given, ctx) {
    const args = resolveAliases(given, { key: 'name', val: 'value' }, 'sysctl');
    const state = args.state ?? 'present';
    if (state === 'present' && args.value === undefined) throw new ModuleFailure("sysctl: 'value' is required with state=present");
    const value = args.value === undefined ? undefined : normaliseSysctl(typeof args.value === 'boolean' ? (args.value ? '1' : '0') : String(args.value));
    const file = args.sysctl_file ?? DEFAULT_SYSCTL_FILE;
    const steps: Step[] = [];
    const diff: ContentDiff[] = [];
    const setRuntime = state === 'present' && bool(args.sysctl_set, true);
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
      if (!runtime.exists && !bool(args.ignoreerrors)) throw new ModuleFailure(`sysctl: kernel parameter ${args.name} does not exist on this host`);
      if (runtime.exists && runtime.value !== value) {
        steps.push({ describe: `sysctl -w ${args.name}=${value}`, command: commandLine('sysctl', '-q', '-w', `${args.name}=${value}`) });
        diff.push({ label: `sysctl ${args.name} (runtime)`, before: `${runtime.value}\n`, after: `${value}\n` });
      }
    } else if (state === 'present' && fileChanged && bool(args.reload, true)) {
      // Ansible's reload: without sysctl_set the runtime follows the file through sysctl -p.
      steps.push({ describe: `sysctl -p ${file}`, command: commandLine('sysctl', '-q', ...(bool(args.ignoreerrors) ? ['-e'] : []), '-p', file) });
    }
    return { steps, diff };
  },
});
