// The connection variables every target host will be reached with (address, port, connection
// type), checked before any host is contacted: a mistyped port or a list as an address is bad
// input (exit 1 at the line that wrote it), not an unreachable host, and never a DNS lookup.
// OpenSSH options in ansible_ssh_common_args/extra_args are read here too (a stray quote is bad
// input, not a failed connection). Templated values ("{{ ... }}") are checked after rendering,
// when the connection is made.
import { existsSync } from 'node:fs';
import { UserInputError, type SourceLocation } from '../../errors.js';
import { expandHome } from '../../connection/openssh/config-files.js';
import { sshHome } from '../../connection/ssh.js';
import type { Inventory } from '../inventory/index.js';
import { CONNECTION_VAR_NAMES } from '../inventory/connection-vars.js';
import { locate } from '../yaml-source.js';
import { parseSshArgs, SshArgsError } from '../../connection/openssh/ssh-args.js';

const CONNECTION_TYPES = new Set(['ssh', 'smart', 'paramiko', 'paramiko_ssh', 'local']);
const ADDRESS = /^[A-Za-z0-9._%:-]+$|^\[[0-9A-Fa-f:.%]+\]$/;

function problemWith(field: 'address' | 'port' | 'connection', value: unknown): string | undefined {
  if (typeof value === 'string' && value.includes('{{')) return undefined;
  const show = JSON.stringify(value)?.slice(0, 60);
  switch (field) {
    case 'port': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
      return Number.isInteger(n) && n >= 1 && n <= 65535 ? undefined : `is ${show}, not a TCP port`;
    }
    case 'address':
      return (typeof value === 'string' || typeof value === 'number') && ADDRESS.test(String(value)) && !String(value).startsWith('-')
        ? undefined
        : `is ${show}, not a host name or address`;
    case 'connection':
      return typeof value === 'string' && CONNECTION_TYPES.has(value) ? undefined : `is ${show}, not a connection type lvsplay has`;
  }
}

export function checkConnectionVars(inventory: Inventory, extraVars: Record<string, unknown>, hosts: string[]): void {
  for (const host of hosts) {
    // Highest precedence first: -e, then the inventory's layers from host vars down to all.
    const layers = [{ vars: extraVars, file: '--extra-vars' as string | undefined }, ...[...inventory.varsLayersFor(host)].reverse()];
    for (const field of ['address', 'port', 'connection'] as const) {
      for (const layer of layers) {
        const name = CONNECTION_VAR_NAMES[field].find((n) => layer.vars[n] !== undefined && layer.vars[n] !== null);
        if (name === undefined) continue;
        const problem = problemWith(field, layer.vars[name]);
        if (problem) {
          const where = locate(layer.vars, name) ?? { file: layer.file ?? inventory.sources[0] ?? 'inventory', line: 1, col: 1 };
          const expected = field === 'port' ? 'an integer from 1 to 65535' : field === 'address' ? 'a name or IP address' : [...CONNECTION_TYPES].join(', ');
          throw new UserInputError(`${name} of host ${host} ${problem}`, where, expected);
        }
        break;
      }
    }
    for (const name of SSH_ARGS_VARS) {
      const layer = layers.find((l) => l.vars[name] !== undefined && l.vars[name] !== null);
      const value = layer?.vars[name];
      if (typeof value !== 'string' || value.includes('{{')) continue;
      const where = (): SourceLocation => locate(layer!.vars, name) ?? { file: layer!.file ?? inventory.sources[0] ?? 'inventory', line: 1, col: 1 };
      let configFile: string | undefined;
      try {
        configFile = parseSshArgs(value).configFile;
      } catch (err) {
        if (!(err instanceof SshArgsError)) throw err;
        throw new UserInputError(
          `${name} of host ${host}: ${err.message}`,
          where(),
          'OpenSSH options such as -o Keyword=value, -F file, -J jump, -i key, -p port',
        );
      }
      if (configFile !== undefined && configFile !== 'none' && !existsSync(expandHome(configFile, sshHome()))) {
        throw new UserInputError(`${name} of host ${host}: the ssh config file ${configFile} (-F) does not exist`, where(), 'an existing OpenSSH config file');
      }
    }
  }
}

const SSH_ARGS_VARS = ['ansible_ssh_common_args', 'lvsplay_ssh_common_args', 'ansible_ssh_extra_args', 'lvsplay_ssh_extra_args'];
