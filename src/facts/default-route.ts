// The interface of the IPv4 default route (`ip -o -4 route show default`): the interface that
// carries the LAN, which the roles use for lvs_interface (keepalived's VRRP interface).
import { FactParseError } from '../errors.js';
import type { FactDefinition } from './types.js';

export interface DefaultRoute {
  device: string;
  gateway?: string;
  metric: number;
}

/** Every default route, lowest metric (the one the kernel uses) first. */
export function parseDefaultRoutes(text: string): DefaultRoute[] {
  const routes: DefaultRoute[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    // default via 192.0.2.1 dev eth0 proto dhcp src 192.0.2.2 metric 100
    // default dev ppp0 scope link
    // default proto static metric 10 nexthop via 10.0.0.1 dev eth0 weight 1 nexthop via ... dev eth1 weight 1
    const words = line.trim().split(/\s+/);
    if (words[0] !== 'default') throw new FactParseError('default_route_interface', `unexpected line '${line}'`, text);
    const at = (name: string): string | undefined => {
      const i = words.indexOf(name);
      return i >= 0 ? words[i + 1] : undefined;
    };
    const device = at('dev');
    if (device === undefined) throw new FactParseError('default_route_interface', `default route without a device: '${line}'`, text);
    const metric = at('metric');
    const gateway = at('via');
    routes.push({ device, ...(gateway !== undefined ? { gateway } : {}), metric: metric !== undefined && /^\d+$/.test(metric) ? Number(metric) : 0 });
  }
  return routes
    .map((r, i) => ({ r, i }))
    .sort((a, b) => a.r.metric - b.r.metric || a.i - b.i)
    .map(({ r }) => r);
}

/** The device name of the preferred default route, or null when the host has none. */
export const defaultRouteInterfaceFact: FactDefinition<string | null, void> = {
  name: 'default_route_interface',
  needsBecome: false,
  command: () => 'ip -o -4 route show default',
  parse(result) {
    if (result.exitCode !== 0) throw new FactParseError('default_route_interface', `ip route failed (exit ${result.exitCode}): ${result.stderr.trim()}`);
    return parseDefaultRoutes(result.stdout)[0]?.device ?? null;
  },
};
