// Ansible host patterns: all, *, names, groups, globs (web*), regexes (~web\d+), unions (a:b,
// a,b), intersections (a:&b), exclusions (a:!b) and subscripts (group[0], group[1:3], [-1]).
import type { InventoryData } from './model.js';

interface Term {
  op: 'union' | 'and' | 'not';
  text: string;
}

/** Split on ':' and ',' except inside [...] subscripts. */
function splitTerms(pattern: string): Term[] {
  const out: Term[] = [];
  let depth = 0;
  let current = '';
  for (const c of pattern) {
    if (c === '[') depth++;
    if (c === ']') depth = Math.max(0, depth - 1);
    if ((c === ':' || c === ',') && depth === 0) {
      if (current.trim() !== '') out.push(term(current.trim()));
      current = '';
    } else current += c;
  }
  if (current.trim() !== '') out.push(term(current.trim()));
  return out;
}

function term(text: string): Term {
  if (text.startsWith('&')) return { op: 'and', text: text.slice(1) };
  if (text.startsWith('!')) return { op: 'not', text: text.slice(1) };
  return { op: 'union', text };
}

function globToRegExp(glob: string): RegExp {
  return new RegExp('^' + glob.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$');
}

export function matchPattern(data: InventoryData, hostsOfGroup: (g: string) => string[], pattern: string): { hosts: string[]; warnings: string[] } {
  const warnings: string[] = [];
  const order = [...data.hosts.keys()];
  const resolveTerm = (text: string): string[] => {
    const sub = /^(.*)\[(-?\d*)(?::(-?\d*))?\]$/.exec(text);
    if (sub && !text.startsWith('~')) {
      const base = resolveTerm(sub[1]!);
      const startText = sub[2]!;
      if (sub[3] === undefined) {
        const i = Number(startText);
        const h = base[i < 0 ? base.length + i : i];
        return h === undefined ? [] : [h];
      }
      const start = startText === '' ? 0 : Number(startText);
      const end = sub[3] === '' ? base.length : Number(sub[3]);
      return base.slice(start < 0 ? base.length + start : start, end < 0 ? base.length + end : end);
    }
    if (text === 'all' || text === '*') return order;
    if (data.groups.has(text)) return hostsOfGroup(text);
    if (data.hosts.has(text)) return [text];
    let re: RegExp | undefined;
    if (text.startsWith('~')) re = new RegExp(text.slice(1));
    else if (/[*?]/.test(text)) re = globToRegExp(text);
    if (re) {
      const groups = [...data.groups.keys()].filter((g) => re!.test(g));
      const hosts = new Set([...groups.flatMap(hostsOfGroup), ...order.filter((h) => re!.test(h))]);
      return order.filter((h) => hosts.has(h));
    }
    warnings.push(`could not match supplied host pattern, ignoring: ${text}`);
    return [];
  };
  const terms = splitTerms(pattern);
  let selected = new Set<string>();
  for (const t of terms.filter((t) => t.op === 'union')) resolveTerm(t.text).forEach((h) => selected.add(h));
  for (const t of terms.filter((t) => t.op === 'and')) {
    const other = new Set(resolveTerm(t.text));
    selected = new Set([...selected].filter((h) => other.has(h)));
  }
  for (const t of terms.filter((t) => t.op === 'not')) for (const h of resolveTerm(t.text)) selected.delete(h);
  return { hosts: order.filter((h) => selected.has(h)), warnings };
}
