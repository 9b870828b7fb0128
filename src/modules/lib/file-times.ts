// modification_time / access_time of the file module (and its _format arguments), as
// ansible-core 2.14 reads them: 'now', 'preserve', or a time in Python's strptime format, taken
// in the host's time zone. 'now' is always a change; a given time only when it differs.
import { ModuleFailure } from '../../errors.js';
import { localEpochFact } from '../../facts/local-epoch.js';
import type { PathStat } from '../../facts/path-stat.js';
import { quote } from '../../util/shell.js';
import type { ModuleContext, Step } from '../types.js';
import type { ArgsOf, OptionSpecs } from '../../argspec/declaration.js';

/** Ansible's default for both _format options: 202601311200.00 */
const DEFAULT_FORMAT = '%Y%m%d%H%M.%S';

/** The time options of the file module, with Ansible's defaults. */
export const TIME_OPTIONS = {
  modification_time: {
    description: "The file's modification time: 'now', 'preserve', or a time in modification_time_format (the host's time zone).",
  },
  modification_time_format: { default: DEFAULT_FORMAT, description: 'How modification_time is written (Python strptime directives).' },
  access_time: { description: "The file's access time: 'now', 'preserve', or a time in access_time_format (the host's time zone)." },
  access_time_format: { default: DEFAULT_FORMAT, description: 'How access_time is written (Python strptime directives).' },
} as const satisfies OptionSpecs;

export type TimeArgs = ArgsOf<typeof TIME_OPTIONS>;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Python's strptime for the directives timestamps use; the wall-clock time as `date -d` reads it. */
export function strptime(text: string, format: string): string {
  const fields = { Y: 1900, m: 1, d: 1, H: 0, M: 0, S: 0 };
  let pattern = '';
  const order: string[] = [];
  for (let i = 0; i < format.length; i++) {
    const ch = format[i]!;
    if (ch !== '%') {
      pattern += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      continue;
    }
    const d = format[++i];
    const groups: Record<string, string> = {
      Y: '(\\d{4})',
      y: '(\\d{2})',
      m: '(\\d{1,2})',
      d: '(\\d{1,2})',
      H: '(\\d{1,2})',
      M: '(\\d{1,2})',
      S: '(\\d{1,2})',
      b: '([A-Za-z]{3})',
      B: '([A-Za-z]+)',
    };
    if (d === '%') pattern += '%';
    else if (d !== undefined && groups[d]) {
      pattern += groups[d];
      order.push(d);
    } else throw new ModuleFailure(`time format directive %${d ?? ''} is not supported (%Y %y %m %d %H %M %S %b %B)`);
  }
  const m = new RegExp(`^${pattern}$`).exec(text);
  if (!m) throw new ModuleFailure(`Error while obtaining timestamp for ${text}: time data '${text}' does not match format '${format}'`);
  order.forEach((d, i) => {
    const v = m[i + 1]!;
    if (d === 'y') fields.Y = Number(v) + (Number(v) < 69 ? 2000 : 1900);
    else if (d === 'b' || d === 'B') fields.m = MONTHS.indexOf(v.slice(0, 3).toLowerCase()) + 1;
    else fields[d as keyof typeof fields] = Number(v);
  });
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${fields.Y}-${two(fields.m)}-${two(fields.d)} ${two(fields.H)}:${two(fields.M)}:${two(fields.S)}`;
}

export interface TimesPlan {
  steps: Step[];
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

/**
 * The steps that set the times of `path` (which exists, or is created by the steps before).
 * touch: both times default to now; every other state preserves them unless told.
 */
export async function planTimes(
  ctx: ModuleContext,
  args: TimeArgs,
  path: string,
  st: PathStat,
  { touch, created, link = false }: { touch: boolean; created: boolean; link?: boolean },
): Promise<TimesPlan> {
  const out: TimesPlan = { steps: [], before: {}, after: {} };
  const now = Date.now() / 1000;
  for (const [key, flag, given, format] of [
    ['mtime', '-m', args.modification_time, args.modification_time_format],
    ['atime', '-a', args.access_time, args.access_time_format],
  ] as const) {
    const wanted = given ?? (touch ? 'now' : 'preserve');
    if (wanted === 'preserve') continue;
    const current = st.exists ? st[key] : now;
    let epoch: number;
    if (wanted === 'now') {
      epoch = now;
      // a file touch creates already has the time of now
      if (!created) out.steps.push({ describe: `set ${key} of ${path} to now`, command: `touch -c ${link ? '-h ' : ''}${flag} -- ${quote(path)}` });
    } else {
      epoch = await ctx.fact(localEpochFact, { time: strptime(wanted, format) });
      if (created || current !== epoch) {
        out.steps.push({ describe: `set ${key} of ${path} to ${wanted}`, command: `touch -c ${link ? '-h ' : ''}${flag} -d @${epoch} -- ${quote(path)}` });
      } else continue;
    }
    out.before[key] = current;
    out.after[key] = epoch;
  }
  return out;
}
