// The host's IPv4 addresses (ip -o -4 addr show): device, address, prefix and label.
import { FactParseError } from '../errors.js';
import type { FactDefinition } from './types.js';

export interface IpAddress {
  device: string;
  address: string;
  prefix: number;
  /** The label (e.g. lo:0); the device name when there is none. */
  label: string;
}

export function parseIpAddrLines(text: string): IpAddress[] {
  const out: IpAddress[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    // 1: lo    inet 10.77.0.50/32 scope global lo:0\       valid_lft forever preferred_lft forever
    const m = /^\d+:\s+(\S+)\s+inet\s+(\d+\.\d+\.\d+\.\d+)\/(\d+)\s(.*)$/.exec(line);
    if (!m) {
      if (/^\d+:\s+\S+\s+inet6\s/.test(line)) continue;
      throw new FactParseError('ip_addresses', `unexpected line '${line}'`, text);
    }
    const [, device, address, prefix, rest] = m as unknown as [string, string, string, string, string];
    const beforeLifetimes = rest.split('\\')[0]!.trim().split(/\s+/);
    const last = beforeLifetimes[beforeLifetimes.length - 1] ?? device;
    const label = last.startsWith(device) ? last : device;
    out.push({ device, address, prefix: Number(prefix), label });
  }
  return out;
}

export const ipAddressesFact: FactDefinition<IpAddress[], void> = {
  name: 'ip_addresses',
  needsBecome: false,
  command: () => 'ip -o -4 addr show',
  parse(result) {
    if (result.exitCode !== 0) throw new FactParseError('ip_addresses', `ip addr failed: ${result.stderr.trim()}`);
    return parseIpAddrLines(result.stdout);
  },
};
