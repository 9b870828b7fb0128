// The value formats an argument spec may name (`format: ipv4`), added to ajv as formats. They are
// lvsplay's addition to Ansible's argument specs: values that end up inside a config file, a unit
// or a command line (keepalived.conf, a systemd unit, iptables) are held to their shape, so that
// a newline or quote in a variable cannot add a directive (keepalived runs notify scripts as
// root; a unit line runs as ExecStart). `numbers` is the range a format accepts when the value
// is written as a number (a port 80, a mode 0644 that YAML 1.1 read as 420).
import { isIpv4, isIpv4Cidr } from '../util/ipv4.js';

interface ValueFormat {
  test(text: string): boolean;
  /** What a value must be, for messages and docs: "an IPv4 address". */
  describe: string;
  numbers?: { minimum: number; maximum: number };
}

const matches =
  (pattern: RegExp) =>
  (s: string): boolean =>
    pattern.test(s);

const PORT_RANGE = { minimum: 1, maximum: 65535 };

export const ARGUMENT_FORMATS = {
  ipv4: { test: isIpv4, describe: 'an IPv4 address' },
  ipv4_prefix: { test: (s: string) => s.includes('/') && isIpv4Cidr(s), describe: 'an IPv4 address with a /prefix' },
  ipv4_cidr: { test: isIpv4Cidr, describe: 'an IPv4 address, optionally with a /prefix' },
  interface_name: { test: matches(/^[A-Za-z0-9_.:@+-]{1,15}$/), describe: 'an interface name' },
  group_name: { test: matches(/^[A-Za-z_][A-Za-z0-9_-]*$/), describe: 'an inventory group name' },
  container_name: { test: matches(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/), describe: 'a container name' },
  image: {
    test: matches(/^[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9_.-]{1,128})?(@sha256:[a-f0-9]{64})?$/),
    describe: 'a container image reference',
  },
  port_spec: {
    test: (s: string) => /^\d{1,5}(\/(tcp|udp))?$/.test(s) && Number(s.split('/')[0]) >= 1 && Number(s.split('/')[0]) <= 65535,
    describe: 'a port from 1 to 65535, optionally /tcp or /udp',
    numbers: PORT_RANGE,
  },
  port: { test: (s: string) => /^\d{1,5}$/.test(s) && Number(s) >= 1 && Number(s) <= 65535, describe: 'a port from 1 to 65535', numbers: PORT_RANGE },
  port_range: {
    test: (s: string) => /^\d{1,5}(:\d{1,5})?$/.test(s) && s.split(':').every((p) => Number(p) >= 1 && Number(p) <= 65535),
    describe: 'a port or a range first:last (1 to 65535)',
    numbers: PORT_RANGE,
  },
  // keepalived reads at most 8 characters; '#', '!', quotes, braces and blanks would end or
  // break the directive, so only these are accepted (empty: no authentication)
  vrrp_password: { test: matches(/^[A-Za-z0-9._+=@%,:~^*-]{0,8}$/), describe: 'a VRRP password (0-8 of A-Z a-z 0-9 . _ + = @ % , : ~ ^ * -)' },
  mode: {
    test: matches(/^(?:[0-7]{3,4}|[ugoa]*[-+=][rwxXst]*(?:,[ugoa]*[-+=][rwxXst]*)*)$/),
    describe: 'a file mode, octal (0644) or symbolic (u=rw,g=r)',
    numbers: { minimum: 0, maximum: 0o7777 },
  },
  sysctl_name: { test: matches(/^[A-Za-z0-9_./-]+$/), describe: 'a kernel parameter name (net.ipv4.ip_forward)' },
  hostname: {
    test: matches(/^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/),
    describe: 'a host name (labels of letters, digits and -, joined by dots)',
  },
  iptables_chain: { test: matches(/^[A-Za-z0-9_-]{1,28}$/), describe: 'a chain or target name (up to 28 of A-Z a-z 0-9 _ -)' },
  iptables_comment: { test: matches(/^[^\n"\\]{1,200}$/), describe: 'a comment of 1 to 200 characters without newline, " or \\' },
  fwmark_value: {
    test: (s: string) => /^(0x[0-9a-fA-F]{1,8}|\d{1,10})$/.test(s) && Number(s) <= 4294967295,
    describe: 'a mark from 0 to 4294967295 (decimal or 0x hex)',
    numbers: { minimum: 0, maximum: 4294967295 },
  },
  variable_name: { test: matches(/^[A-Za-z_][A-Za-z0-9_]*$/), describe: 'a variable name (letters, digits and _, not starting with a digit)' },
} as const satisfies Record<string, ValueFormat>;

export type ArgumentFormat = keyof typeof ARGUMENT_FORMATS;

export function isArgumentFormat(name: string): name is ArgumentFormat {
  return Object.hasOwn(ARGUMENT_FORMATS, name);
}

export function formatOf(name: ArgumentFormat): ValueFormat {
  return ARGUMENT_FORMATS[name];
}
