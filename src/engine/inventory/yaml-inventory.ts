// Ansible's YAML inventory (its yaml plugin): top-level keys are groups (usually just `all`),
// each a mapping of hosts: {name: {vars}}, children: {group: {...}} and vars: {...}.
import { UserInputError, type SourceLocation } from '../../errors.js';
import { locate } from '../yaml-source.js';
import type { InventoryData } from './model.js';
import { expandHostRange, parseHostAddress } from './ranges.js';

function isMapping(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function kindOf(v: unknown): string {
  return Array.isArray(v) ? 'a list' : v === null ? 'null' : `a ${typeof v}`;
}

export function parseYamlInventory(content: unknown, file: string, data: InventoryData): void {
  const top: SourceLocation = { file, line: 1, col: 1 };
  if (content === null || content === undefined) return;
  if (!isMapping(content))
    throw new UserInputError(
      `a YAML inventory must be a mapping of groups, not ${kindOf(content)}`,
      locate(content) ?? top,
      "a mapping such as 'all: {hosts: ..., children: ...}'",
    );
  if ('plugin' in content) {
    throw new UserInputError(
      'this is an inventory plugin configuration; lvsplay reads static inventories only',
      locate(content, 'plugin') ?? top,
      'an INI or YAML inventory listing hosts',
    );
  }
  // Top-level groups other than `all` join `all` in finish(), after every source (as in Ansible).
  for (const [name, body] of Object.entries(content)) parseGroup(name, body, locate(content, name) ?? top, data);
}

const GROUP_KEYS = new Set(['hosts', 'children', 'vars']);

function parseGroup(name: string, body: unknown, where: SourceLocation, data: InventoryData): void {
  data.group(name, where);
  if (body === null || body === undefined) return;
  if (!isMapping(body))
    throw new UserInputError(`group '${name}' is ${kindOf(body)}`, locate(body) ?? where, 'a mapping with hosts:, children: and vars: keys');
  for (const key of Object.keys(body)) {
    // Ansible only warns here, but `host:` for `hosts:` would silently drop every host.
    if (!GROUP_KEYS.has(key)) throw new UserInputError(`unknown key '${key}' in group '${name}'`, locate(body, key) ?? where, 'hosts, children or vars');
  }
  const at = (k: string): SourceLocation => locate(body, k) ?? where;
  const { vars, hosts, children } = body;
  if (vars !== undefined && vars !== null) {
    if (!isMapping(vars)) throw new UserInputError(`vars of group '${name}' is ${kindOf(vars)}`, at('vars'), 'a mapping of variables');
    data.setGroupVars(name, vars);
  }
  if (hosts !== undefined && hosts !== null) {
    if (!isMapping(hosts))
      throw new UserInputError(`hosts of group '${name}' is ${kindOf(hosts)}`, at('hosts'), "a mapping of host names (e.g. 'hosts: {web1: {}, web2: {}}')");
    for (const [hostText, hostVars] of Object.entries(hosts)) {
      const hostWhere = locate(hosts, hostText) ?? at('hosts');
      if (hostVars !== null && hostVars !== undefined && !isMapping(hostVars)) {
        throw new UserInputError(
          `variables of host '${hostText}' are ${kindOf(hostVars)}`,
          locate(hostVars) ?? hostWhere,
          'a mapping of variables, or nothing',
        );
      }
      let names: string[];
      let port: number | undefined;
      try {
        const address = parseHostAddress(hostText);
        port = address.port;
        names = expandHostRange(address.pattern);
      } catch (err) {
        throw new UserInputError(`bad host '${hostText}': ${(err as Error).message}`, hostWhere, 'a host name, name:port, or a range like web[1:3]');
      }
      for (const h of names) {
        if (port !== undefined) data.addHost(h, name, { ansible_port: port }, hostWhere);
        data.addHost(h, name, hostVars ?? {}, hostWhere);
      }
    }
  }
  if (children !== undefined && children !== null) {
    if (!isMapping(children)) throw new UserInputError(`children of group '${name}' is ${kindOf(children)}`, at('children'), 'a mapping of group names');
    for (const [child, childBody] of Object.entries(children)) {
      const childWhere = locate(children, child) ?? at('children');
      data.addChild(name, child, childWhere);
      parseGroup(child, childBody, childWhere, data);
    }
  }
}
