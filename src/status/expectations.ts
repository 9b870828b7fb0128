// What the inventory says the balancer should be, read the way the roles read it: the hosts of
// the `directors` group (site.yaml's director play), each director's lvs_vip and lvs_fwmark, and
// its real servers (lvs_real_servers, else every host of lvs_nodes_group with its ansible_host
// and lvs_weight), so the status view can name nodes and show the ones missing from the table.
import type { Inventory } from '../engine/inventory/inventory.js';
import { renderValue } from '../engine/templating/index.js';
import { UserInputError } from '../errors.js';
import type { DirectorExpectation, ExpectedNode } from './balancer-status.js';

/** The group site.yaml's director play runs on. */
export const DIRECTORS_GROUP = 'directors';

export function directorExpectations(inventory: Inventory, inventoryName: string): DirectorExpectation[] {
  const directors = inventory.hostsOfGroup(DIRECTORS_GROUP);
  if (directors.length === 0)
    throw new UserInputError(
      `no director in ${inventoryName}: its '${DIRECTORS_GROUP}' group has no host`,
      undefined,
      `a [${DIRECTORS_GROUP}] group with the director hosts`,
    );
  return directors.map((name) => {
    const vars = inventory.varsFor(name);
    const value = (key: string, fallback: unknown): unknown =>
      vars[key] === undefined ? fallback : renderValue(vars[key], vars, { context: `${key} of ${name}` });
    const addressOf = (host: string): string => {
      const hostVars = inventory.varsFor(host);
      return String(hostVars.ansible_host === undefined ? host : renderValue(hostVars.ansible_host, hostVars, { context: `ansible_host of ${host}` }));
    };
    const nodesGroup = String(value('lvs_nodes_group', 'nodes'));
    const listed = value('lvs_real_servers', []);
    const hostByAddress = new Map(inventory.hostNames().map((h) => [addressOf(h), h]));
    const nodes: ExpectedNode[] =
      Array.isArray(listed) && listed.length > 0
        ? listed.map((s: { address?: unknown; weight?: unknown }) => {
            const address = String(s.address);
            return { node: hostByAddress.get(address) ?? address, address, weight: Number(s.weight ?? 1) };
          })
        : inventory.hostsOfGroup(nodesGroup).map((h) => {
            const hostVars = inventory.varsFor(h);
            const weight = hostVars.lvs_weight === undefined ? 1 : Number(renderValue(hostVars.lvs_weight, hostVars, { context: `lvs_weight of ${h}` }));
            return { node: h, address: addressOf(h), weight };
          });
    return { name, address: addressOf(name), vip: String(value('lvs_vip', '')), serviceKey: `fwmark:${Number(value('lvs_fwmark', 80))}`, nodes };
  });
}
