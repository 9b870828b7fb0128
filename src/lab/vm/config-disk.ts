// What the directors are given before the VM boots: checked names and lab-only addresses, and
// the directors' disk, an ext4 image the VM's init mounts on /lvs (config.sh; per director its
// hostname, hosts, a fresh host key, root's authorized_keys and sshd_config).
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { must } from '../sh.js';
import { isLabAddress, labMac, PREFIX } from '../state.js';
import { DISK } from './process.js';
import type { StartDirectorsOptions } from './types.js';

const NAME = /^[a-z][a-z0-9-]{0,11}$/;
/** The directors' disk size; sparse, mostly empty. */
const DISK_MB = 128;

export function checkSpecs(opts: StartDirectorsOptions): void {
  if (opts.directors.length === 0) throw new Error('startDirectors: no directors');
  const names = new Set<string>();
  const addrs = new Set<string>();
  for (const d of [...opts.directors, { name: 'gateway', address: opts.gateway }]) {
    if (!isLabAddress(d.address)) throw new Error(`startDirectors: ${d.name}'s address ${d.address} is not a lab address (10.77.0-3.1-254)`);
    if (addrs.has(d.address)) throw new Error(`startDirectors: address ${d.address} used twice`);
    addrs.add(d.address);
  }
  for (const d of opts.directors) {
    if (!NAME.test(d.name)) throw new Error(`startDirectors: bad director name ${JSON.stringify(d.name)} (a-z, 0-9, -, at most 12)`);
    if (names.has(d.name)) throw new Error(`startDirectors: director ${d.name} twice`);
    names.add(d.name);
  }
  if (!/^(ssh-|ecdsa-|sk-)\S+ \S+/.test(opts.authorizedKey.trim())) throw new Error('startDirectors: authorizedKey is not an OpenSSH public key line');
}

function sshdConfig(address: string): string {
  return [
    `ListenAddress ${address}`,
    'Port 22',
    'HostKey /etc/ssh/ssh_host_ed25519_key',
    'PermitRootLogin prohibit-password',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'UseDNS no',
    'MaxSessions 20',
    'MaxStartups 200:30:400',
    'AuthorizedKeysFile .ssh/authorized_keys',
    'StrictModes no',
    'PidFile none',
    'PrintMotd no',
    'PrintLastLog no',
    'AcceptEnv LANG LC_*',
    // Measured under emulation: the default post-quantum key exchange (sntrup761x25519) costs
    // about 0.1 s more per connection than curve25519; lab hosts do without it.
    'KexAlgorithms curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,diffie-hellman-group14-sha256',
    'Subsystem sftp /usr/lib/openssh/sftp-server',
    '',
  ].join('\n');
}

/**
 * Make the directors' disk, an ext4 image the VM's init mounts on /lvs: config.sh and per director
 * its ready-made folder (overlay upper dirs holding hostname, hosts and a fresh host key; root's
 * home with authorized_keys; sshd_config). Returns the known_hosts lines.
 */
export async function writeConfigDisk(dir: string, opts: StartDirectorsOptions): Promise<Map<string, string>> {
  const cfg = join(dir, 'config');
  rmSync(cfg, { recursive: true, force: true });
  mkdirSync(cfg, { recursive: true });
  chmodSync(cfg, 0o755);
  const keys = new Map<string, string>();
  const labHosts = opts.directors.map((d) => `${d.address}\t${d.name}`).join('\n') + '\n';
  await Promise.all(
    opts.directors.map(async (d) => {
      const h = join(cfg, 'hosts', d.name);
      for (const [sub, mode] of [
        ['', 0o755],
        ['etc.up', 0o755],
        ['etc.up/ssh', 0o755],
        ['etc.work', 0o755],
        ['var.up', 0o755],
        ['var.work', 0o755],
        ['root', 0o700],
        ['root/.ssh', 0o700],
      ] as const) {
        mkdirSync(join(h, sub), { recursive: true });
        chmodSync(join(h, sub), mode);
      }
      chmodSync(join(cfg, 'hosts'), 0o755);
      await must(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', `root@${d.name}`, '-f', join(h, 'etc.up/ssh/ssh_host_ed25519_key')]);
      const pub = readFileSync(join(h, 'etc.up/ssh/ssh_host_ed25519_key.pub'), 'utf8').trim().split(/\s+/);
      keys.set(d.name, `${d.address} ${pub[0]} ${pub[1]}`);
      writeFileSync(join(h, 'etc.up/hostname'), `${d.name}\n`, { mode: 0o644 });
      writeFileSync(join(h, 'etc.up/hosts'), `127.0.0.1\tlocalhost\n127.0.1.1\t${d.name}\n${labHosts}`, { mode: 0o644 });
      writeFileSync(join(h, 'root/.ssh/authorized_keys'), opts.authorizedKey.trim() + '\n', { mode: 0o600 });
      writeFileSync(join(h, 'sshd_config'), sshdConfig(d.address), { mode: 0o644 });
    }),
  );
  writeFileSync(
    join(cfg, 'config.sh'),
    [
      `GATEWAY=${opts.gateway}`,
      `PREFIX=${PREFIX}`,
      `DIRECTORS="${opts.directors.map((d) => `${d.name}=${d.address}=${labMac(d.address, 0)}`).join(' ')}"`,
      '',
    ].join('\n'),
  );
  // With a journal: a director's files must survive the VM being powered off (lab reboot).
  await must(['mkfs.ext4', '-q', '-F', '-L', 'lvsdirectors', '-E', 'root_owner=0:0', '-d', cfg, join(dir, DISK), `${DISK_MB}M`]);
  return keys;
}
