// An iptables rule from the module's arguments, in iptables-save's canonical form (so it can
// be found again in a rules file that `iptables-save` wrote), and the matching of rule lines
// written in other spellings: whitespace and quoting, long option names, 1.2.3.4 ==
// 1.2.3.4/32, `--set-mark 80` == `--set-xmark 0x50/0xffffffff`, the implicit `-m tcp` that
// iptables-save adds for `-p tcp --dport`, and the order of options and matches.
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

/** "80", 80 or "0x50" as a number (the schema has checked the form). */
export function markNumber(mark: string | number): number {
  const n = typeof mark === 'number' ? mark : /^0x/i.test(mark) ? parseInt(mark, 16) : Number(mark);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Error(`invalid mark ${mark}`);
  return n;
}

/** The rule's words after `-A CHAIN`, in iptables-save's order and spelling. */
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
  // iptables-save prints --set-mark N as --set-xmark 0xN/0xffffffff (the same operation)
  if (a.set_mark !== undefined) w.push('--set-xmark', `0x${markNumber(a.set_mark).toString(16)}/0xffffffff`);
  return w;
}

/** The rule as shell words for `iptables -t T -A|-C|-D CHAIN ...`, each quoted. */
export function ruleShellArgs(a: RuleArgs): string {
  return ruleWords(a).map(quote).join(' ');
}

/** A rules-file line for the rule, quoted as iptables-save writes it. */
export function ruleLine(a: RuleArgs): string {
  return ['-A', a.chain, ...ruleWords(a).map((w) => (/[\s"']/.test(w) ? `"${w.replace(/(["\\])/g, '\\$1')}"` : w))].join(' ');
}

const LONG_NAMES: Record<string, string> = {
  '--append': '-A',
  '--source': '-s',
  '--src': '-s',
  '--destination': '-d',
  '--dst': '-d',
  '--in-interface': '-i',
  '--out-interface': '-o',
  '--protocol': '-p',
  '--match': '-m',
  '--jump': '-j',
  '--goto': '-g',
  '--destination-port': '--dport',
  '--source-port': '--sport',
  '--destination-ports': '--dports',
  '--source-ports': '--sports',
};
const BASE_OPTIONS = new Set(['-s', '-d', '-i', '-o', '-p', '-f']);

/**
 * A rule line (`-A CHAIN ...`) as a canonical string: base options sorted, each match module
 * with its options (sorted among matches), then the target with its options. Undefined when
 * the line cannot be split into words.
 */
export function canonicalRule(line: string): string | undefined {
  let words: string[];
  try {
    words = splitWords(line.trim()).map((w) => LONG_NAMES[w] ?? w);
  } catch {
    return undefined;
  }
  if (words[0] !== '-A' || words[1] === undefined) return undefined;
  const chain = words[1];
  const base: string[] = [];
  const matches: string[][] = [];
  let target: string[] | undefined;
  let protocol: string | undefined;
  let current: string[] | undefined; // the match or target collecting options
  let negate = false;
  for (let i = 2; i < words.length; i++) {
    let w = words[i]!;
    if (w === '!') {
      negate = true;
      continue;
    }
    const next = words[i + 1];
    if (BASE_OPTIONS.has(w) && next !== undefined && target === undefined) {
      i++;
      if (next === '!') {
        // the old `-s ! 1.2.3.4` spelling
        negate = true;
        i++;
      }
      let value = words[i] ?? '';
      if (w === '-s' || w === '-d') value = withPrefix(value);
      if (w === '-p') protocol = value;
      base.push(`${negate ? '! ' : ''}${w} ${value}`);
      negate = false;
      current = undefined;
    } else if (w === '-m' && next !== undefined && target === undefined) {
      current = ['-m', next];
      matches.push(current);
      i++;
    } else if ((w === '-j' || w === '-g') && next !== undefined) {
      target = [w, next];
      current = target;
      i++;
    } else {
      if (current === undefined) {
        // an option of the protocol's implicit match: `-p tcp --dport 22` == `-p tcp -m tcp --dport 22`
        current = ['-m', protocol ?? '?'];
        matches.push(current);
      }
      if ((w === '--set-mark' || w === '--set-xmark') && next !== undefined) {
        const [value, mask] = next.split('/');
        i++;
        if (w === '--set-mark' && mask === undefined) w = '--set-xmark';
        const fullMask = mask === undefined || parseInt(mask, 16) === 0xffffffff;
        const number = /^(0x[0-9a-f]+|\d+)$/i.test(value ?? '') ? `0x${markNumber(value!).toString(16)}` : value;
        current.push(w, fullMask && w === '--set-xmark' ? `${number}/0xffffffff` : `${number}${mask !== undefined ? `/${mask}` : ''}`);
      } else {
        current.push(negate ? `! ${w}` : w);
      }
      negate = false;
    }
  }
  // matches written twice (`-m tcp -m tcp`) or in another order compare equal
  const matchTexts = [...new Set(matches.map((m) => m.join(' ')))].sort();
  return [`-A ${chain}`, ...base.sort(), ...matchTexts, ...(target ? [target.join(' ')] : [])].join('\u0000');
}

/** Does this rules-file line say the same rule as the arguments? */
export function sameRule(line: string, a: RuleArgs): boolean {
  const have = canonicalRule(line);
  return have !== undefined && have === canonicalRule(ruleLine(a));
}
