// Ansible's INI inventory format (its ini plugin): [group], [group:children], [group:vars]
// (and [group:hosts]), hosts with inline key=value variables, ranges, host:port, comments
// with # or ; at the start of a line. Positions are tracked here because there is no YAML node.
import { UserInputError, type SourceLocation } from '../../errors.js';
import { recordKeyLocation } from '../yaml-source.js';
import type { InventoryData } from './model.js';
import { parseIniValue } from './values.js';
import { expandHostRange, parseHostAddress } from './ranges.js';

interface Token {
  text: string;
  col: number;
}

type Section = { group: string; kind: 'hosts' | 'children' | 'vars' };

/** Python's shlex.split(line, comments=True): quotes group and are removed, # outside quotes ends the line. */
function shlexSplit(line: string, at: (col: number) => SourceLocation): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  for (;;) {
    while (i < line.length && /\s/.test(line[i]!)) i++;
    if (i >= line.length || line[i] === '#') return tokens;
    const start = i;
    let text = '';
    while (i < line.length && !/\s/.test(line[i]!)) {
      const c = line[i]!;
      if (c === '#') {
        tokens.push({ text, col: start + 1 });
        return tokens;
      }
      if (c === "'") {
        const end = line.indexOf("'", i + 1);
        if (end < 0) throw new UserInputError('unterminated quote', at(i + 1), "a closing '");
        text += line.slice(i + 1, end);
        i = end + 1;
      } else if (c === '"') {
        i++;
        for (;;) {
          if (i >= line.length) throw new UserInputError('unterminated quote', at(line.lastIndexOf('"') + 1), 'a closing "');
          const d = line[i]!;
          if (d === '"') break;
          // Inside double quotes shlex only unescapes \" and \\.
          if (d === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) {
            text += line[i + 1];
            i += 2;
          } else {
            text += d;
            i++;
          }
        }
        i++;
      } else if (c === '\\' && i + 1 < line.length) {
        text += line[i + 1];
        i += 2;
      } else {
        text += c;
        i++;
      }
    }
    tokens.push({ text, col: start + 1 });
  }
}

const SECTION = /^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:#.*)?$/;
const GROUP_NAME = /^([^:\]\s]+)\s*(?:#.*)?$/;

export function parseIniInventory(text: string, file: string, data: InventoryData): void {
  let section: Section = { group: 'ungrouped', kind: 'hosts' };
  const declared = new Set<string>();
  const varsSections: Array<{ group: string; where: SourceLocation; known: boolean }> = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const at = (col: number): SourceLocation => ({ file, line: lineNo, col });
    const line = raw.replace(/\s+$/, '');
    const trimmed = line.trimStart();
    const indent = line.length - trimmed.length;
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) return;
    const header = parseSectionHeader(trimmed, indent, at);
    if (header) {
      section = header;
      if (header.kind === 'vars') {
        varsSections.push({ group: header.group, where: at(indent + 2), known: data.groups.has(header.group) });
      } else {
        declared.add(header.group);
        data.group(header.group, at(indent + 2));
      }
      return;
    }
    if (section.kind === 'vars') parseVarLine(trimmed, indent, section.group, data, at);
    else if (section.kind === 'children') {
      const m = GROUP_NAME.exec(trimmed);
      if (!m) throw new UserInputError(`'${trimmed}' is not a group name`, at(indent + 1), 'one child group name per line');
      declared.add(m[1]!);
      data.addChild(section.group, m[1]!, at(indent + 1));
    } else parseHostLine(line, section.group, data, at);
  });
  // Ansible refuses [g:vars] for a group nothing defines: usually a typo that would silently do nothing.
  for (const v of varsSections) {
    if (!v.known && !declared.has(v.group)) {
      throw new UserInputError(
        `section [${v.group}:vars] is for a group that is not defined`,
        v.where,
        `a [${v.group}] or [${v.group}:children] section, or ${v.group} named as a child`,
      );
    }
    data.group(v.group, v.where);
  }
}

function parseSectionHeader(trimmed: string, indent: number, at: (col: number) => SourceLocation): Section | undefined {
  if (!trimmed.startsWith('[')) return undefined;
  const m = SECTION.exec(trimmed);
  if (m) {
    const group = m[1]!;
    const suffix = m[2] ?? 'hosts';
    if (suffix !== 'hosts' && suffix !== 'children' && suffix !== 'vars') {
      throw new UserInputError(`unknown section suffix ':${suffix}'`, at(indent + 3 + group.length), "':children', ':vars' or ':hosts'");
    }
    return { group, kind: suffix };
  }
  // `[::1]:22` and `[a:c]-web` are hosts; anything else opening with [ is a broken header.
  const closesAtEnd = /\]\s*(?:#.*)?$/.test(trimmed);
  const looksLikeHost = /^\[[^\]\s]*:[^\]\s]*\]\S*/.test(trimmed) && !closesAtEnd;
  if (looksLikeHost) return undefined;
  throw new UserInputError(`malformed section header '${trimmed}'`, at(indent + 1), '[group], [group:children] or [group:vars], without spaces');
}

function parseVarLine(trimmed: string, indent: number, group: string, data: InventoryData, at: (col: number) => SourceLocation): void {
  const eq = trimmed.indexOf('=');
  if (eq < 0) throw new UserInputError(`'${trimmed}' is not a variable assignment`, at(indent + 1), 'key=value');
  const key = trimmed.slice(0, eq).trim();
  if (key === '' || /\s/.test(key)) throw new UserInputError(`invalid variable name '${key}'`, at(indent + 1), 'a variable name without spaces');
  const groupVars = data.group(group).vars;
  Object.defineProperty(groupVars, key, { value: parseIniValue(stripComment(trimmed.slice(eq + 1))), enumerable: true, writable: true, configurable: true });
  recordKeyLocation(groupVars, key, at(indent + 1));
}

function parseHostLine(line: string, group: string, data: InventoryData, at: (col: number) => SourceLocation): void {
  const tokens = shlexSplit(line, at);
  const [hostToken, ...varTokens] = tokens;
  if (!hostToken) return;
  const vars: Record<string, unknown> = {};
  for (const t of varTokens) {
    const eq = t.text.indexOf('=');
    if (eq <= 0) throw new UserInputError(`'${t.text}' after host '${hostToken.text}' is not key=value`, at(t.col), 'host variables as key=value');
    const key = t.text.slice(0, eq);
    Object.defineProperty(vars, key, { value: parseIniValue(t.text.slice(eq + 1)), enumerable: true, writable: true, configurable: true });
    recordKeyLocation(vars, key, at(t.col));
  }
  let names: string[];
  let port: number | undefined;
  try {
    const address = parseHostAddress(hostToken.text);
    port = address.port;
    names = expandHostRange(address.pattern);
  } catch (err) {
    throw new UserInputError(
      `bad host '${hostToken.text}': ${(err as Error).message}`,
      at(hostToken.col),
      'a host name, name:port, or a range like web[1:3] or web[01:10]',
    );
  }
  // host:port first, so an explicit ansible_port=... on the line wins (as in Ansible).
  const withPort: Record<string, unknown> = {};
  if (port !== undefined) {
    withPort.ansible_port = port;
    recordKeyLocation(withPort, 'ansible_port', at(hostToken.col));
  }
  for (const name of names) {
    data.addHost(name, group, withPort, at(hostToken.col));
    data.addHost(name, group, vars, at(hostToken.col));
  }
}

/** `key=value  # comment` in a vars section: drop the comment unless the # is inside quotes. */
function stripComment(value: string): string {
  const m = /^((?:[^#'"]|'[^']*'|"[^"]*")*?)\s+#.*$/.exec(value);
  return (m ? m[1]! : value).trim();
}
