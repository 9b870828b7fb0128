// IPv4 checks shared by the LVS modules' schemas and by role variable checks: one pattern for
// JSON schemas (ajv `pattern`) and the same rule as functions.
const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';

/** A dotted-quad IPv4 address, no leading zeros (they would mean octal to some tools). */
export const IPV4_PATTERN = `^${OCTET}(\\.${OCTET}){3}$`;
/** An IPv4 address with an optional /prefix (0..32). */
export const IPV4_CIDR_PATTERN = `^${OCTET}(\\.${OCTET}){3}(/(3[0-2]|[12]?\\d))?$`;

/** Ready-made schema fragments. */
export const ipv4Schema = { type: 'string', pattern: IPV4_PATTERN } as const;
export const ipv4CidrSchema = { type: 'string', pattern: IPV4_CIDR_PATTERN } as const;

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

/** Why `value` is not an IPv4 address (for role variable checks), or undefined when it is. */
export function ipv4Problem(value: unknown, name: string): string | undefined {
  if (isIpv4(value)) return undefined;
  return `${name} must be an IPv4 address like 192.168.1.100 (got ${JSON.stringify(value)})`;
}
