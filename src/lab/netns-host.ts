// One lab host: a network namespace on the lab bridge with its own address and default route,
// and (for managed hosts) its own mount and UTS namespaces: /etc and /var are overlays whose
// changes land in the host's folder, /root, /home, /run and /tmp are private. A real OpenSSH
// sshd runs there; it holds the namespaces for as long as it lives.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bash, must } from './sh.js';
import { BRIDGE, GATEWAY, NETNS_PREFIX, PREFIX } from './state.js';

export interface NetnsHostSpec {
  name: string;
  address: string;
  /** Host folder: overlays' upper dirs, root's home, sshd config and keys. */
  dir: string;
}

export function netnsName(host: string): string {
  return `${NETNS_PREFIX}${host}`;
}

/** Host-side veth name (at most 15 characters). */
export function vethName(host: string): string {
  return `lvh-${host}`.slice(0, 15);
}

export async function ensureBridge(): Promise<void> {
  await bash(`
    ip link show ${BRIDGE} >/dev/null 2>&1 || ip link add ${BRIDGE} type bridge
    ip addr show dev ${BRIDGE} | grep -q ' ${GATEWAY}/' || ip addr add ${GATEWAY}/${PREFIX} dev ${BRIDGE}
    ip link set ${BRIDGE} up
    # Never route lab traffic off the lab: whatever the machine's ip_forward says, nothing that
    # arrives on the bridge is forwarded elsewhere (hosts reach each other over the bridge itself).
    echo 0 > /proc/sys/net/ipv4/conf/${BRIDGE}/forwarding
  `).then((r) => {
    if (r.code !== 0) throw new Error(`cannot create the lab bridge: ${r.stderr.trim()}`);
  });
}

/** The network part: namespace, veth into the bridge, address, default route. */
export async function createNetwork(host: string, address: string): Promise<void> {
  const ns = netnsName(host);
  const veth = vethName(host);
  const r = await bash(`
    ip netns add ${ns}
    ip link add ${veth} type veth peer name eth0 netns ${ns}
    ip link set ${veth} master ${BRIDGE} up
    ip -n ${ns} link set lo up
    ip -n ${ns} addr add ${address}/${PREFIX} dev eth0
    ip -n ${ns} link set eth0 up
    ip -n ${ns} route add default via ${GATEWAY}
  `);
  if (r.code !== 0) throw new Error(`cannot create the network of lab host ${host}: ${r.stderr.trim()}`);
}

/** sshd's configuration for a lab host (kept outside /etc so the host's /etc stays the user's). */
function sshdConfig(spec: NetnsHostSpec): string {
  return [
    `ListenAddress ${spec.address}`,
    'Port 22',
    'HostKey /run/lvsplay-host/ssh_host_ed25519_key',
    'PermitRootLogin prohibit-password',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'UseDNS no',
    'MaxSessions 10',
    'MaxStartups 200:30:400',
    'AuthorizedKeysFile .ssh/authorized_keys',
    'StrictModes no',
    'PidFile none',
    'PrintMotd no',
    'Subsystem sftp /usr/lib/openssh/sftp-server',
    '',
  ].join('\n');
}

/**
 * Runs inside the host's new mount/UTS namespaces, then becomes sshd. Users are created in the
 * host's own /etc (overlay): `lvsplay` with passwordless sudo, `lvsplaypw` whose sudo asks for
 * the password in the lab folder. With UsePAM no, sshd refuses locked accounts (`!` in shadow):
 * keys-only users get `*` instead.
 */
function bootScript(spec: NetnsHostSpec, sudoPassword: string): string {
  const d = spec.dir;
  // The host folder is bound to /run/lvsplay-host first: the folder may live under /tmp or
  // /var, which the host is about to get its own copies of.
  return `set -e
mount -t tmpfs -o mode=0755 tmpfs /run
mkdir -p /run/lvsplay-host /run/sshd /run/network /run/lock
mount --bind ${d} /run/lvsplay-host
H=/run/lvsplay-host
mount -t overlay overlay -o lowerdir=/etc,upperdir=$H/etc.up,workdir=$H/etc.work /etc
mount -t overlay overlay -o lowerdir=/var,upperdir=$H/var.up,workdir=$H/var.work /var
mount --bind $H/root /root
mount --bind $H/home /home
mount -t tmpfs -o mode=1777 tmpfs /tmp
hostname ${spec.name}
# sudo resolves the host name; without an entry it waits for DNS, which the lab does not have
grep -q ' ${spec.name}$' /etc/hosts || echo '127.0.1.1 ${spec.name}' >> /etc/hosts
if [ ! -e $H/users.done ]; then
  sed -i 's/^root:![^:]*:/root:*:/' /etc/shadow
  id lvsplay >/dev/null 2>&1 || useradd -m -s /bin/sh lvsplay
  id lvsplaypw >/dev/null 2>&1 || useradd -m -s /bin/sh lvsplaypw
  usermod -p '*' lvsplay
  echo 'lvsplaypw:${sudoPassword}' | chpasswd
  mkdir -p /etc/sudoers.d
  echo 'lvsplay ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/lvsplay
  echo 'lvsplaypw ALL=(ALL) ALL' > /etc/sudoers.d/lvsplaypw
  chmod 0440 /etc/sudoers.d/lvsplay /etc/sudoers.d/lvsplaypw
  for u in lvsplay lvsplaypw; do mkdir -p /home/$u/.ssh; cp /root/.ssh/authorized_keys /home/$u/.ssh/; chown -R $u: /home/$u/.ssh; done
  touch $H/users.done
fi
exec /usr/sbin/sshd -D -e -f $H/sshd_config
`;
}

/** Prepare the host's folder and start its sshd; returns sshd's PID. */
export async function startManagedHost(spec: NetnsHostSpec, authorizedKey: string, sudoPassword: string): Promise<number> {
  const d = spec.dir;
  for (const sub of ['etc.up', 'etc.work', 'var.up', 'var.work', 'root/.ssh', 'home']) mkdirSync(join(d, sub), { recursive: true });
  writeFileSync(join(d, 'root/.ssh/authorized_keys'), authorizedKey, { mode: 0o600 });
  writeFileSync(join(d, 'sshd_config'), sshdConfig(spec));
  if (!existsSync(join(d, 'ssh_host_ed25519_key'))) {
    await must(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', `lvsplay-lab-${spec.name}`, '-f', join(d, 'ssh_host_ed25519_key')]);
  }
  writeFileSync(join(d, 'boot.sh'), bootScript(spec, sudoPassword), { mode: 0o700 });
  // boot.sh is read by /bin/sh before any mount happens, so its own path is fine.
  const log = openSync(join(d, 'sshd.log'), 'a');
  // `ip netns exec` and `unshare` exec in place: the PID we get is sshd's.
  const child = spawn('ip', ['netns', 'exec', netnsName(spec.name), 'unshare', '--mount', '--uts', '--propagation', 'private', '--', '/bin/sh', join(d, 'boot.sh')], {
    detached: true,
    stdio: ['ignore', log, log],
  });
  child.unref();
  closeSync(log);
  writeFileSync(join(d, 'sshd.pid'), String(child.pid));
  return child.pid!;
}

/** The host key as a known_hosts line for the host's address. */
export function knownHostsLine(spec: NetnsHostSpec): string {
  const pub = readFileSync(join(spec.dir, 'ssh_host_ed25519_key.pub'), 'utf8').trim().split(/\s+/);
  return `${spec.address} ${pub[0]} ${pub[1]}`;
}
