// Filters on text: case, trim, replace, regular expressions (Python syntax), shell quoting,
// base64, paths, hashing, printf-style format.
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { quote } from '../../util/shell.js';
import type { FilterFn } from './define.js';
import { arg, fail } from './define.js';
import { pyStr, truthy } from './python.js';
import { randomSalt, shaCrypt } from './sha-crypt.js';

function text(value: unknown): string {
  return value === null || value === undefined ? '' : pyStr(value);
}

/** Python `re` syntax to JavaScript: named groups and the \A \Z anchors. */
export function pythonRegex(pattern: unknown, flags: { ignorecase?: unknown; multiline?: unknown; global?: boolean }): RegExp {
  const source = String(pattern)
    .replace(/\(\?P</g, '(?<')
    .replace(/\(\?P=(\w+)\)/g, '\\k<$1>')
    .replace(/\\A/g, '^')
    .replace(/\\Z/g, '$');
  const f = `${flags.global ? 'g' : ''}${truthy(flags.ignorecase) ? 'i' : ''}${truthy(flags.multiline) ? 'm' : ''}`;
  try {
    return new RegExp(source, f);
  } catch (err) {
    return fail(`invalid regular expression '${String(pattern)}': ${(err as Error).message}`);
  }
}

/** Python replacement syntax (\1, \g<1>, \g<name>) to JavaScript ($1, $<name>). */
function pythonReplacement(replacement: unknown): string {
  return String(replacement)
    .replace(/\$/g, '$$$$')
    .replace(/\\g<(\d+)>/g, '$$$1')
    .replace(/\\g<(\w+)>/g, '$$<$1>')
    .replace(/\\(\d+)/g, '$$$1')
    .replace(/\\\\/g, '\\');
}

function percentFormat(format: string, args: unknown[]): string {
  let i = 0;
  return format.replace(/%([-+ 0#]*)(\d*)(?:\.(\d+))?([sdifrx%])/g, (_m, flags: string, width: string, precision: string | undefined, conv: string) => {
    if (conv === '%') return '%';
    const v = args[i++];
    let out: string;
    switch (conv) {
      case 'd':
      case 'i':
        out = String(Math.trunc(Number(v)));
        break;
      case 'f':
        out = Number(v).toFixed(precision === undefined ? 6 : Number(precision));
        break;
      case 'x':
        out = Math.trunc(Number(v)).toString(16);
        break;
      default:
        out = v === null ? 'None' : pyStr(v);
    }
    const w = Number(width || 0);
    return flags.includes('-') ? out.padEnd(w) : out.padStart(w, flags.includes('0') && conv !== 's' ? '0' : ' ');
  });
}

export const textFilters: Record<string, FilterFn> = {
  upper: (v) => text(v).toUpperCase(),
  lower: (v) => text(v).toLowerCase(),
  capitalize: (v) => {
    const s = text(v);
    return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
  },
  title: (v) => text(v).replace(/\w\S*/g, (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()),
  trim: (v, args, kw) => {
    const chars = arg(args, kw, 0, 'chars', undefined);
    if (chars === undefined || chars === null) return text(v).trim();
    const set = pyStr(chars).replace(/[\\\]^-]/g, '\\$&');
    return text(v).replace(new RegExp(`^[${set}]+|[${set}]+$`, 'g'), '');
  },
  replace: (v, args, kw) => {
    const from = String(arg(args, kw, 0, 'old', ''));
    const to = String(arg(args, kw, 1, 'new', ''));
    const count = arg(args, kw, 2, 'count', undefined);
    const parts = text(v).split(from);
    if (typeof count !== 'number' || parts.length - 1 <= count) return parts.join(to);
    return parts.slice(0, count + 1).join(to) + from + parts.slice(count + 1).join(from);
  },
  split: (v, args, kw) => {
    const sep = arg(args, kw, 0, 'sep', undefined);
    const s = text(v);
    return sep === undefined || sep === null ? s.split(/\s+/).filter((x) => x !== '') : s.split(pyStr(sep));
  },
  regex_replace: (v, args, kw) => {
    const re = pythonRegex(arg(args, kw, 0, 'pattern', ''), {
      ignorecase: arg(args, kw, 2, 'ignorecase', false),
      multiline: arg(args, kw, 3, 'multiline', false),
      global: true,
    });
    const replacement = pythonReplacement(arg(args, kw, 1, 'replacement', ''));
    const count = Number(arg(args, kw, 4, 'count', 0));
    if (!count) return text(v).replace(re, replacement);
    let n = 0;
    return text(v).replace(re, (...m: unknown[]) =>
      n++ < count ? String(m[0]).replace(new RegExp(re.source, re.flags.replace('g', '')), replacement) : String(m[0]),
    );
  },
  regex_search: (v, args, kw) => {
    const [pattern, ...groups] = args;
    const re = pythonRegex(pattern, { ignorecase: kw.ignorecase, multiline: kw.multiline });
    const m = re.exec(text(v));
    if (!m) return null;
    if (groups.length === 0) return m[0];
    return groups.map((g) => {
      const s = String(g);
      const numbered = /^\\(\d+)$/.exec(s);
      if (numbered) return m[Number(numbered[1])] ?? null;
      const named = /^\\g<(\w+)>$/.exec(s);
      if (named) return m.groups?.[named[1]!] ?? null;
      return fail(`regex_search: group '${s}' should look like '\\\\1' or '\\\\g<name>'`);
    });
  },
  regex_findall: (v, args, kw) => {
    const re = pythonRegex(arg(args, kw, 0, 'regex', ''), { ignorecase: kw.ignorecase, multiline: kw.multiline, global: true });
    return [...text(v).matchAll(re)].map((m) => (m.length === 1 ? m[0] : m.length === 2 ? m[1] : m.slice(1)));
  },
  regex_escape: (v) => text(v).replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'),
  quote: (v) => quote(text(v)),
  b64encode: (v) => Buffer.from(text(v), 'utf8').toString('base64'),
  b64decode: (v) => Buffer.from(text(v), 'base64').toString('utf8'),
  // os.path.join: an absolute part starts over
  path_join: (v) =>
    (Array.isArray(v) ? v : [v])
      .map((p) => text(p))
      .reduce((acc: string, p) => (p.startsWith('/') || acc === '' ? p : acc.endsWith('/') ? acc + p : `${acc}/${p}`), ''),
  basename: (v) => posix.basename(text(v)),
  dirname: (v) => {
    const s = text(v);
    // Python's os.path.dirname('file') is '' where Node's gives '.'
    return s.includes('/') ? posix.dirname(s) : '';
  },
  splitext: (v) => {
    const s = text(v);
    const ext = posix.extname(s);
    return [s.slice(0, s.length - ext.length), ext];
  },
  expanduser: (v) => text(v),
  hash: (v, args, kw) => {
    const algorithm = String(arg(args, kw, 0, 'hashtype', 'sha1'));
    try {
      return createHash(algorithm).update(text(v)).digest('hex');
    } catch {
      return fail(`hash: unknown hash type '${algorithm}'`);
    }
  },
  password_hash: (v, args, kw) => passwordHash(text(v), args, kw),
  checksum: (v) => createHash('sha1').update(text(v)).digest('hex'),
  md5: (v) => createHash('md5').update(text(v)).digest('hex'),
  sha1: (v) => createHash('sha1').update(text(v)).digest('hex'),
  format: (v, args) => percentFormat(text(v), args),
  comment: (v) =>
    text(v)
      .split('\n')
      .map((l) => `# ${l}`.trimEnd())
      .join('\n'),
};

// What Ansible (ansible-core 2.14, crypt without passlib) uses when rounds are not given.
const CRYPT_SCHEMES: Record<string, { kind: 'sha256' | 'sha512'; rounds: number }> = {
  sha512: { kind: 'sha512', rounds: 656_000 },
  sha512_crypt: { kind: 'sha512', rounds: 656_000 },
  sha256: { kind: 'sha256', rounds: 535_000 },
  sha256_crypt: { kind: 'sha256', rounds: 535_000 },
};

/** `password_hash(hashtype='sha512', salt=None, salt_size=None, rounds=None)`, as Ansible's crypt path gives it. */
function passwordHash(password: string, args: unknown[], kw: Record<string, unknown>): string {
  const hashtype = String(arg(args, kw, 0, 'hashtype', 'sha512'));
  const scheme = CRYPT_SCHEMES[hashtype];
  if (!scheme) return fail(`password_hash: hash type '${hashtype}' is not supported (sha512, sha256)`);
  const salt = arg(args, kw, 1, 'salt', null);
  const saltSize = arg(args, kw, 2, 'salt_size', null);
  const rounds = arg(args, kw, 3, 'rounds', null);
  if (salt !== null && !/^[./0-9A-Za-z]*$/.test(pyStr(salt))) return fail('password_hash: salt may hold only ./0-9A-Za-z');
  if (rounds !== null && !(typeof rounds === 'number' && Number.isInteger(rounds))) return fail('password_hash: rounds must be an integer');
  const useSalt = salt === null ? randomSalt(typeof saltSize === 'number' ? Math.min(saltSize, 16) : 16) : pyStr(salt);
  const count = rounds ?? scheme.rounds;
  // Ansible leaves the scheme's own 5000 out of the result, as crypt(3) does
  return shaCrypt(scheme.kind, password, useSalt, count === 5000 ? undefined : count);
}
