// Plans playbooks/site.yaml with --check --diff over the local connection, in a private network
// and mount namespace (unshare): the mangle table and the addresses it reads are empty and
// nothing is written. This machine's kernel has no IPVS, so ipvsadm is replaced there by a
// stand-in that prints what `ipvsadm -Sn` prints for an empty table (nothing): the ipvs module
// then plans against a real empty table, as on a fresh director. A veth eth0 with a default
// route gives the facts a director has. Nor can this kernel load modules: the director's IPVS
// settings (lvs_ipvs_sysctls: load ip_vs, set net.ipv4.vs.*) are turned off in the sandbox
// (NO_IPVS_SETTINGS); the lab's proofs run them on a real IPVS kernel.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoPath } from '../../helpers/paths.js';
import { writeIn } from '../../helpers/scratch.js';

/**
 * The planned commands and file diffs of a --check --diff run, host by host (hosts sorted), each
 * host's commands in the order planned then its diffs in that order, without task headers and
 * timings: what each host would become. (A looped task prints its items' commands before their
 * diffs, separate tasks one after the other: the same changes.)
 * Which host a task reaches first is not part of it (a loop over rules plans them all on one
 * host before the next, separate tasks one rule on every host first).
 */
export function plannedChanges(stdout: string): string {
  const byHost = new Map<string, { steps: string[]; diffs: string[] }>();
  let host = '';
  for (const line of stdout.split('\n')) {
    const step = /^ {2}\[([\w.-]+)\] .* \(would run\)$/.exec(line);
    const result = /^(?:changed|ok|skipping|failed): \[([\w.-]+)\]/.exec(line);
    if (step || result) host = (step ?? result)![1]!;
    if (!step && !/^(---|\+\+\+|@@|[+-])/.test(line)) continue;
    if (!byHost.has(host)) byHost.set(host, { steps: [], diffs: [] });
    byHost.get(host)![step ? 'steps' : 'diffs'].push(line);
  }
  return [...byHost.keys()]
    .sort()
    .flatMap((h) => [...byHost.get(h)!.steps, ...byHost.get(h)!.diffs])
    .join('\n');
}

/** Extra vars for a sandbox run: this kernel has no ip_vs to load and no net.ipv4.vs.* to set. */
export const NO_IPVS_SETTINGS = ['-e', JSON.stringify({ lvs_ipvs_sysctls: {} })];

/** Runs site.yaml planned (--check --diff -v) for an inventory (its text, or `{ path }`), in scratch dir `dir`. */
export function planSite(dir: string, inventory: string | { path: string }, extra: string[] = []): { code: number; stdout: string; stderr: string } {
  const inv = typeof inventory === 'string' ? writeIn(dir, 'inventory.ini', inventory) : inventory.path;
  const stub = writeIn(dir, 'ipvsadm', '#!/bin/sh\n# an empty IPVS table: -Sn prints nothing\nexit 0\n');
  const cli = [
    process.execPath,
    repoPath('bin', 'lvsplay.js'),
    'run',
    repoPath('playbooks', 'site.yaml'),
    '-i',
    inv,
    '--check',
    '--diff',
    '-v',
    '--forks',
    '1',
    ...NO_IPVS_SETTINGS,
    ...extra,
  ];
  return runSandboxed(dir, cli, stub);
}

/**
 * Runs `argv` in scratch dir `dir` inside a private network and mount namespace (unshare), with
 * `ipvsadm` (a stand-in script) mounted over /usr/sbin/ipvsadm and `env` added to the environment;
 * with `etcOverlay` (a folder), /etc is an overlay whose changes go to that folder.
 */
export function runSandboxed(
  dir: string,
  argv: string[],
  ipvsadm: string,
  env: Record<string, string> = {},
  etcOverlay?: string,
): { code: number; stdout: string; stderr: string } {
  // eth0 with a default route: the facts the ha role reads (ansible_default_ipv4)
  const network =
    'ip link add eth0 type veth peer name eth1 && ip link set eth1 up && ip addr add 10.77.0.99/24 dev eth0 && ip link set eth0 up && ip route add default via 10.77.0.1';
  // The fqdn fact asks DNS too (AAAA for the host name): through that default route nothing
  // answers and every host's gathering waited 2 s for it. A resolver on the namespace's own
  // loopback refuses at once.
  const resolver = writeIn(dir, 'resolv.conf', 'nameserver 127.0.0.1\n');
  // writes to /etc land in etcOverlay (its upper dir), renames included; the real /etc is read only through it
  const overlay = etcOverlay
    ? `mkdir -p '${etcOverlay}' '${etcOverlay}.work' && mount -t overlay overlay -o 'lowerdir=/etc,upperdir=${etcOverlay},workdir=${etcOverlay}.work' /etc && `
    : '';
  const script = `${network} && ip link set lo up && ${overlay}mount --bind '${resolver}' /etc/resolv.conf && chmod 755 '${ipvsadm}' && mount --bind '${ipvsadm}' /usr/sbin/ipvsadm && exec "$@"`;
  const res = spawnSync('unshare', ['--mount', '--net', '--propagation', 'private', 'sh', '-c', script, 'sh', ...argv], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CI: '1', ...env },
    timeout: 120_000,
  });
  return { code: res.status ?? -1, stdout: res.stdout, stderr: res.stderr + (res.error ? String(res.error) : '') };
}

/** Two directors and two nodes, all planned locally (s2 with weight 3). */
export const TWO_DIRECTORS = [
  '[directors]',
  'd1 ansible_connection=local ansible_host=10.77.0.11',
  'd2 ansible_connection=local ansible_host=10.77.0.12',
  '[nodes]',
  's1 ansible_connection=local ansible_host=10.77.0.21',
  's2 ansible_connection=local ansible_host=10.77.0.22 lvs_weight=3',
  '[all:vars]',
  'lvs_interface=eth0',
  'lvs_manage_packages=false',
  '',
].join('\n');

export const fixtureFile = (name: string): string => repoPath('test', 'fixtures', 'lvs-services', name);

/** TCP 80 (by fwmark) and UDP 53 on one VIP, TCP 443 with persistence on a second VIP. */
export const SERVICES = `lvs_services:
  - vip: 10.77.0.50
    fwmark: 80
    ports: [80]
  - vip: 10.77.0.50
    protocol: udp
    ports: [53]
    scheduler: rr
    check: {type: misc, script: /usr/local/bin/check-dns}
  - vip: 10.77.0.51
    ports: [443]
    persistence: 600
    real_servers: [{address: 10.77.0.21, weight: 2}]
    check: {type: ssl_get, path: /health, status: 204}
`;

/** Plans site.yaml for the two-director inventory with these group_vars/all.yaml lines. */
export function planWith(dir: string, allVars: string, extra: string[] = []): ReturnType<typeof planSite> {
  writeIn(dir, 'inv/group_vars/all.yaml', allVars);
  writeIn(dir, 'inv/hosts.ini', TWO_DIRECTORS);
  return planSite(dir, { path: join(dir, 'inv') }, extra);
}
