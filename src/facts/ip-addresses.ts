// The host's IPv4 addresses (`ip -o -4 addr show`): device, address, prefix and label.
import { FactParseError } from '../errors.js';
import { IPV4_ADDRESS } from '../util/ipv4.js';
import type { FactDefinition } from './types.js';

export interface IpAddress {
  device: string;
  address: string;
  prefix: number;
  /** The label (e.g. lo:0); the device name when there is none. */
  label: string;
  /** Point-to-point addresses (`inet 10.0.0.1 peer 10.0.0.2/32`): the peer, with its prefix. */
  peer?: string;
}

// 1: lo    inet 192.168.1.100/32 scope global lo:0\       valid_lft forever preferred_lft forever
// 2: v1    inet 10.1.3.1 peer 10.1.3.2/32 scope global v1\       valid_lft forever ...
const LINE = new RegExp(`^\\d+:\\s+(\\S+?)(?:@\\S+)?\\s+inet\\s+(${IPV4_ADDRESS})(?:/(\\d{1,2})|\\s+peer\\s+(${IPV4_ADDRESS}/\\d{1,2}))(?=\\s|\\\\|$)(.*)$`);

export function parseIpAddrLines(text: string): IpAddress[] {
  const out: IpAddress[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const m = LINE.exec(line);
    if (!m) {
      if (/^\d+:\s+\S+\s+inet6\s/.test(line)) continue;
      throw new FactParseError('ip_addresses', `unexpected line '${line}'`, text);
    }
    const [, device, address, prefix, peer, rest] = m as unknown as [string, string, string, string | undefined, string | undefined, string];
    if (prefix !== undefined && Number(prefix) > 32) throw new FactParseError('ip_addresses', `prefix /${prefix} out of range in '${line}'`, text);
    // The label is the last word before the `\` that starts the lifetimes (ip prints the device
    // name there when the address has no label of its own).
    const words = (rest.split('\\')[0] ?? '')
      .trim()
      .split(/\s+/)
      .filter((w) => w !== '');
    const last = words[words.length - 1];
    const label = last !== undefined && (last === device || last.startsWith(`${device}:`)) ? last : device;
    out.push({ device, address, prefix: prefix !== undefined ? Number(prefix) : 32, label, ...(peer !== undefined ? { peer } : {}) });
  }
  return out;
}

export const ipAddressesFact: FactDefinition<IpAddress[], void> = {
  name: 'ip_addresses',
  // Run as the task's other facts are (no root needed, none harmed): with become it still
  // shares their round trip.
  command: () => 'ip -o -4 addr show',
  parse(result) {
    if (result.exitCode !== 0) throw new FactParseError('ip_addresses', `ip -o -4 addr show failed (exit ${result.exitCode}): ${result.stderr.trim()}`);
    return parseIpAddrLines(result.stdout);
  },
};
