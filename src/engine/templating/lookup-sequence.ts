// lookup('sequence') / with_sequence: numbers from start to end (or count of them) by stride,
// each formatted with a printf-style format. A term is `start=1 end=10 stride=2 format=h%02d`
// or the short form `[start-]end[/stride][:format]`; numbers may be decimal, 0x hex or 0o
// octal. The errors are Ansible's words: playbooks check them in rescue blocks.
import { fail } from './define.js';
import { pyStr, type Dict } from './python.js';

const KEYS = ['start', 'end', 'count', 'stride', 'format'];
const SHORT = /^(?:([0-9a-fA-Fx]+)-)?([0-9a-fA-Fx]+)(?:\/([0-9a-fA-Fx]+))?(?::(.+))?$/;

/** Python's int(text, 0): decimal, 0x.., 0o.., 0b..; undefined when it is none of them. */
function pyInt(text: string): number | undefined {
  const t = text.trim().replace(/_/g, '');
  if (/^[-+]?(0|[1-9]\d*)$/.test(t)) return Number(t);
  const based = /^([-+]?)0([xob])([0-9a-f]+)$/i.exec(t);
  if (!based) return undefined;
  const base = { x: 16, o: 8, b: 2 }[based[2]!.toLowerCase() as 'x' | 'o' | 'b'];
  const digits = based[3]!;
  if (![...digits].every((d) => parseInt(d, base) < base)) return undefined;
  return (based[1] === '-' ? -1 : 1) * parseInt(digits, base);
}

function parseTerm(term: string, defaults: Dict): Record<string, string> {
  const spec: Record<string, string> = Object.fromEntries(Object.entries(defaults).map(([k, v]) => [k, pyStr(v)]));
  const short = term.includes('=') ? null : SHORT.exec(term);
  if (short) {
    const [, start, end, stride, format] = short;
    Object.assign(spec, { end }, start !== undefined ? { start } : {}, stride !== undefined ? { stride } : {}, format !== undefined ? { format } : {});
    return spec;
  }
  for (const [, k, v] of term.matchAll(/(\w+)=(\S+)/g)) spec[k!] = v!;
  const unknown = Object.keys(spec).filter((k) => !KEYS.includes(k));
  if (unknown.length > 0) fail(`unrecognized arguments to with_sequence: [${unknown.map((k) => `'${k}'`).join(', ')}]`);
  return spec;
}

export function sequence(terms: unknown[], kw: Dict): string[] {
  const out: string[] = [];
  for (const term of terms.length > 0 ? terms : ['']) {
    const spec = parseTerm(pyStr(term).trim(), kw);
    const num = (name: string, fallback: number | undefined): number | undefined => {
      const text = spec[name];
      if (text === undefined) return fallback;
      return pyInt(text) ?? fail(`can't parse ${name}=${text} as integer`);
    };
    const start = num('start', 1)!;
    let stride = num('stride', 1)!;
    let end = num('end', undefined);
    const count = num('count', undefined);
    const format = spec.format ?? '%d';
    if (count === undefined && end === undefined) fail('must specify count or end in with_sequence');
    if (count !== undefined && end !== undefined) fail("can't specify both count and end in with_sequence");
    if (count !== undefined) {
      if (count === 0) stride = 0;
      else end = start + count * stride - 1;
    }
    if (stride > 0 && end! < start) fail('to count backwards make stride negative');
    if (stride < 0 && end! > start) fail("to count forward don't make stride negative");
    if ((format.match(/%/g) ?? []).length !== 1) fail(`bad formatting string: ${format}`);
    if (stride === 0) continue;
    for (let i = start; stride > 0 ? i <= end! : i >= end!; i += stride) out.push(formatInt(format, i));
  }
  return out;
}

/** The one %d / %x / %o / %s (with width and zero fill) a sequence format holds. */
function formatInt(format: string, n: number): string {
  return format.replace(/%(0?)(\d*)([dixXos])/g, (_all, zero: string, width: string, kind: string) => {
    const base = kind === 'x' || kind === 'X' ? 16 : kind === 'o' ? 8 : 10;
    let s = Math.abs(n).toString(base);
    if (kind === 'X') s = s.toUpperCase();
    const sign = n < 0 ? '-' : '';
    const w = Number(width || 0);
    return zero ? sign + s.padStart(w - sign.length, '0') : (sign + s).padStart(w, ' ');
  });
}
