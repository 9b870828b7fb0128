// A declaration as text for people: `lvsplay doc MODULE` (ansible-doc's layout: `=` marks a
// required option) and the Markdown of docs/modules.md. Both read only the declaration, so
// what is documented is what is checked.
import type { ArgumentSpec, OptionRules, OptionSpec, OptionSpecs } from './declaration.js';
import { ARGUMENT_FORMATS } from './formats.js';

/** What the doc says about a module besides its arguments. */
export interface ModuleFacts {
  name: string;
  /** Other names tasks may use (service for systemd, ...). */
  aliases: readonly string[];
  /** Source file, relative to the project. */
  source: string;
  checkMode: 'plan' | 'none';
  runsOn: 'target' | 'controller';
  freeFormArg?: string;
}

const INDENT = '        ';

function paragraphs(text: string | readonly string[] | undefined): string[] {
  if (text === undefined) return [];
  return typeof text === 'string' ? [text] : [...text];
}

/** A value as a YAML user writes it. */
function shown(v: unknown): string {
  return typeof v === 'string' ? (v === '' ? '""' : v) : JSON.stringify(v);
}

/** "list of str", "dict", "raw (a file mode...)". */
export function typeText(o: OptionSpec): string {
  const type = o.type ?? 'str';
  return type === 'list' ? `list of ${o.elements ?? (o.options ? 'dict' : 'raw')}` : type;
}

function optionLines(name: string, o: OptionSpec, depth: number): string[] {
  const pad = '    '.repeat(depth);
  const lines = [`${pad}${o.required ? '=' : '-'} ${name}`];
  for (const p of paragraphs(o.description)) lines.push(`${pad}${INDENT}${p}`);
  if (o.aliases?.length) lines.push(`${pad}${INDENT}aliases: [${o.aliases.join(', ')}]`);
  if (o.choices) lines.push(`${pad}${INDENT}choices: [${o.choices.map(shown).join(', ')}]`);
  if (o.default !== undefined) lines.push(`${pad}${INDENT}default: ${shown(o.default)}`);
  if (o.format) lines.push(`${pad}${INDENT}format: ${ARGUMENT_FORMATS[o.format].describe}`);
  if (o.minimum !== undefined || o.maximum !== undefined) lines.push(`${pad}${INDENT}range: ${o.minimum ?? '-inf'} to ${o.maximum ?? 'inf'}`);
  if (o.no_log) lines.push(`${pad}${INDENT}no_log: true (never shown in results or logs)`);
  lines.push(`${pad}${INDENT}type: ${typeText(o)}`);
  for (const rule of ruleLines(o)) lines.push(`${pad}${INDENT}${rule}`);
  if (o.options) {
    lines.push(`${pad}${INDENT}suboptions:`);
    for (const [sub, so] of sorted(o.options)) lines.push(...optionLines(sub, so, depth + 1));
  }
  lines.push('');
  return lines;
}

function sorted(options: OptionSpecs): Array<[string, OptionSpec]> {
  return Object.entries(options).sort(([a], [b]) => a.localeCompare(b));
}

function ruleLines(spec: OptionRules): string[] {
  const list = (set: readonly string[]): string => set.join(', ');
  return [
    ...(spec.mutually_exclusive ?? []).map((s) => `mutually exclusive: ${list(s)}`),
    ...(spec.required_together ?? []).map((s) => `required together: ${list(s)}`),
    ...(spec.required_one_of ?? []).map((s) => `one of these is required: ${list(s)}`),
    ...(spec.required_if ?? []).map(([k, v, needed, any]) => `when ${k} is ${shown(v)}: ${any ? 'one of ' : ''}${list(needed)} required`),
  ];
}

/** `lvsplay doc NAME`. */
export function moduleDocText(spec: ArgumentSpec, m: ModuleFacts): string {
  const out = [`> ${m.name.toUpperCase()}    (${m.source})`, ''];
  for (const p of [spec.short_description, ...paragraphs(spec.description)]) out.push(`${INDENT}${p}`);
  out.push('');
  if (m.aliases.length) out.push(`ALSO CALLED: ${m.aliases.join(', ')}`, '');
  out.push(`CHECK MODE: ${m.checkMode === 'plan' ? 'planned (--check shows what would change)' : 'not supported (skipped with --check)'}`);
  out.push(`RUNS ON: ${m.runsOn}`, '');
  if (m.freeFormArg) out.push(`FREE FORM: \`${m.name}: text\` fills ${m.freeFormArg}`, '');
  const options = sorted(spec.options);
  if (options.length) {
    out.push('OPTIONS (= is mandatory):', '');
    for (const [name, o] of options) out.push(...optionLines(name, o, 0));
  }
  if (spec.extra_keys) {
    const { description, format } = spec.extra_keys;
    out.push('OTHER KEYS:', `${INDENT}${description}`, ...(format ? [`${INDENT}format: ${ARGUMENT_FORMATS[format].describe}`] : []), '');
  }
  const rules = ruleLines(spec);
  if (rules.length) out.push('RULES:', ...rules.map((r) => `${INDENT}${r}`), '');
  if (spec.notes?.length) out.push('NOTES:', ...spec.notes.map((n) => `${INDENT}* ${n}`), '');
  if (spec.examples) out.push('EXAMPLES:', '', spec.examples.trimEnd(), '');
  if (spec.returns && Object.keys(spec.returns).length) {
    out.push('RETURN VALUES:', '');
    for (const [name, r] of Object.entries(spec.returns)) {
      out.push(`- ${name}`, `${INDENT}${r.description}`);
      if (r.returned) out.push(`${INDENT}returned: ${r.returned}`);
      if (r.sample !== undefined) out.push(`${INDENT}sample: ${shown(r.sample)}`);
      out.push(`${INDENT}type: ${r.type}`, '');
    }
  }
  return out.join('\n').replace(/\n+$/, '\n');
}

/** `lvsplay doc --list`: one line per module. */
export function moduleListText(modules: ReadonlyArray<{ name: string; spec: ArgumentSpec }>): string {
  const width = Math.max(...modules.map((m) => m.name.length)) + 2;
  return modules.map((m) => `${m.name.padEnd(width)}${m.spec.short_description}`).join('\n') + '\n';
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** A module's section of docs/modules.md. */
export function moduleDocMarkdown(spec: ArgumentSpec, m: ModuleFacts): string[] {
  const out = [`## ${m.name}`, '', spec.short_description + '.', ''];
  for (const p of paragraphs(spec.description)) out.push(p, '');
  if (m.freeFormArg) out.push(`Free-form text (\`${m.name}: ...\`) fills \`${m.freeFormArg}\`.`, '');
  const options = sorted(spec.options);
  if (options.length) {
    out.push('| option | type | required | default | choices | aliases | description |', '| --- | --- | --- | --- | --- | --- | --- |');
    const rows = (entries: Array<[string, OptionSpec]>, prefix: string): void => {
      for (const [name, o] of entries) {
        const choices = o.choices ? o.choices.map(shown).join(', ') : o.format ? ARGUMENT_FORMATS[o.format].describe : '';
        const row = [
          `${prefix}${name}`,
          typeText(o),
          o.required ? 'yes' : '',
          o.default !== undefined ? `\`${shown(o.default)}\`` : '',
          choices,
          (o.aliases ?? []).join(', '),
        ];
        out.push(`| ${[...row, paragraphs(o.description).join(' ')].map(cell).join(' | ')} |`);
        if (o.options) rows(sorted(o.options), `${prefix}${name}.`);
      }
    };
    rows(options, '');
    out.push('');
  }
  if (spec.extra_keys) out.push(`Other keys: ${spec.extra_keys.description}`, '');
  const rules = ruleLines(spec);
  if (rules.length) out.push(...rules.map((r) => `- ${r}`), '');
  if (spec.examples) out.push('```yaml', spec.examples.trimEnd(), '```', '');
  if (spec.returns && Object.keys(spec.returns).length) {
    out.push('Returns:', '');
    for (const [name, r] of Object.entries(spec.returns)) out.push(`- \`${name}\` (${r.type}${r.returned ? `, ${r.returned}` : ''}): ${r.description}`);
    out.push('');
  }
  return out;
}
