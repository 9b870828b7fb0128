// Editing an iptables-restore file (/etc/iptables/rules.v4) for one rule: every other table,
// chain, rule and comment stays byte for byte; the rule goes into its table's section (created
// with the built-in chains if missing) before COMMIT. A file that is not valid restore format
// is refused with its line, never rewritten.
import { ModuleFailure } from '../../errors.js';
import { ruleLine, sameRule, type RuleArgs } from './iptables-rule.js';

const BUILTIN_CHAINS: Record<string, string[]> = {
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  raw: ['PREROUTING', 'OUTPUT'],
  security: ['INPUT', 'FORWARD', 'OUTPUT'],
};

interface Section {
  table: string;
  start: number; // index of the *table line
  commit: number; // index of its COMMIT line
}

export function parseSections(lines: string[], file: string): Section[] {
  const sections: Section[] = [];
  let open: { table: string; start: number } | undefined;
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    if (line.startsWith('*')) {
      if (open) throw new ModuleFailure(`${file}:${i + 1}: table *${line.slice(1)} starts before *${open.table} was committed (expected COMMIT first)`);
      open = { table: line.slice(1), start: i };
      return;
    }
    if (line === 'COMMIT') {
      if (!open) throw new ModuleFailure(`${file}:${i + 1}: COMMIT outside a table (expected a *table line before it)`);
      sections.push({ ...open, commit: i });
      open = undefined;
      return;
    }
    if (!open) throw new ModuleFailure(`${file}:${i + 1}: '${line.slice(0, 60)}' outside a table (iptables-restore format puts rules between *table and COMMIT)`);
    if (!/^(:\S+ \S+( \[\d+:\d+\])?|-[AIN] \S+.*|-X.*|-F.*|-Z.*|-P .*)$/.test(line)) {
      throw new ModuleFailure(`${file}:${i + 1}: unknown line '${line.slice(0, 60)}' (expected a chain, a rule or COMMIT)`);
    }
  });
  if (open) throw new ModuleFailure(`${file}: table *${open.table} has no COMMIT (a truncated file?)`);
  return sections;
}

export function editRulesFile(text: string, rule: RuleArgs & { table: string }, present: boolean, file: string): string {
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  const sections = parseSections(lines, file);
  const section = sections.find((s) => s.table === rule.table);
  const inSection = (s: Section): number[] => lines.map((_, i) => i).filter((i) => i > s.start && i < s.commit);
  if (!present) {
    if (!section) return text;
    const drop = new Set(inSection(section).filter((i) => sameRule(lines[i]!, rule)));
    if (drop.size === 0) return text;
    return lines.filter((_, i) => !drop.has(i)).join('\n') + '\n';
  }
  if (section) {
    const rows = inSection(section);
    if (rows.some((i) => sameRule(lines[i]!, rule))) return text;
    const chainRules = rows.filter((i) => new RegExp(`^-A ${rule.chain}\\s`).test(lines[i]!.trim()));
    const declared = rows.some((i) => lines[i]!.trim().startsWith(`:${rule.chain} `));
    const insertAt = chainRules.length ? chainRules[chainRules.length - 1]! + 1 : section.commit;
    const copy = [...lines];
    copy.splice(insertAt, 0, ruleLine(rule));
    if (!declared) copy.splice(section.start + 1, 0, `:${rule.chain} ${BUILTIN_CHAINS[rule.table]?.includes(rule.chain) ? 'ACCEPT' : '-'} [0:0]`);
    return copy.join('\n') + '\n';
  }
  const chains = BUILTIN_CHAINS[rule.table] ?? [];
  const block = [
    `*${rule.table}`,
    ...chains.map((c) => `:${c} ACCEPT [0:0]`),
    ...(chains.includes(rule.chain) ? [] : [`:${rule.chain} - [0:0]`]),
    ruleLine(rule),
    'COMMIT',
  ];
  const head = lines.length === 0 ? ['# iptables-restore format; lvsplay edits only its own rules and keeps the rest.'] : lines;
  return [...head, ...block].join('\n') + '\n';
}
