// timezone: the system's time zone (and, with systemd, whether the hardware clock keeps local
// time), as community.general 6's timezone module (Ansible 7) sets it on Linux: through
// timedatectl where it works, else Debian's way, /etc/timezone (the first zone line replaced,
// later ones dropped), /etc/localtime linked to the zone's file and dpkg-reconfigure tzdata.
// The registered diff is that module's before/after mapping.
import { defineModule, type Step } from '../types.js';
import { planManagedFile } from '../lib/managed-file.js';
import { readLines } from '../lib/line-edit.js';
import { timezoneStateFact, type TimezoneState } from '../../facts/timezone-state.js';
import { ModuleFailure } from '../../errors.js';
import { commandLine } from '../../util/shell.js';
import { parseBoolean } from '../../util/boolean.js';

const ETC_TIMEZONE = '/etc/timezone';

/** The zone /etc/timezone and /etc/localtime say, as that module reads it ('n/a' when unknown). */
export function currentZone(state: TimezoneState, planned: string): string {
  const named = /^(\S+)/m.exec(state.etcTimezone ?? '')?.[1] ?? 'n/a';
  if (named !== planned) return named;
  const lt = state.localtime;
  if (lt.kind === 'link') {
    if (!lt.resolves) return 'n/a';
    const linked = /\/(?:usr\/share|etc)\/zoneinfo\/(.*)/.exec(lt.target)?.[1];
    return linked === undefined ? 'n/a' : linked;
  }
  return lt.kind === 'file' && lt.sameAsZone ? named : 'n/a';
}

/** /etc/timezone with the zone on the first zone line (or first), other zone lines dropped. */
export function editTimezoneFile(text: string, zone: string): string {
  const lines = readLines(text);
  const matched = lines.flatMap((l, i) => (/^\S/.test(l) ? [i] : []));
  const kept = lines.filter((_, i) => !matched.includes(i));
  kept.splice(matched[0] ?? 0, 0, `${zone}\n`);
  return kept.join('');
}

export const timezoneModule = defineModule({
  name: 'timezone',
  checkMode: 'plan',
  spec: {
    short_description: 'Set the system time zone (and, with systemd, the hardware clock mode)',
    description: [
      "As community.general's timezone (Ansible 7) on Linux: timedatectl where it works; without systemd, Debian's /etc/timezone, /etc/localtime link and dpkg-reconfigure tzdata.",
      'hwclock is set through timedatectl only: without systemd it is refused (the hardware clock is the machine’s, not a container’s).',
    ],
    options: {
      name: { description: 'The zone, e.g. Europe/Berlin (a file under /usr/share/zoneinfo).' },
      hwclock: { choices: ['local', 'UTC'], aliases: ['rtc'], description: 'Whether the hardware clock keeps local time or UTC (systemd hosts only).' },
    },
    required_one_of: [['hwclock', 'name']],
    examples: ['- timezone:', '    name: Europe/Berlin'].join('\n'),
    returns: {
      diff: { description: 'before/after mapping of name and hwclock', type: 'dict', returned: 'always' },
      msg: { description: 'what was done', type: 'str', returned: 'when something was done' },
    },
  },
  async plan(args, ctx) {
    const state = await ctx.fact(timezoneStateFact, args.name !== undefined ? { name: args.name } : {});
    if (args.name !== undefined && !state.zoneExists) throw new ModuleFailure(`given timezone "${args.name}" is not available`);
    const before: Record<string, string> = {};
    const after: Record<string, string> = {};
    const steps: Step[] = [];
    const messages: string[] = [];
    if (state.timedatectl !== undefined) {
      const status = state.timedatectl;
      if (args.hwclock !== undefined) {
        const rtcLocal = /^\s*RTC in local TZ\s*:\s*(\S+)/m.exec(status)?.[1];
        if (rtcLocal === undefined) throw new ModuleFailure('timedatectl status shows no RTC in local TZ line');
        before['hwclock'] = parseBoolean(rtcLocal) ? 'local' : 'UTC';
        after['hwclock'] = args.hwclock;
        if (before['hwclock'] !== args.hwclock) steps.push(timedatectl(messages, 'set-local-rtc', args.hwclock === 'local' ? 'yes' : 'no'));
      }
      if (args.name !== undefined) {
        const zone = /^\s*Time ?zone\s*:\s*(\S+)/m.exec(status)?.[1];
        if (zone === undefined) throw new ModuleFailure('timedatectl status shows no Time zone line');
        before['name'] = zone;
        after['name'] = args.name;
        if (zone !== args.name) steps.push(timedatectl(messages, 'set-timezone', args.name));
      }
    } else {
      if (args.hwclock !== undefined) throw new ModuleFailure('timezone: hwclock needs timedatectl (systemd); this host has none that works');
      const name = args.name!;
      if (!state.dpkgReconfigure) throw new ModuleFailure('timezone: without systemd only the Debian way (dpkg-reconfigure) is supported');
      before['name'] = currentZone(state, name);
      after['name'] = name;
      if (before['name'] !== name) {
        const text = state.etcTimezone ?? '';
        const written = await planManagedFile(ctx.fact, {
          path: ETC_TIMEZONE,
          content: editTimezoneFile(text, name),
          ...(state.etcTimezone === undefined ? { mode: '0644' } : {}),
        });
        const dropped = readLines(text).filter((l) => /^\S/.test(l)).length;
        messages.push(`Added 1 line and deleted ${dropped} line(s) on ${ETC_TIMEZONE}`);
        steps.push(
          ...written.steps,
          { describe: `ln -sf /usr/share/zoneinfo/${name} /etc/localtime`, command: commandLine('ln', '-sf', `/usr/share/zoneinfo/${name}`, '/etc/localtime') },
          { describe: 'dpkg-reconfigure tzdata', command: 'dpkg-reconfigure --frontend noninteractive tzdata' },
        );
      }
    }
    const diff = { before, after };
    return {
      steps,
      data: { diff, ...(messages.length ? { msg: messages.join('\n') } : {}) },
      diff: [{ label: 'timezone', before: lines(before), after: lines(after) }],
    };
  },
});

function timedatectl(messages: string[], sub: string, value: string): Step {
  const command = commandLine('timedatectl', sub, value);
  messages.push(`executed \`timedatectl ${sub} ${value}\``);
  return { describe: `timedatectl ${sub} ${value}`, command };
}

const lines = (m: Record<string, string>): string =>
  Object.entries(m)
    .map(([k, v]) => `${k}: ${v}\n`)
    .join('');
