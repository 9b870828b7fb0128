// lvsplay's additions to Ansible's argument_specs: `format:` names a shape a string must have.
// Values that end up inside a config file or a unit (keepalived.conf, a systemd unit) are
// held to their shape here, so that a newline or quote in a variable cannot add a directive
// (keepalived runs notify scripts as root; a unit line runs as ExecStart).
import { isIpv4, isIpv4Cidr } from '../../util/ipv4.js';

export const ARGUMENT_FORMATS = {
  ipv4: { test: isIpv4, describe: 'an IPv4 address' },
  ipv4_prefix: { test: (s: string) => s.includes('/') && isIpv4Cidr(s), describe: 'an IPv4 address with a /prefix' },
  interface_name: { test: (s: string) => /^[A-Za-z0-9_.:@-]{1,15}$/.test(s), describe: 'an interface name' },
  group_name: { test: (s: string) => /^[A-Za-z_][A-Za-z0-9_-]*$/.test(s), describe: 'an inventory group name' },
  container_name: { test: (s: string) => /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(s), describe: 'a container name' },
  image: { test: (s: string) => /^[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9_.-]{1,128})?(@sha256:[a-f0-9]{64})?$/.test(s), describe: 'a container image reference' },
  port_spec: {
    test: (s: string) => /^\d{1,5}(\/(tcp|udp))?$/.test(s) && Number(s.split('/')[0]) >= 1 && Number(s.split('/')[0]) <= 65535,
    describe: 'a port from 1 to 65535, optionally /tcp or /udp',
  },
  // keepalived reads at most 8 characters; '#', '!', quotes, braces and blanks would end or
  // break the directive, so only these are accepted (empty: no authentication)
  vrrp_password: { test: (s: string) => /^[A-Za-z0-9._+=@%,:~^*-]{0,8}$/.test(s), describe: 'a VRRP password (0-8 of A-Z a-z 0-9 . _ + = @ % , : ~ ^ * -)' },
} as const;

export type ArgumentFormat = keyof typeof ARGUMENT_FORMATS;

export function isArgumentFormat(name: string): name is ArgumentFormat {
  return Object.hasOwn(ARGUMENT_FORMATS, name);
}
