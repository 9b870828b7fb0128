// IPv4 checks shared by the LVS modules' schemas.
export const IPV4_PATTERN = '^(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}$';
export const IPV4_CIDR_PATTERN = '^(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}(/(3[0-2]|[12]?\\d))?$';

export function isIpv4(value: string): boolean {
  return new RegExp(IPV4_PATTERN).test(value);
}
