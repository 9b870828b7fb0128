// cron: one named job (or environment variable) in a user's crontab or in a file of /etc/cron.d,
// as ansible-core 2.14's cron module keeps them: a job is the line after its "#Ansible: NAME"
// comment, a variable a NAME="value" line at the top; every other line is left as it is. The
// crontab is read with `crontab -l` and installed whole with `crontab -` (a file of /etc/cron.d
// goes through the one file writer). Diff, jobs and envs as Ansible's (compared on Debian 12).
import { defineModule, type ContentDiff, type Plan, type Step } from '../types.js';
import type { ArgsOf, OptionSpecs } from '../../argspec/declaration.js';
import { ModuleFailure } from '../../errors.js';
import { crontabFact } from '../../facts/crontab.js';
import { fileStateFact } from '../../facts/file-state.js';
import { planManagedFile } from '../lib/managed-file.js';
import { quote } from '../../util/shell.js';

const TIME_FIELDS = ['minute', 'hour', 'day', 'month', 'weekday'] as const;
const SPECIAL_TIMES = ['annually', 'daily', 'hourly', 'monthly', 'reboot', 'weekly', 'yearly'] as const;

const OPTIONS = {
  name: { required: true, description: 'The name of the job (its "#Ansible:" comment), or of the variable with env.' },
  job: { aliases: ['value'], description: 'The command to run, or the value of the variable with env. Required with state present.' },
  state: { choices: ['present', 'absent'], default: 'present', description: 'Whether the job or variable should be there.' },
  user: { description: 'Whose crontab; with cron_file, the user the job runs as (then required).' },
  cron_file: {
    type: 'path',
    description: 'A file of /etc/cron.d (a bare name) or another path, instead of a crontab. With state absent the whole file is removed.',
  },
  minute: { default: '*', description: 'Minute field.' },
  hour: { default: '*', description: 'Hour field.' },
  day: { default: '*', aliases: ['dom'], description: 'Day of the month field.' },
  month: { default: '*', description: 'Month field.' },
  weekday: { default: '*', aliases: ['dow'], description: 'Day of the week field.' },
  special_time: { choices: SPECIAL_TIMES, description: 'An @ schedule (@daily, @reboot, ...) instead of the time fields.' },
  disabled: { type: 'bool', default: false, description: 'Keep the job commented out.' },
  env: { type: 'bool', default: false, description: 'Manage an environment variable (name=job) rather than a job.' },
} as const satisfies OptionSpecs;

export const cronModule = defineModule({
  name: 'cron',
  checkMode: 'plan',
  spec: {
    short_description: 'Manage a named job or variable in a crontab or /etc/cron.d',
    description: [
      'The job is the line after a "#Ansible: NAME" comment; a variable (env) is a NAME="value" line at the top. Other lines are left alone.',
      'Without cron_file, the crontab of user (or of the connecting user) is read with crontab -l and installed with crontab -.',
    ],
    options: OPTIONS,
    examples: ['- cron:', '    name: rotate lvs stats', '    minute: "*/5"', '    job: /usr/local/bin/lvs-stats'].join('\n'),
    returns: {
      jobs: { description: 'The names of the named jobs in the crontab after the change', type: 'list', returned: 'without cron_file removal' },
      envs: { description: 'The names of the variables in the crontab after the change', type: 'list', returned: 'without cron_file removal' },
      cron_file: { description: 'The cron_file option', type: 'str', returned: 'when cron_file is given' },
    },
  },
  async plan(args, ctx) {
    const { name, job, state, user } = args;
    const path = args.cron_file === undefined ? undefined : args.cron_file.startsWith('/') ? args.cron_file : `/etc/cron.d/${args.cron_file}`;
    // Ansible's messages, word for word
    if (path !== undefined && user === undefined && state === 'present')
      throw new ModuleFailure('To use cron_file=... parameter you must specify user=... as well');
    if (state === 'present' && job === undefined) throw new ModuleFailure("You must specify 'job' to install a new cron job or variable");
    if (args.special_time !== undefined && TIME_FIELDS.some((f) => args[f] !== '*'))
      throw new ModuleFailure('You must specify time and date fields or special time.');
    const cronFile: Record<string, string> = args.cron_file !== undefined ? { cron_file: args.cron_file } : {};

    if (path !== undefined && state === 'absent') return removeCronFile(path, await ctx.fact(fileStateFact, { path, withContent: true }), cronFile);

    const file = path !== undefined ? await ctx.fact(fileStateFact, { path, withContent: true }) : undefined;
    const read = file ? (file.kind === 'file' ? (file.content ?? '') : '') : ((await ctx.fact(crontabFact, user !== undefined ? { user } : {})) ?? '');
    const lines = read === '' ? [] : read.replace(/\n$/, '').split('\n');
    const before = render(lines);
    if (args.env) setVariable(lines, name, state === 'present' ? `${name}="${job}"` : undefined);
    else setJob(lines, name, state === 'present' ? jobLine(args, path !== undefined) : undefined);
    const after = render(lines);
    const data = { jobs: lines.flatMap((l) => /^#Ansible: (.*)$/.exec(l)?.[1] ?? []), envs: lines.flatMap((l) => /^(\S+?)=/.exec(l)?.[1] ?? []), ...cronFile };
    if (after === before) return { steps: [], data };
    if (path !== undefined) {
      const written = await planManagedFile(ctx.fact, { path, content: after, ...(file?.kind === 'absent' ? { mode: '0644' } : {}) });
      return { steps: written.steps, diff: written.diff, data };
    }
    const label = user === undefined ? 'crontab' : `crontab for user "${user}"`;
    const install: Step = { describe: `install ${label}`, command: user === undefined ? 'crontab -' : `crontab -u ${quote(user)} -`, stdin: after };
    return { steps: [install], diff: [{ label, before, after }], data };
  },
});

type Args = ArgsOf<typeof OPTIONS>;

/** The job's line as Ansible writes it: the schedule, the user in a cron.d file, the command. */
function jobLine(args: Args, inCronFile: boolean): string {
  const when = args.special_time !== undefined ? `@${args.special_time}` : TIME_FIELDS.map((f) => args[f]).join(' ');
  return `${args.disabled ? '#' : ''}${when} ${inCronFile ? `${args.user} ` : ''}${args.job}`;
}

/** The job line after "#Ansible: NAME": replaced, added at the end, or removed with its comment. */
function setJob(lines: string[], name: string, line: string | undefined): void {
  const comment = `#Ansible: ${name}`;
  let at = lines.indexOf(comment);
  if (line === undefined) {
    if (at >= 0) lines.splice(at, 2);
    return;
  }
  // The same job already there without its comment gets the comment rather than a second copy.
  if (at < 0 && lines.includes(line)) lines.splice((at = lines.indexOf(line)), 0, comment);
  if (at < 0) lines.push(comment, line);
  else lines[at + 1] = line;
}

/** NAME=... replaced in place, added at the top, or removed. */
function setVariable(lines: string[], name: string, decl: string | undefined): void {
  const at = lines.findIndex((l) => l.startsWith(`${name}=`));
  if (decl === undefined) {
    if (at >= 0) lines.splice(at, 1);
  } else if (at >= 0) lines[at] = decl;
  else lines.unshift(decl);
}

function render(lines: string[]): string {
  const text = lines.join('\n');
  return text === '' ? '' : `${text.replace(/[\r\n]+$/, '')}\n`;
}

/** state absent with cron_file removes the whole file, as Ansible's does (its diff ends at /dev/null). */
function removeCronFile(path: string, file: { kind: string; content?: string }, cronFile: Record<string, string>): Plan {
  const data = { ...cronFile, state: 'absent' };
  if (file.kind === 'absent') return { steps: [], data };
  const diff: ContentDiff = { label: path, before: file.content ?? '', after: '' };
  return { steps: [{ describe: `remove ${path}`, command: `rm -f -- ${quote(path)}` }], diff: [diff], data };
}
