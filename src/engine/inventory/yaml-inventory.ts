// Ansible's YAML inventory: all: {hosts: {h: {vars}}, vars: {}, children: {g: {...}}}.
import { UserInputError, type SourceLocation } from '../../errors.js';
import { locate } from '../yaml-source.js';
import type { InventoryData } from './model.js';
import { expandHostRange } from './ranges.js';

function isMapping(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function parseYamlInventory(content: unknown, file: string, data: InventoryData): void {
  const top: SourceLocation = { file, line: 1, col: 1 };
  if (content === null || content === undefined) return;
  if (!isMapping(content)) throw new UserInputError('a YAML inventory must be a mapping of groups', locate(content) ?? top, "a mapping such as 'all: {hosts: ..., children: ...}'");
  for (const [name, body] of Object.entries(content)) {
    if (name !== 'all') data.addChild('all', name, locate(content, name));
    parseGroup(name, body, locate(content, name) ?? top, data, file);
  }
}

const GROUP_KEYS = new Set(['hosts', 'children', 'vars']);

function parseGroup(name: string, body: unknown, where: SourceLocation, data: InventoryData, file: string): void {
  data.group(name, where);
  if (body === null || body === undefined) return;
  if (!isMapping(body)) throw new UserInputError(`group '${name}' is not a mapping`, locate(body) ?? where, 'hosts:, children: and vars: keys');
  for (const key of Object.keys(body)) {
    if (!GROUP_KEYS.has(key)) throw new UserInputError(`unknown key '${key}' in group '${name}'`, locate(body, key) ?? where, 'hosts, children or vars');
  }
  const at = (k: string): SourceLocation => locate(body, k) ?? where;
  if (body.vars !== undefined && body.vars !== null) {
    if (!isMapping(body.vars)) throw new UserInputError(`vars of group '${name}' is not a mapping`, at('vars'), 'a mapping of variables');
    Object.assign(data.group(name).vars, body.vars);
  }
  if (body.hosts !== undefined && body.hosts !== null) {
    if (!isMapping(body.hosts)) throw new UserInputError(`hosts of group '${name}' is a ${Array.isArray(body.hosts) ? 'list' : typeof body.hosts}`, at('hosts'), "a mapping of host names (e.g. 'hosts: {web1: {}, web2: {}}')");
    for (const [hostPattern, hostVars] of Object.entries(body.hosts)) {
      const hostWhere = locate(body.hosts, hostPattern) ?? at('hosts');
      if (hostVars !== null && hostVars !== undefined && !isMapping(hostVars)) {
        throw new UserInputError(`variables of host '${hostPattern}' are not a mapping`, locate(hostVars) ?? hostWhere, 'a mapping of variables or nothing');
      }
      let names: string[];
      try {
        names = expandHostRange(hostPattern);
      } catch (err) {
        throw new UserInputError(`bad host range '${hostPattern}': ${(err as Error).message}`, hostWhere, 'a range like web[1:3]');
      }
      for (const h of names) data.addHost(h, name, (hostVars as Record<string, unknown>) ?? {}, hostWhere);
    }
  }
  if (body.children !== undefined && body.children !== null) {
    if (!isMapping(body.children)) throw new UserInputError(`children of group '${name}' is not a mapping`, at('children'), 'a mapping of group names');
    for (const [child, childBody] of Object.entries(body.children)) {
      const childWhere = locate(body.children, child) ?? at('children');
      data.addChild(name, child, childWhere);
      parseGroup(child, childBody, childWhere, data, file);
    }
  }
}
