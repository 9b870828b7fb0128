// IPVS directors on a real IPVS kernel: Debian's kernel booted under qemu (software emulation
// is enough), plugged into the lab bridge through one tap device. One VM holds every director,
// each a network namespace inside it (own address, own /etc, /var, /root, /run, hostname, sshd),
// joined to the VM's eth0 by a bridge, so the directors sit on the lab's L2 segment next to the
// namespace hosts. The boot files (kernel, initramfs, ext4 root image with this machine's sshd,
// ipvsadm, iptables, iproute2, keepalived, ... and their libraries) are built once into the cache
// by scripts/lab/vm/build-image.sh; the root image is used with snapshot=on, never modified.
// What the directors write goes to their own disk (directors.ext4), which a reboot keeps.
//
// State (in <stateDir>/vm): state.json (qemu's PID and command line, the tap, the directors),
// console.log (the VM's serial console), qemu.pid, the directors' disk directors.ext4 and the
// folder it was made from.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { projectRoot } from '../../util/project-root.js';
import { labMac } from '../state.js';

export interface DirectorSpec {
  name: string;
  address: string;
}

export interface StartedDirector {
  name: string;
  address: string;
  /** A known_hosts line: "10.77.0.11 ssh-ed25519 AAAA..." */
  hostKeyLine: string;
}

export interface StartDirectorsOptions {
  stateDir: string;
  cacheDir?: string;
  bridge: string;
  directors: DirectorSpec[];
  gateway: string;
  authorizedKey: string;
  verbose?: boolean;
}

interface VmState {
  pid: number;
  /** qemu's command line, to power the same VM on again (reboot). */
  argv: string[];
  /** known_hosts lines of the directors: the host keys they show after every boot. */
  hostKeyLines: Record<string, string>;
  tap: string;
  bridge: string;
  directors: DirectorSpec[];
  startedAt: string;
  timings: Record<string, number>;
}

/** The VM's memory and CPUs: enough for two directors with keepalived. */
const MEMORY_MB = 1024;
const CPUS = 2;
const BOOT_TIMEOUT_MS = 180_000;
const READY = 'LVSPLAY-READY';
const FAILED = 'LVSPLAY-FAILED';
/** Lab addresses only (network safety): directors and gateway must be in 10.77.0.0/24. */
const LAB_ADDRESS = /^10\.77\.0\.(\d{1,3})$/;
const NAME = /^[a-z][a-z0-9-]{0,11}$/;
/** The directors' disk (their /etc, /var, /root changes) and its size; sparse, mostly empty. */
const DISK = 'directors.ext4';
const DISK_MB = 128;

export function defaultCacheDir(): string {
  return join(projectRoot(), '.cache', 'lab', 'vm');
}

function scriptsDir(): string {
  return join(projectRoot(), 'scripts', 'lab', 'vm');
}

function vmDir(stateDir: string): string {
  return join(resolve(stateDir), 'vm');
}

function log(verbose: boolean | undefined, text: string): void {
  if (verbose) process.stderr.write(`lab vm: ${text}\n`);
}

/** Run a program; resolves with its exit code and output. */
function run(
  argv: string[],
  opts: { input?: string; timeoutMs?: number; passStderr?: boolean } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (opts.passStderr) process.stderr.write(d);
    });
    const timer = opts.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs) : undefined;
    child.on('error', reject);
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      resolvePromise({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input ?? '');
  });
}

async function must(argv: string[], opts: { input?: string; timeoutMs?: number; passStderr?: boolean } = {}): Promise<string> {
  const r = await run(argv, opts);
  if (r.code !== 0) throw new Error(`${argv.join(' ')} failed (exit ${r.code}): ${r.stderr.trim().split('\n').slice(-5).join(' | ') || r.stdout.trim()}`);
  return r.stdout;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** What the image is built from: a change to any build script means a rebuild. */
function imageStamp(): string {
  const h = createHash('sha256');
  for (const f of ['build-image.sh', 'rootfs-init.sh', 'director-boot.sh', '../boot-debian.sh']) h.update(readFileSync(join(scriptsDir(), f)));
  return `lvsplay-vm-image ${h.digest('hex').slice(0, 16)}`;
}

function imageReady(cacheDir: string, stamp: string): boolean {
  const stampFile = join(cacheDir, 'stamp');
  return (
    existsSync(stampFile) &&
    readFileSync(stampFile, 'utf8').split('\n')[0] === stamp &&
    ['vmlinuz', 'initrd.cpio', 'root.ext4'].every((f) => existsSync(join(cacheDir, f)))
  );
}

/**
 * Build the kernel, initramfs and root image into the cache, or reuse them (idempotent; a
 * concurrent caller waits for the build under a lock instead of building twice).
 */
export async function prepareVmImage(opts: { cacheDir?: string; verbose?: boolean } = {}): Promise<void> {
  const cacheDir = resolve(opts.cacheDir ?? defaultCacheDir());
  const stamp = imageStamp();
  if (imageReady(cacheDir, stamp)) return;
  mkdirSync(cacheDir, { recursive: true });
  const t = Date.now();
  log(opts.verbose, `building the VM image into ${cacheDir}`);
  // Under flock: a second caller waits, then finds the stamp and builds nothing.
  const script = `[ "$(head -n1 "$1/stamp" 2>/dev/null)" = "$2" ] && [ -e "$1/root.ext4" ] && exit 0; exec bash "$3" "$1" "$2"`;
  await must(['flock', join(cacheDir, '.build-lock'), 'sh', '-c', script, 'build', cacheDir, stamp, join(scriptsDir(), 'build-image.sh')], {
    timeoutMs: 1_800_000,
    ...(opts.verbose ? { passStderr: true } : {}),
  });
  if (!imageReady(cacheDir, stamp)) throw new Error(`lvsplay lab: the VM image in ${cacheDir} was not built`);
  log(opts.verbose, `VM image built in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

function readState(stateDir: string): VmState | undefined {
  const f = join(vmDir(stateDir), 'state.json');
  if (!existsSync(f)) return undefined;
  try {
    return JSON.parse(readFileSync(f, 'utf8')) as VmState;
  } catch {
    return undefined;
  }
}

/** Whether PID is a live qemu (not a recycled PID). */
function isQemu(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return cmd.includes('qemu-system') && !/\) Z /.test(stat);
  } catch {
    return false;
  }
}

function qemuPid(stateDir: string): number | undefined {
  const s = readState(stateDir);
  if (s?.pid) return s.pid;
  const f = join(vmDir(stateDir), 'qemu.pid');
  if (existsSync(f)) {
    const n = Number(readFileSync(f, 'utf8').trim());
    if (Number.isInteger(n) && n > 0) return n;
  }
  return undefined;
}

/** The tap's name for a state folder (at most 15 characters; one per lab). */
export function tapName(stateDir: string): string {
  return `lvstap${createHash('sha256').update(resolve(stateDir)).digest('hex').slice(0, 6)}`;
}

export function directorsRunning(opts: { stateDir: string }): Promise<boolean> {
  return Promise.resolve(isQemu(qemuPid(opts.stateDir)) || qemusOf(opts.stateDir).length > 0);
}

async function linkExists(name: string): Promise<boolean> {
  return (await run(['ip', 'link', 'show', 'dev', name])).code === 0;
}

/** qemu processes of this state folder, found by their command line (the state file may be gone). */
function qemusOf(stateDir: string): number[] {
  const marker = join(vmDir(stateDir), DISK);
  const found: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return found;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const cmd = readFileSync(`/proc/${e}/cmdline`, 'utf8');
      if (cmd.startsWith('qemu-system') && cmd.includes(marker)) found.push(Number(e));
    } catch {
      // gone
    }
  }
  return found;
}

async function killQemu(pid: number): Promise<void> {
  for (const [signal, waits] of [
    ['SIGTERM', 100],
    ['SIGKILL', 100],
  ] as const) {
    if (!isQemu(pid)) return;
    try {
      process.kill(pid, signal);
    } catch {
      return;
    }
    for (let i = 0; i < waits && isQemu(pid); i++) await sleep(50);
  }
}

export async function stopDirectors(opts: { stateDir: string }): Promise<void> {
  const dir = vmDir(opts.stateDir);
  const state = readState(opts.stateDir);
  const pid = qemuPid(opts.stateDir);
  const pids = new Set([...(pid && isQemu(pid) ? [pid] : []), ...qemusOf(opts.stateDir)]);
  await Promise.all([...pids].map((p) => killQemu(p)));
  const tap = state?.tap ?? tapName(opts.stateDir);
  if (await linkExists(tap)) await run(['ip', 'link', 'del', 'dev', tap]);
  // Keep console.log for a post-mortem; the rest (keys, configuration disk) goes.
  for (const f of ['state.json', 'qemu.pid', DISK, 'config']) rmSync(join(dir, f), { recursive: true, force: true });
}

function checkSpecs(opts: StartDirectorsOptions): void {
  if (opts.directors.length === 0) throw new Error('startDirectors: no directors');
  const names = new Set<string>();
  const addrs = new Set<string>();
  for (const d of [...opts.directors, { name: 'gateway', address: opts.gateway }]) {
    const m = LAB_ADDRESS.exec(d.address);
    if (!m || Number(m[1]) < 1 || Number(m[1]) > 254) throw new Error(`startDirectors: ${d.name}'s address ${d.address} is not a lab address (10.77.0.1-254)`);
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
async function writeConfigDisk(dir: string, opts: StartDirectorsOptions): Promise<Map<string, string>> {
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
    [`GATEWAY=${opts.gateway}`, 'PREFIX=24', `DIRECTORS="${opts.directors.map((d) => `${d.name}=${d.address}=${labMac(d.address, 0)}`).join(' ')}"`, ''].join(
      '\n',
    ),
  );
  // With a journal: a director's files must survive the VM being powered off (lab reboot).
  await must(['mkfs.ext4', '-q', '-F', '-L', 'lvsdirectors', '-E', 'root_owner=0:0', '-d', cfg, join(dir, DISK), `${DISK_MB}M`]);
  return keys;
}

/** qboot (a minimal firmware) and the uncompressed kernel's PVH entry: seconds less than SeaBIOS
 *  plus bzImage's decompression under emulation. Falls back to the bzImage. */
const QBOOT = '/usr/share/qemu/qboot.rom';
function fastBoot(cacheDir: string): string[] {
  const vmlinux = join(cacheDir, 'vmlinux');
  if (existsSync(vmlinux) && existsSync(QBOOT)) return ['-bios', QBOOT, '-kernel', vmlinux];
  return ['-kernel', join(cacheDir, 'vmlinuz')];
}

/** The console's "[uptime] step" lines, for the time breakdown. */
function consoleSteps(consoleLog: string): string {
  return [...consoleLog.matchAll(/lvsplay-vm: \[([\d.]+)\] (.*)/g)].map((m) => `${m[2]} ${m[1]} s`).join(', ');
}

/** Whether something holds ADDRESS on the segment: it accepts or refuses a TCP connection to
 *  port 22 (an absent host gives no answer; ARP fails and the probe times out). */
function addressAnswers(address: string, timeoutMs = 300): Promise<boolean> {
  return new Promise((res) => {
    const sock = connect({ host: address, port: 22, timeout: timeoutMs });
    const done = (v: boolean): void => {
      sock.destroy();
      res(v);
    };
    sock.once('connect', () => done(true));
    sock.once('timeout', () => done(false));
    sock.once('error', (err: NodeJS.ErrnoException) => done(err.code === 'ECONNREFUSED'));
  });
}

function tcpProbe(address: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((res) => {
    const sock = connect({ host: address, port, timeout: timeoutMs });
    const done = (ok: boolean): void => {
      sock.destroy();
      res(ok);
    };
    sock.once('connect', () => done(true));
    sock.once('timeout', () => done(false));
    sock.once('error', () => done(false));
  });
}

/**
 * Boot the VM with every director in it; resolves once each director's sshd answers on its
 * address (from this machine, over the bridge). Host keys are fresh for every start.
 */
export async function startDirectors(opts: StartDirectorsOptions): Promise<StartedDirector[]> {
  checkSpecs(opts);
  const t0 = Date.now();
  const timings: Record<string, number> = {};
  const dir = vmDir(opts.stateDir);
  if (await directorsRunning(opts)) throw new Error(`lvsplay lab: the directors' VM of ${opts.stateDir} is already running (stop it first)`);
  await stopDirectors(opts); // leftovers of a crashed run: tap, state
  mkdirSync(dir, { recursive: true });
  if (!(await linkExists(opts.bridge))) throw new Error(`lvsplay lab: bridge ${opts.bridge} does not exist`);

  // Another lab's hosts must not hold these addresses (two hosts with one address on one bridge).
  const taken = (await Promise.all(opts.directors.map(async (d) => ((await addressAnswers(d.address)) ? d : undefined)))).filter((d) => d !== undefined);
  if (taken.length)
    throw new Error(`lvsplay lab: ${taken.map((d) => `${d.address} (${d.name})`).join(', ')} already answer on ${opts.bridge}: is another lab up?`);

  const cacheDir = resolve(opts.cacheDir ?? defaultCacheDir());
  await prepareVmImage({ cacheDir, ...(opts.verbose !== undefined ? { verbose: opts.verbose } : {}) });
  timings.imageMs = Date.now() - t0;

  const keys = await writeConfigDisk(dir, opts);
  const tap = tapName(opts.stateDir);
  await must(['ip', 'tuntap', 'add', 'dev', tap, 'mode', 'tap']);
  await must(['ip', 'link', 'set', 'dev', tap, 'master', opts.bridge, 'up']);
  const consoleLog = join(dir, 'console.log');
  const pidFile = join(dir, 'qemu.pid');
  const mac = `52:54:00:4c:${createHash('sha256')
    .update(tap)
    .digest('hex')
    .slice(0, 4)
    .replace(/(..)(..)/, '$1:$2')}`;
  const argv = [
    'qemu-system-x86_64',
    '-name',
    `lvsplay-directors,process=lvsplay-vm`,
    '-machine',
    'q35',
    '-cpu',
    'max',
    '-m',
    String(MEMORY_MB),
    '-smp',
    String(CPUS),
    '-display',
    'none',
    '-no-reboot',
    ...fastBoot(cacheDir),
    '-initrd',
    join(cacheDir, 'initrd.cpio'),
    '-append',
    'console=ttyS0 quiet panic=-1 mitigations=off',
    '-drive',
    `file=${join(cacheDir, 'root.ext4')},if=virtio,format=raw,snapshot=on`,
    '-drive',
    `file=${join(dir, DISK)},if=virtio,format=raw`,
    '-netdev',
    `tap,id=n0,ifname=${tap},script=no,downscript=no`,
    '-device',
    `virtio-net-pci,netdev=n0,mac=${mac}`,
    '-device',
    'virtio-rng-pci',
    '-serial',
    `file:${consoleLog}`,
    '-monitor',
    'none',
    '-daemonize',
    '-pidfile',
    pidFile,
  ];
  const hostKeyLines = Object.fromEntries(keys);
  const state: VmState = { pid: 0, argv, hostKeyLines, tap, bridge: opts.bridge, directors: opts.directors, startedAt: new Date().toISOString(), timings };
  try {
    await powerOn(state, dir, opts.verbose);
  } catch (err) {
    await stopDirectors(opts);
    throw err;
  }
  timings.totalMs = Date.now() - t0;
  writeFileSync(join(dir, 'state.json'), JSON.stringify(state, null, 2) + '\n');
  return opts.directors.map((d) => ({ name: d.name, address: d.address, hostKeyLine: keys.get(d.name)! }));
}

/**
 * Start qemu with the state's command line and wait until every director answers SSH with its own
 * host key: the VM's init prints READY (or FAILED) on the console once each director's boot has
 * begun; each sshd starts after that director's Debian boot steps.
 */
async function powerOn(state: VmState, dir: string, verbose: boolean | undefined): Promise<void> {
  const t1 = Date.now();
  const timings = state.timings;
  const consoleLog = join(dir, 'console.log');
  const pidFile = join(dir, 'qemu.pid');
  rmSync(consoleLog, { force: true });
  rmSync(pidFile, { force: true });
  const q = await run(state.argv, { timeoutMs: 60_000 });
  const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : 0;
  if (q.code !== 0 || !isQemu(pid)) throw new Error(`lvsplay lab: qemu did not start (exit ${q.code}): ${q.stderr.trim()}`);
  state.pid = pid;
  writeFileSync(join(dir, 'state.json'), JSON.stringify(state, null, 2) + '\n');
  log(verbose, `qemu ${pid} started (tap ${state.tap} on ${state.bridge}); booting`);

  const deadline = Date.now() + BOOT_TIMEOUT_MS;
  let text = '';
  const check = (stage: string): void => {
    text = existsSync(consoleLog) ? readFileSync(consoleLog, 'utf8') : '';
    const failed = text.includes(FAILED);
    if (failed || !isQemu(pid) || Date.now() > deadline) {
      const why = failed ? 'its init failed' : !isQemu(pid) ? 'qemu exited' : `${stage} not within ${BOOT_TIMEOUT_MS / 1000} s`;
      throw new Error(`lvsplay lab: the directors' VM did not come up (${why}); console: ${text.trim().split('\n').slice(-8).join(' | ')}`);
    }
  };
  for (;;) {
    check('ready');
    if (text.includes(READY)) break;
    await sleep(50);
  }
  timings.bootMs = Date.now() - t1;
  const t2 = Date.now();
  await Promise.all(
    state.directors.map(async (d) => {
      while (!(await tcpProbe(d.address, 22, 1000))) {
        check(`${d.name} answering on port 22`);
        await sleep(50);
      }
    }),
  );
  timings.reachableMs = Date.now() - t2;
  // Each sshd shows the host key we gave it. This first key exchange also warms the VM up (code
  // translated once by the emulator, libraries in the page cache): the next connections are fast.
  const t3 = Date.now();
  await Promise.all(
    state.directors.map(async (d) => {
      const want = state.hostKeyLines[d.name]!.split(' ').slice(1).join(' ');
      const r = await run(['ssh-keyscan', '-T', '30', '-t', 'ed25519', d.address], { timeoutMs: 40_000 });
      if (!r.stdout.split('\n').some((l) => l.trim() === `${d.address} ${want}`)) {
        throw new Error(`lvsplay lab: director ${d.name} (${d.address}) does not show its host key over SSH: ${r.stdout.trim() || r.stderr.trim()}`);
      }
    }),
  );
  timings.keyscanMs = Date.now() - t3;
  log(
    verbose,
    `${state.directors.length} directors ready (boot to sshds started ${timings.bootMs} ms, sshds answering ${timings.reachableMs} ms, host keys checked ${timings.keyscanMs} ms; inside the VM: ${consoleSteps(text)})`,
  );
}

/**
 * Reboot the directors: the VM is powered off and on again with the same disks. What each director
 * wrote to /etc, /var and /root is on its disk; everything else (addresses, IPVS table, iptables
 * rules, running services, sysctls) is gone until the director's own boot restores it. `flush` runs
 * before the power-off (a director's `sync`, as `reboot` would), so files written just before are
 * on the disk, not lost in the VM's page cache.
 */
export async function rebootDirectors(opts: { stateDir: string; flush: () => Promise<void>; verbose?: boolean }): Promise<void> {
  const dir = vmDir(opts.stateDir);
  const state = readState(opts.stateDir);
  if (!state?.argv || !isQemu(state.pid)) throw new Error(`lvsplay lab: the directors' VM of ${opts.stateDir} is not running`);
  await opts.flush();
  await killQemu(state.pid);
  log(opts.verbose, 'powered off; powering on');
  await powerOn(state, dir, opts.verbose);
}
