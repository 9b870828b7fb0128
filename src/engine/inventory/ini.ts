// Ansible's INI inventory format: [group], [group:children], [group:vars], hosts with inline
// variables, ranges like s[1:3] / s[01:10] / [a:c], comments with # or ;.
import { UserInputError, type SourceLocation } from '../../errors.js';
import type { InventoryData } from './model.js';
import { parseIniValue } from './values.js';
import { expandHostRange } from './ranges.js';
import { recordKeyLocation } from '../yaml-source.js';

interface Token {
  text: string;
  col: number;
}

/** shlex-like split with comments: quotes group words and are removed; # starts a comment. */
function tokenize(line: string, where: (col: number) => SourceLocation): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i]!)) i++;
    if (i >= line.length || line[i] === '#' || line[i] === ';') break;
    const start = i;
    let text = '';
    while (i < line.length && !/\s/.test(line[i]!)) {
      const c = line[i]!;
      if (c === '"' || c === "'") {
        const end = line.indexOf(c, i + 1);
        if (end < 0) throw new UserInputError('unterminated quote', where(i + 1), `a closing ${c}`);
        text += line.slice(i + 1, end);
        i = end + 1;
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
  return tokens;
}

export function parseIniInventory(text: string, file: string, data: InventoryData): void {
  let section: { group: string; kind: 'hosts' | 'children' | 'vars' } = { group: 'ungrouped', kind: 'hosts' };
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const at = (col: number): SourceLocation => ({ file, line: lineNo, col });
    const line = raw.replace(/\s+$/, '');
    const trimmed = line.trimStart();
    const indent = line.length - trimmed.length;
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) return;
    if (trimmed.startsWith('[')) {
      const m = /^\[([^\]\s:]+)(?::([^\]\s]+))?\]\s*(?:[#;].*)?$/.exec(trimmed);
      if (!m) throw new UserInputError(`malformed section header '${trimmed}'`, at(indent + 1), '[group], [group:children] or [group:vars]');
      const [, group, suffix] = m as unknown as [string, string, string | undefined];
      if (suffix !== undefined && suffix !== 'children' && suffix !== 'vars') {
        throw new UserInputError(`unknown section suffix ':${suffix}'`, at(indent + 2 + group.length), "':children' or ':vars'");
      }
      if (!/^[A-Za-z0-9_-]+$/.test(group)) throw new UserInputError(`invalid group name '${group}'`, at(indent + 2), 'letters, digits, - and _');
      section = { group, kind: suffix === 'children' ? 'children' : suffix === 'vars' ? 'vars' : 'hosts' };
      data.group(group, at(indent + 2));
      return;
    }
    if (section.kind === 'vars') {
      const eq = trimmed.indexOf('=');
      if (eq <= 0) throw new UserInputError(`'${trimmed}' is not a variable assignment`, at(indent + 1), 'key=value');
      const key = trimmed.slice(0, eq).trim();
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new UserInputError(`invalid variable name '${key}'`, at(indent + 1), 'a name of letters, digits and _');
      const groupVars = data.group(section.group).vars;
      groupVars[key] = parseIniValue(stripComment(trimmed.slice(eq + 1)));
      recordKeyLocation(groupVars, key, at(indent + 1));
      return;
    }
    const tokens = tokenize(line, at);
    if (tokens.length === 0) return;
    if (section.kind === 'children') {
      if (tokens.length > 1) throw new UserInputError(`unexpected '${tokens[1]!.text}' after child group name`, at(tokens[1]!.col), 'one group name per line');
      data.addChild(section.group, tokens[0]!.text, at(tokens[0]!.col));
      return;
    }
    const [hostToken, ...varTokens] = tokens as [Token, ...Token[]];
    const vars: Record<string, unknown> = {};
    for (const t of varTokens) {
      const eq = t.text.indexOf('=');
      if (eq <= 0) throw new UserInputError(`'${t.text}' after host '${hostToken.text}' is not key=value`, at(t.col), 'host variables as key=value');
      vars[t.text.slice(0, eq)] = parseIniValue(t.text.slice(eq + 1));
    }
    let hostPattern = hostToken.text;
    // host:port shorthand (not for IPv6 or ranges)
    const portMatch = /^([^:[\]]+):(\d+)$/.exec(hostPattern);
    if (portMatch) {
      hostPattern = portMatch[1]!;
      vars.ansible_port = Number(portMatch[2]);
    }
    let names: string[];
    try {
      names = expandHostRange(hostPattern);
    } catch (err) {
      throw new UserInputError(`bad host range '${hostPattern}': ${(err as Error).message}`, at(hostToken.col), 'a range like web[1:3] or web[01:10]');
    }
    for (const name of names) {
      data.addHost(name, section.group, vars, at(hostToken.col));
      const hostVars = data.hosts.get(name)!.vars;
      for (const t of varTokens) recordKeyLocation(hostVars, t.text.slice(0, t.text.indexOf('=')), at(t.col));
      if (portMatch) recordKeyLocation(hostVars, 'ansible_port', at(hostToken.col));
    }
  });
}

function stripComment(value: string): string {
  // `key=value  # comment`, unless the # is inside quotes
  const m = /^((?:[^#'"]|'[^']*'|"[^"]*")*?)\s+#.*$/.exec(value);
  return (m ? m[1]! : value).trim();
}
