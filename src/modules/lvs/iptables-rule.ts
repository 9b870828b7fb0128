// An iptables rule from the module's arguments, in iptables-save's canonical form (so it can
// be found again in a rules file that `iptables-save` wrote), and the matching of rule lines
// written in other spellings (--set-mark 80 == --set-xmark 0x50/0xffffffff, 1.2.3.4 == 1.2.3.4/32).
import { splitWords, quote } from '../../util/shell.js';

export interface RuleArgs {
  table?: 'filter' | 'nat' | 'mangle' | 'raw';
  chain: string;
  protocol?: string;
  source?: string;
  destination?: string;
  destination_port?: string | number;
  destination_ports?: Array<string | number>;
  in_interface?: string;
  jump?: string;
  set_mark?: string | number;
  comment?: string;
}

const withPrefix = (addr: string): string => (addr.includes('/') ? addr : `${addr}/32`);

/** The rule's words after `-A CHAIN`, in iptables-save's order. */
export function ruleWords(a: RuleArgs): string[] {
  const w: string[] = [];
  if (a.source) w.push('-s', withPrefix(a.source));
  if (a.destination) w.push('-d', withPrefix(a.destination));
  if (a.in_interface) w.push('-i', a.in_interface);
  if (a.protocol) w.push('-p', a.protocol);
  if (a.destination_ports && a.destination_ports.length > 0) w.push('-m', 'multiport', '--dports', a.destination_ports.join(','));
  else if (a.destination_port !== undefined) w.push('-m', String(a.protocol ?? 'tcp'), '--dport', String(a.destination_port));
  if (a.comment) w.push('-m', 'comment', '--comment', a.comment);
  if (a.jump) w.push('-j', a.jump);
  if (a.set_mark !== undefined) w.push('--set-xmark', `0x${markNumber(a.set_mark).toString(16)}/0xffffffff`);
  return w;
}

export function markNumber(mark: string | number): number {
  const n = typeof mark === 'number' ? mark : mark.startsWith('0x') ? parseInt(mark, 16) : Number(mark);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Error(`invalid mark ${mark}`);
  return n;
}

/** The rule as a shell argument list for `iptables -t T -X CHAIN ...`. */
export function ruleShellArgs(a: RuleArgs): string {
  return ruleWords(a).map(quote).join(' ');
}

/** A rules-file line for the rule (quotes as iptables-save writes them). */
export function ruleLine(a: RuleArgs): string {
  return ['-A', a.chain, ...ruleWords(a).map((w) => (/\s|"/.test(w) ? `"${w.replace(/"/g, '\\"')}"` : w))].join(' ');
}

/** Normalise a rule line's words so different spellings of the same rule compare equal. */
export function normaliseRuleLine(line: string): string[] | undefined {
  let words: string[];
  try {
    words = splitWords(line.trim());
  } catch {
    return undefined;
  }
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const next = words[i + 1];
    if ((w === '-s' || w === '-d' || w === '--source' || w === '--destination') && next !== undefined) {
      out.push(w.length > 2 ? (w === '--source' ? '-s' : '-d') : w, withPrefix(next));
      i++;
    } else if ((w === '--set-mark' || w === '--set-xmark') && next !== undefined) {
      const [value, mask] = next.split('/');
      if (mask === undefined || parseInt(mask, 16) === 0xffffffff) out.push('--set-xmark', `0x${markNumber(value!).toString(16)}/0xffffffff`);
      else out.push(w, next);
      i++;
    } else if (w === '--jump') out.push('-j');
    else if (w === '--protocol') out.push('-p');
    else out.push(w);
  }
  return out;
}

export function sameRule(line: string, a: RuleArgs): boolean {
  const have = normaliseRuleLine(line);
  const want = normaliseRuleLine(ruleLine(a));
  return have !== undefined && want !== undefined && have.join('\u0000') === want.join('\u0000');
}
