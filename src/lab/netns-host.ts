// One lab host: a network namespace on the lab bridge with its own address and default route,
// and (for managed hosts) its own mount and UTS namespaces: /etc, /var and /usr are overlays
// whose changes land in the host's folder (so even a package a playbook installs stays on that
// host), /root, /home, /run and /tmp are private. A real OpenSSH sshd runs there; it holds the
// namespaces for as long as it lives.
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mapWithLimit } from '../util/limit.js';
import { quote } from '../util/shell.js';
import type { LabAccounts } from './accounts.js';
import { bash, must, run } from './sh.js';
import { BRIDGE, GATEWAY, NETNS_PREFIX, PREFIX, labMac } from './state.js';

export interface NetnsHostSpec {
  name: string;
  address: string;
  /** Host folder: overlays' upper dirs, root's home, sshd config and keys. */
  dir: string;
}

/** Where a host's boot binds its host folder, as seen inside the host (see bootScript). */
export const HOST_FOLDER_INSIDE = '/run/lvsplay-host';

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

/**
 * The network part of many hosts at once: namespace, veth into the bridge, address, default
 * route. One `ip -batch` on the machine's side, then one per namespace (a few processes instead
 * of seven per host: this is most of the start-up time of a 100-host lab).
 */
export async function createNetworks(hosts: ReadonlyArray<{ name: string; address: string }>, parallel = 8): Promise<void> {
  const machineSide = hosts.flatMap((h) => [
    `netns add ${netnsName(h.name)}`,
    `link add ${vethName(h.name)} type veth peer name eth0 netns ${netnsName(h.name)}`,
    `link set ${vethName(h.name)} master ${BRIDGE} up`,
  ]);
  await must(['ip', '-batch', '-'], { input: machineSide.join('\n') + '\n' });
  await mapWithLimit(hosts, parallel, (h) =>
    must(['ip', '-n', netnsName(h.name), '-batch', '-'], {
      input:
        [
          'link set lo up',
          `link set eth0 address ${labMac(h.address, 1)}`,
          `addr add ${h.address}/${PREFIX} dev eth0`,
          'link set eth0 up',
          `route add default via ${GATEWAY}`,
        ].join('\n') + '\n',
    }).catch((err: Error) => {
      throw new Error(`cannot create the network of lab host ${h.name}: ${err.message}`);
    }),
  );
}

/**
 * Delete network namespaces. Processes in a namespace (sshd, sessions held open by ControlPersist
 * clients, a web server) keep it alive after `ip netns del`: they are killed first, and waited for.
 */
export async function deleteNetns(names: readonly string[]): Promise<void> {
  const pids = (await mapWithLimit(names, 8, (ns) => run(['ip', 'netns', 'pids', ns]))).flatMap((r) => r.stdout.split(/\s+/).filter(Boolean).map(Number));
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (let i = 0; i < 100 && pids.some((pid) => existsSync(`/proc/${pid}`)); i++) await new Promise((r) => setTimeout(r, 20));
  if (names.length) await run(['ip', '-force', '-batch', '-'], { input: names.map((n) => `netns del ${n}`).join('\n') + '\n' });
}

/**
 * Delete lab hosts' networks (namespace, processes, veth) so that the same hosts can be created
 * again at once. The kernel tears a deleted namespace down in the background: the veth's peer on
 * the bridge lingers for a moment, and creating the new pair under the same name would fail.
 */
export async function deleteNetworks(hosts: readonly string[]): Promise<void> {
  await deleteNetns(hosts.map(netnsName));
  if (hosts.length === 0) return;
  await bash(`for v in ${hosts.map((h) => quote(vethName(h))).join(' ')}; do
    for i in $(seq 100); do ip link show dev "$v" >/dev/null 2>&1 || break; sleep 0.05; done
    ip link del dev "$v" 2>/dev/null || true
  done`);
}

/** The network part of one host. */
export async function createNetwork(host: string, address: string): Promise<void> {
  await createNetworks([{ name: host, address }]);
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
 * Runs inside the host's new mount/UTS namespaces, then becomes sshd. Everything the host needs in
 * its /etc (accounts, sudoers, hosts) is already in the overlay's upper dir: boot only mounts.
 */
function bootScript(spec: NetnsHostSpec): string {
  // The host folder is bound to /run/lvsplay-host first: the folder may live under /tmp or
  // /var, which the host is about to get its own copies of.
  return `set -e
mount -t tmpfs -o mode=0755 lvsplay-run /run
mkdir -p /run/lvsplay-host /run/sshd /run/network /run/lock
mount --bind ${quote(spec.dir)} /run/lvsplay-host
H=/run/lvsplay-host
mount -t overlay lvsplay-etc -o lowerdir=/etc,upperdir=$H/etc.up,workdir=$H/etc.work /etc
mount -t overlay lvsplay-var -o lowerdir=/var,upperdir=$H/var.up,workdir=$H/var.work /var
mount -t overlay lvsplay-usr -o lowerdir=/usr,upperdir=$H/usr.up,workdir=$H/usr.work /usr
mount --bind $H/root /root
mount --bind $H/home /home
mount -t tmpfs -o mode=1777 lvsplay-tmp /tmp
echo ${quote(spec.name)} > /proc/sys/kernel/hostname
exec /usr/sbin/sshd -D -e -f $H/sshd_config
`;
}

export interface HostSetup {
  /** The lab client's public key: root and the lab users accept it. */
  authorizedKey: string;
  accounts: LabAccounts;
  /** `address name` lines for every lab host, appended to each host's /etc/hosts. */
  labHostLines: string[];
}

function writeOwned(file: string, text: string, mode: number, uid = 0, gid = 0): void {
  writeFileSync(file, text, { mode });
  chmodSync(file, mode);
  chownSync(file, uid, gid);
}

/** Fill the host's folder: its /etc changes, /root and /home, sshd's config and host key. */
export async function prepareManagedHost(spec: NetnsHostSpec, setup: HostSetup): Promise<void> {
  const d = spec.dir;
  for (const sub of ['etc.up/sudoers.d', 'etc.work', 'var.up', 'var.work', 'usr.up', 'usr.work', 'root/.ssh', 'home'])
    mkdirSync(join(d, sub), { recursive: true });
  // An upper dir's own mode becomes the mode of the merged /etc, /var, /root.
  for (const [sub, mode] of [
    ['etc.up', 0o755],
    ['etc.up/sudoers.d', 0o755],
    ['var.up', 0o755],
    ['usr.up', 0o755],
    ['root', 0o700],
    ['root/.ssh', 0o700],
    ['home', 0o755],
  ] as const) {
    chmodSync(join(d, sub), mode);
  }
  for (const f of setup.accounts.files) writeOwned(join(d, 'etc.up', f.path), f.text, f.mode, f.uid, f.gid);
  // sudo resolves the host's own name; without an entry it waits for DNS, which the lab has not.
  const machineHosts = readFileSync('/etc/hosts', 'utf8').replace(/\n*$/, '\n');
  writeOwned(join(d, 'etc.up/hosts'), `${machineHosts}127.0.1.1\t${spec.name}\n# lvsplay lab\n${setup.labHostLines.join('\n')}\n`, 0o644);
  writeOwned(join(d, 'root/.ssh/authorized_keys'), setup.authorizedKey, 0o600);
  for (const u of setup.accounts.users) {
    const home = join(d, 'home', u.name);
    mkdirSync(join(home, '.ssh'), { recursive: true });
    chmodSync(join(home, '.ssh'), 0o700);
    chownSync(home, u.uid, u.gid);
    chownSync(join(home, '.ssh'), u.uid, u.gid);
    writeOwned(join(home, '.ssh/authorized_keys'), setup.authorizedKey, 0o600, u.uid, u.gid);
  }
  writeFileSync(join(d, 'sshd_config'), sshdConfig(spec));
  if (!existsSync(join(d, 'ssh_host_ed25519_key'))) {
    await must(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', `lvsplay-lab-${spec.name}`, '-f', join(d, 'ssh_host_ed25519_key')]);
  }
  writeFileSync(join(d, 'boot.sh'), bootScript(spec), { mode: 0o700 });
}

/** Start the host's sshd in fresh mount/UTS namespaces (folder prepared); returns sshd's PID. */
export function startManagedHost(spec: NetnsHostSpec): number {
  const d = spec.dir;
  const log = openSync(join(d, 'sshd.log'), 'a');
  // `ip netns exec` and `unshare` exec in place: the PID we get is sshd's. boot.sh is read by
  // /bin/sh before any mount happens, so its own path is fine.
  const child = spawn(
    'ip',
    ['netns', 'exec', netnsName(spec.name), 'unshare', '--mount', '--uts', '--propagation', 'private', '--', '/bin/sh', join(d, 'boot.sh')],
    {
      detached: true,
      stdio: ['ignore', log, log],
      env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8' },
    },
  );
  child.unref();
  closeSync(log);
  if (child.pid === undefined) throw new Error(`cannot start the sshd of lab host ${spec.name}`);
  writeFileSync(join(d, 'sshd.pid'), String(child.pid));
  return child.pid;
}

/**
 * Wait until the host's sshd listens on port 22; fail early (with its log) if it died. Looks at
 * the listening sockets of sshd's network namespace (/proc/PID/net/tcp) rather than connecting:
 * every probe connection would make sshd fork a session process, and with a hundred hosts
 * starting at once those forks were most of the wait.
 */
export async function waitForSshd(spec: NetnsHostSpec, pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const octets = spec.address.split('.').map((o) => Number(o).toString(16).padStart(2, '0').toUpperCase());
  const hex = [octets.join(''), [...octets].reverse().join('')];
  const listening = new RegExp(`^\\s*\\d+:\\s+(?:${hex.join('|')}):0016\\s+\\S+\\s+0A\\s`, 'm');
  for (;;) {
    let table: string | undefined;
    try {
      table = readFileSync(`/proc/${pid}/net/tcp`, 'utf8');
    } catch {
      table = undefined; // sshd is gone
    }
    // Columns: sl local_address rem_address st ...; the address is hex in host byte order, port
    // 22 is 0016, state 0A is LISTEN. Matching the host's own address also rules out reading the
    // machine's table in the instant before `ip netns exec` has switched namespaces.
    if (table !== undefined && listening.test(table)) return;
    if (table === undefined || Date.now() > deadline) {
      const log = existsSync(join(spec.dir, 'sshd.log')) ? readFileSync(join(spec.dir, 'sshd.log'), 'utf8').trim().split('\n').slice(-3).join(' | ') : '';
      throw new Error(
        `lab host ${spec.name}: sshd ${table !== undefined ? `did not listen on ${spec.address}:22 within ${timeoutMs / 1000} s` : 'exited'}${log ? ` (${log})` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The host key as a known_hosts line for the host's address. */
export function knownHostsLine(spec: NetnsHostSpec): string {
  const pub = readFileSync(join(spec.dir, 'ssh_host_ed25519_key.pub'), 'utf8').trim().split(/\s+/);
  return `${spec.address} ${pub[0]} ${pub[1]}`;
}
