// Ansible users write Python regular expressions (lineinfile's regexp, insertafter). The common
// Python-only spellings are turned into their JavaScript equivalents; anything JavaScript cannot
// parse fails the task with the pattern named, never silently matching something else.
import { ModuleFailure } from '../../errors.js';

export function pythonRegExp(pattern: string, what = 'regexp'): RegExp {
  let flags = '';
  let source = pattern;
  // Leading inline flags: (?i), (?m), (?s), (?ims)
  const inline = /^\(\?([imsx]+)\)/.exec(source);
  if (inline) {
    if (inline[1]!.includes('x')) throw new ModuleFailure(`${what} '${pattern}': verbose (?x) patterns are not supported`);
    flags = [...new Set(inline[1]!.split(''))].join('');
    source = source.slice(inline[0].length);
  }
  source = source
    .replace(/\(\?P<(\w+)>/g, '(?<$1>')
    .replace(/\(\?P=(\w+)\)/g, '\\k<$1>')
    .replace(/\\A/g, '^')
    .replace(/\\Z/g, '$(?![\\s\\S])');
  try {
    return new RegExp(source, flags);
  } catch (err) {
    throw new ModuleFailure(`bad ${what} '${pattern}': ${(err as Error).message}`);
  }
}

/**
 * Python's match.expand (the replacement of re.sub): \1, \g<1>, \g<name> become the groups of m
 * (an unmatched group is empty) and \n, \t, \\ their characters.
 */
export function expandTemplate(template: string, m: RegExpExecArray): string {
  const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\' };
  return template.replace(/\\(\d+)|\\g<(\w+)>|\\([ntr\\])/g, (_all, n: string | undefined, g: string | undefined, e: string | undefined) => {
    if (e !== undefined) return escapes[e]!;
    const key = n ?? g!;
    return (/^\d+$/.test(key) ? m[Number(key)] : m.groups?.[key]) ?? '';
  });
}
