// Editing an iptables-restore file (/etc/iptables/rules.v4) for one rule: every other table,
// chain, rule and comment stays byte for byte; the rule goes into its table's section (created
// with the built-in chains if missing) before COMMIT. A file that is not valid restore format
// (a rule outside a table, as the tutorial's bare `-A PREROUTING ...`; a table without COMMIT;
// a line iptables-restore would not take) is refused with its line, never rewritten.
import { ModuleFailure } from '../../errors.js';
import { ruleLine, sameRule, type RuleArgs } from './iptables-rule.js';

export const BUILTIN_CHAINS: Record<string, string[]> = {
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  raw: ['PREROUTING', 'OUTPUT'],
  security: ['INPUT', 'FORWARD', 'OUTPUT'],
};

export interface RulesSection {
  table: string;
  /** Index of the `*table` line. */
  start: number;
  /** Index of its COMMIT line. */
  commit: number;
}

// What iptables-restore accepts between *table and COMMIT: chain declarations and commands.
const CHAIN_LINE = /^:\S+ (ACCEPT|DROP|RETURN|QUEUE|-)( \[\d+:\d+\])?$/;
const COMMAND_LINE = /^(-[AIDRNXFZP]|--(append|insert|delete|replace|new-chain|delete-chain|flush|zero|policy))( .*)?$/;

/** The sections of a restore file; throws ModuleFailure `file:line: problem` for anything else. */
export function parseRulesSections(lines: string[], file: string): RulesSection[] {
  const sections: RulesSection[] = [];
  let open: { table: string; start: number } | undefined;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    const at = `${file}:${i + 1}`;
    if (line === '' || line.startsWith('#')) return;
    if (line.startsWith('*')) {
      if (open) throw new ModuleFailure(`${at}: table ${line} starts before *${open.table} was committed (expected COMMIT first); ${file} left untouched`);
      const table = line.slice(1);
      if (!(table in BUILTIN_CHAINS))
        throw new ModuleFailure(`${at}: unknown table '${line}' (expected *filter, *nat, *mangle, *raw or *security); ${file} left untouched`);
      if (sections.some((s) => s.table === table)) throw new ModuleFailure(`${at}: table ${line} appears twice; ${file} left untouched`);
      open = { table, start: i };
      return;
    }
    if (line === 'COMMIT') {
      if (!open) throw new ModuleFailure(`${at}: COMMIT outside a table (expected a *table line before it); ${file} left untouched`);
      sections.push({ ...open, commit: i });
      open = undefined;
      return;
    }
    if (!open) {
      throw new ModuleFailure(
        `${at}: '${line.slice(0, 80)}' outside a table: iptables-restore format needs rules between a *table line and COMMIT (e.g. *mangle ... COMMIT); ${file} left untouched`,
      );
    }
    if (!CHAIN_LINE.test(line) && !COMMAND_LINE.test(line)) {
      throw new ModuleFailure(`${at}: unknown line '${line.slice(0, 80)}' (expected a :CHAIN policy line, a -A rule or COMMIT); ${file} left untouched`);
    }
  });
  if (open) throw new ModuleFailure(`${file}:${open.start + 1}: table *${open.table} has no COMMIT (a truncated file?); ${file} left untouched`);
  return sections;
}

const isRuleOf = (line: string, chain: string): boolean => {
  const words = line.trim().split(/\s+/);
  return (words[0] === '-A' || words[0] === '--append') && words[1] === chain;
};

/**
 * The rules file with the rule present exactly once (or absent), everything else as it was.
 * `action: insert` puts a new rule first in its chain, as `iptables -I` does at runtime.
 */
export function editRulesFile(
  text: string,
  rule: RuleArgs & { table: string },
  present: boolean,
  file: string,
  action: 'append' | 'insert' = 'append',
): string {
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  const sections = parseRulesSections(lines, file);
  const section = sections.find((s) => s.table === rule.table);
  const rows = section ? lines.map((_, i) => i).filter((i) => i > section.start && i < section.commit) : [];
  const matching = rows.filter((i) => isRuleOf(lines[i]!, rule.chain) && sameRule(lines[i]!, rule));
  const joined = (l: string[]): string => l.join('\n') + '\n';
  // new lines follow the file's line ending (CRLF files stay CRLF)
  const cr = lines.length > 0 && lines.every((l) => l === '' || l.endsWith('\r')) ? '\r' : '';
  if (!present || matching.length > 1) {
    // absent: every copy goes; present: the first copy stays, duplicates go
    const drop = new Set(present ? matching.slice(1) : matching);
    return drop.size === 0 ? text : joined(lines.filter((_, i) => !drop.has(i)));
  }
  if (matching.length === 1) return text;
  if (section) {
    const chainRules = rows.filter((i) => isRuleOf(lines[i]!, rule.chain));
    const declarations = rows.filter((i) => lines[i]!.trim().startsWith(':'));
    const declared = declarations.some((i) => lines[i]!.trim().split(/\s+/)[0] === `:${rule.chain}`);
    const insertAt = chainRules.length === 0 ? section.commit : action === 'insert' ? chainRules[0]! : chainRules[chainRules.length - 1]! + 1;
    const copy = [...lines];
    copy.splice(insertAt, 0, ruleLine(rule) + cr);
    if (!declared) {
      const builtin = BUILTIN_CHAINS[rule.table]?.includes(rule.chain) ?? false;
      const declareAt = declarations.length ? declarations[declarations.length - 1]! + 1 : section.start + 1;
      copy.splice(declareAt, 0, `:${rule.chain} ${builtin ? 'ACCEPT' : '-'} [0:0]${cr}`);
    }
    return joined(copy);
  }
  const chains = BUILTIN_CHAINS[rule.table] ?? [];
  const block = [
    `*${rule.table}`,
    ...chains.map((c) => `:${c} ACCEPT [0:0]`),
    ...(chains.includes(rule.chain) ? [] : [`:${rule.chain} - [0:0]`]),
    ruleLine(rule),
    'COMMIT',
  ];
  const newBlock = block.map((l) => l + cr);
  const head = lines.length === 0 ? ['# iptables-restore format; lvsplay edits only its own rules and keeps the rest.'] : lines;
  return joined([...head, ...newBlock]);
}
