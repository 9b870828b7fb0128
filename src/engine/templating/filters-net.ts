// The address filters LVS playbooks need, a small part of ansible.utils.ipaddr: ipv4, ipv6
// and ipaddr, bare (keep valid addresses, drop others) or with a query: address, network,
// netmask, prefix, host, broadcast.
import { isIP } from 'node:net';
import type { FilterFn } from './define.js';
import { fail } from './define.js';
import { pyStr } from './python.js';

interface Parsed {
  version: 4 | 6;
  address: string;
  prefix: number | undefined;
}

function parse(value: unknown): Parsed | undefined {
  if (typeof value !== 'string') return undefined;
  const [address = '', prefixText, extra] = value.trim().split('/');
  if (extra !== undefined) return undefined;
  const version = isIP(address);
  if (version !== 4 && version !== 6) return undefined;
  let prefix: number | undefined;
  if (prefixText !== undefined) {
    if (!/^\d+$/.test(prefixText)) return undefined;
    prefix = Number(prefixText);
    if (prefix > (version === 4 ? 32 : 128)) return undefined;
  }
  return { version, address, prefix };
}

function v4ToInt(address: string): number {
  return address.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
}

function intToV4(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

function query(p: Parsed, original: string, what: string | undefined): unknown {
  switch (what) {
    case undefined:
    case '':
      return original;
    case 'address':
      return p.address;
    case 'prefix':
      return p.prefix ?? (p.version === 4 ? 32 : 128);
    case 'host':
      return `${p.address}/${p.prefix ?? (p.version === 4 ? 32 : 128)}`;
  }
  if (p.version !== 4) return fail(`ipaddr('${what}') is only supported for IPv4 here`);
  const prefix = p.prefix ?? 32;
  const mask = prefix === 0 ? 0 : (0xffffffff * 2 ** (32 - prefix)) % 2 ** 32;
  const ip = v4ToInt(p.address);
  const network = ip - (ip % 2 ** (32 - prefix));
  switch (what) {
    case 'netmask':
      return intToV4(mask);
    case 'network':
      return intToV4(network);
    case 'broadcast':
      return intToV4(network + 2 ** (32 - prefix) - 1);
    case 'net':
      return `${intToV4(network)}/${prefix}`;
    default:
      return fail(`ipaddr: query '${what}' is not supported (address, network, netmask, prefix, host, broadcast, net)`);
  }
}

function addressFilter(version: 4 | 6 | undefined): FilterFn {
  const one = (v: unknown, what: string | undefined): unknown => {
    const p = parse(v);
    if (!p || (version !== undefined && p.version !== version)) return false;
    return query(p, String(v).trim(), what);
  };
  return (value, args) => {
    const what = args[0] === undefined ? undefined : pyStr(args[0]);
    if (Array.isArray(value)) return value.map((v) => one(v, what)).filter((v) => v !== false);
    return one(value, what);
  };
}

export const netFilters: Record<string, FilterFn> = {
  ipaddr: addressFilter(undefined),
  ipv4: addressFilter(4),
  ipv6: addressFilter(6),
};
for (const name of Object.keys(netFilters)) netFilters[`ansible.utils.${name}`] = netFilters[name]!;
netFilters['ansible.netcommon.ipaddr'] = netFilters.ipaddr!;
