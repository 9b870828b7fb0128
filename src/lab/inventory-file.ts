// The inventory `lab up` writes: groups directors and nodes, connection settings for the lab's
// key and known_hosts, and group_vars with the lab's VIP. The client is not a managed host.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabState } from './state.js';
import { VIP } from './state.js';
import { VM_SSH_TIMEOUT_S } from './ssh-probe.js';

export function writeLabInventory(state: LabState): void {
  // Two directors are an HA pair: keepalived (native) moves the VIP by VRRP, the first director
  // is the preferred master, and keepalived's health checks own the IPVS table. One director
  // runs without keepalived and holds the VIP itself.
  // Directors that boot systemd and run Docker (lab up --ha container) run the tutorial's
  // keepalived container instead; its image comes from the lab registry, Docker's mirror there.
  const directors = state.hosts.filter((h) => h.role === 'director');
  const ha = directors.length < 2 ? 'none' : directors.some((h) => h.init === 'systemd') ? 'keepalived_container' : 'keepalived_native';
  const directorVars = (i: number): string => (ha === 'none' ? '' : ` lvs_vrrp_priority=${150 - 50 * i}`);
  // The directors are a VM under software emulation: on a loaded machine its sshd can take far
  // longer than the usual 10 s to send its banner and finish the key exchange.
  const vmVars = (h: { kind: string }): string => (h.kind === 'vm' ? ` ansible_ssh_timeout=${VM_SSH_TIMEOUT_S}` : '');
  const hosts = (role: string): string[] =>
    state.hosts
      .filter((h) => h.role === role)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((h, i) => `${h.name} ansible_host=${h.address}${role === 'director' ? directorVars(i) : ''}${vmVars(h)}`);
  const text = [
    '# Written by `lvsplay lab up`: the built-in local lab (test hosts on this machine only).',
    '[directors]',
    ...hosts('director'),
    '',
    '[nodes]',
    ...hosts('node'),
    '',
    '[all:vars]',
    'ansible_user=root',
    `ansible_ssh_private_key_file=${state.keyPath}`,
    `lvsplay_known_hosts=${state.knownHostsPath}`,
    // The same check for OpenSSH-based tools (Ansible), so one inventory serves both.
    `ansible_ssh_common_args='-o UserKnownHostsFile=${state.knownHostsPath} -o StrictHostKeyChecking=yes -o IdentitiesOnly=yes'`,
    '',
  ].join('\n');
  writeFileSync(state.inventoryPath, text);
  mkdirSync(join(state.stateDir, 'group_vars'), { recursive: true });
  writeFileSync(
    join(state.stateDir, 'group_vars', 'all.yaml'),
    [
      "# The lab's load balancer: a VIP on the lab bridge, never a LAN address.",
      `lvs_vip: ${VIP}`,
      'lvs_fwmark: 80',
      'lvs_scheduler: lc',
      'lvs_ports: [80]',
      `lvs_ha: ${ha}`,
      "# keepalived checks the nodes every 3 s (the role's default is 6): a drain, a node's failure and",
      '# its return show in half the time, which is most of what the day-2 proofs wait for.',
      'lvs_health_delay_loop: 3',
      '# Packages come from the lab image; nothing is installed on the lab hosts.',
      'lvs_manage_packages: false',
      '',
    ].join('\n'),
  );
}
