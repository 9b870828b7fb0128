// The one IPv4 address rule: a dotted quad with no leading zeros (they would mean octal to some
// tools). As a pattern source for bigger patterns (fact parsers, ajv `pattern`) and as functions.
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const PREFIX = '(?:3[0-2]|[12]?\\d)';

/** An IPv4 address, unanchored, without capture groups: to build bigger patterns. */
export const IPV4_ADDRESS = `${OCTET}(?:\\.${OCTET}){3}`;
/** A whole string that is an IPv4 address (for JSON schemas). */
export const IPV4_PATTERN = `^${IPV4_ADDRESS}$`;
/** An IPv4 address with an optional /prefix (0..32). */
export const IPV4_CIDR_PATTERN = `^${IPV4_ADDRESS}(?:/${PREFIX})?$`;

const ipv4 = new RegExp(IPV4_PATTERN);
const ipv4Cidr = new RegExp(IPV4_CIDR_PATTERN);

export function isIpv4(value: unknown): value is string {
  return typeof value === 'string' && ipv4.test(value);
}

export function isIpv4Cidr(value: unknown): value is string {
  return typeof value === 'string' && ipv4Cidr.test(value);
}

/** Split "10.0.0.1/24" into address and prefix; a bare address gets `defaultPrefix`. */
export function parseIpv4Cidr(value: string, defaultPrefix = 32): { address: string; prefix: number } | undefined {
  if (!isIpv4Cidr(value)) return undefined;
  const [address, prefix] = value.split('/') as [string, string | undefined];
  return { address, prefix: prefix === undefined ? defaultPrefix : Number(prefix) };
}
