// Ansible host patterns (InventoryManager.get_hosts): all, *, names, groups, fnmatch globs
// (web*, db?, web[0-9]), regexes (~web\d+, matched from the start like Python's re.match),
// unions (a:b, a,b), intersections (a:&b), exclusions (a:!b), and subscripts on a term
// (g[0], g[-1], g[1:3] with an inclusive end, g[2:] to the end).
// Regular terms are applied first, then intersections, then exclusions, whatever the written
// order; a pattern with only &/! terms starts from all. The result is in inventory order,
// then Ansible's implicit localhost if the pattern named it and the inventory does not have it.
import { UserInputError } from '../../errors.js';
import { fnmatchToRegExp } from '../../util/fnmatch.js';

/** Names Ansible answers with its implicit localhost when the inventory does not define them. */
export const IMPLICIT_LOCALHOST_NAMES = new Set(['localhost', '127.0.0.1', '::1']);

export interface PatternSource {
  hostNames(): string[];
  groupNames(): string[];
  hostsOfGroup(group: string): string[];
  hasHost(name: string): boolean;
}

/** Ansible's split_host_pattern, plus: the parts of a comma list may use ':' operators too. */
export function splitHostPattern(pattern: string, isHost: (name: string) => boolean): string[] {
  const parts = pattern.includes(',') ? pattern.split(',') : [pattern];
  return parts.flatMap((part) => {
    const p = part.trim();
    if (p === '') return [];
    // A known host name or an IPv6 address contains ':' without meaning "union".
    if (isHost(p) || /^[0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f:.]*$/.test(p)) return [p];
    return p.match(/(?:[^\s:[\]]|\[[^\]]*\])+/g) ?? [];
  });
}

const SUBSCRIPT = /^(.+)\[(?:(-?\d+)|(\d+)([:-])(\d*))\]$/;

export function matchPattern(inv: PatternSource, pattern: string): { hosts: string[]; warnings: string[] } {
  const warnings: string[] = [];
  const order = inv.hostNames();

  const enumerate = (expr: string): string[] => {
    let re: RegExp;
    try {
      re = expr.startsWith('~') ? new RegExp(`^(?:${expr.slice(1)})`) : fnmatchToRegExp(expr);
      re.test(''); // V8 compiles on first use: make a too-large pattern fail here
    } catch (err) {
      // A bad regex, or a glob too large for the regex engine (a 300 kB pattern crashed here).
      const shown = expr.length > 80 ? `${expr.slice(0, 80)}... (${expr.length} characters)` : expr;
      const why = (err as Error).message.replace(/^Invalid regular expression: \/.*\/\w*: /s, '');
      throw new UserInputError(
        `invalid host pattern '${shown}': ${why}`,
        undefined,
        expr.startsWith('~') ? 'a valid regular expression after ~' : 'a host, group or glob',
      );
    }
    const groups = inv.groupNames().filter((g) => re.test(g));
    const found = new Set(groups.flatMap((g) => inv.hostsOfGroup(g)));
    // As in Ansible: host names are tried when no group matched, or the term is a glob/regex.
    if (groups.length === 0 || /^~|[.?*[]/.test(expr)) for (const h of order) if (re.test(h)) found.add(h);
    // Ansible's implicit localhost: `hosts: localhost` works without localhost in the inventory.
    if (found.size === 0 && groups.length === 0 && IMPLICIT_LOCALHOST_NAMES.has(expr)) return [expr];
    if (found.size === 0 && groups.length === 0 && expr !== 'all') warnings.push(`Could not match supplied host pattern, ignoring: ${expr}`);
    return order.filter((h) => found.has(h));
  };
  const inOrder = (hosts: Set<string>): string[] => [...order.filter((h) => hosts.has(h)), ...[...hosts].filter((h) => !inv.hasHost(h))];

  const matchOne = (term: string): string[] => {
    const m = term.startsWith('~') ? null : SUBSCRIPT.exec(term);
    if (!m) return enumerate(term);
    const hosts = enumerate(m[1]!);
    if (m[2] !== undefined) {
      const index = Number(m[2]);
      const host = hosts[index < 0 ? hosts.length + index : index];
      if (host === undefined) warnings.push(`subscript ${term} is outside the ${hosts.length} matching hosts`);
      return host === undefined ? [] : [host];
    }
    // [x:y] includes y, like Ansible (and unlike Python slices); [x:] runs to the end.
    const start = Number(m[3]);
    const end = m[5] === '' ? hosts.length - 1 : Number(m[5]);
    return hosts.slice(start, end + 1);
  };

  const terms = splitHostPattern(pattern, (h) => inv.hasHost(h));
  if (terms.length === 0) return { hosts: [], warnings: ['empty host pattern'] };
  const regular = terms.filter((t) => !t.startsWith('&') && !t.startsWith('!'));
  const selected = new Set<string>();
  for (const t of regular.length ? regular : ['all']) matchOne(t).forEach((h) => selected.add(h));
  for (const t of terms.filter((t) => t.startsWith('&'))) {
    const other = new Set(matchOne(t.slice(1)));
    for (const h of [...selected]) if (!other.has(h)) selected.delete(h);
  }
  for (const t of terms.filter((t) => t.startsWith('!'))) for (const h of matchOne(t.slice(1))) selected.delete(h);
  return { hosts: inOrder(selected), warnings };
}
