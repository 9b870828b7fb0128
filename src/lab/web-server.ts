// The service the lab's nodes balance: on each node host a small HTTP server (busybox httpd) on
// port 80 of every address, the VIP on lo:0 included, that answers with the node's name. It
// stands in for a Docker swarm's published port, so a client can see which node answered, and
// stopping one is how tests fail a real server under keepalived's health checks.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync, readFileSync, existsSync, openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { labStateDir, readLabState, type LabHost, type LabState } from './state.js';
import { bash } from './sh.js';
import { HOST_FOLDER_INSIDE } from './netns-host.js';

export const WEB_PORT = 80;
const BUSYBOX = '/bin/busybox';

function webDir(state: LabState, host: LabHost): string {
  return join(state.stateDir, 'hosts', host.name, 'www');
}

function pidFile(state: LabState, host: LabHost): string {
  return join(state.stateDir, 'hosts', host.name, 'httpd.pid');
}

function webPid(state: LabState, host: LabHost): number | undefined {
  const f = pidFile(state, host);
  if (!existsSync(f)) return undefined;
  const pid = Number(readFileSync(f, 'utf8'));
  try {
    process.kill(pid, 0);
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('httpd') ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Start the node's web server in its network and mount namespaces (those of its sshd). */
function startOne(state: LabState, host: LabHost): void {
  if (webPid(state, host) !== undefined) return;
  if (!host.sshdPid) throw new Error(`lab host ${host.name} has no sshd to take namespaces from`);
  const dir = webDir(state, host);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.html'), `${host.name}\n`);
  const log = openSync(join(state.stateDir, 'hosts', host.name, 'httpd.log'), 'a');
  // -f: stay in the foreground, so the PID we record is httpd's and kill stops it.
  // Inside the host the folder is seen where its boot bound it (/run/lvsplay-host): under its own
  // path it may be hidden, when the lab lives under /tmp or /var, which the host has its own of.
  const child = spawn(
    'nsenter',
    ['-t', String(host.sshdPid), '-n', '-m', '-u', '--', BUSYBOX, 'httpd', '-f', '-p', String(WEB_PORT), '-h', HOST_FOLDER_INSIDE + '/www'],
    { detached: true, stdio: ['ignore', log, log] },
  );
  child.unref();
  closeSync(log);
  if (child.pid === undefined) throw new Error(`cannot start the web server of lab host ${host.name}`);
  writeFileSync(pidFile(state, host), String(child.pid));
}

/** Wait until port 80 listens in the host's network namespace (read from /proc, no connection). */
async function waitListening(host: LabHost, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const port = WEB_PORT.toString(16).toUpperCase().padStart(4, '0');
  // busybox httpd listens on [::] (dual stack), so the socket shows in tcp6.
  const listening = new RegExp(`^\\s*\\d+:\\s+[0-9A-F]{8,32}:${port}\\s+\\S+\\s+0A\\s`, 'm');
  while (Date.now() < deadline) {
    try {
      const tables = ['tcp', 'tcp6'].map((t) => readFileSync(`/proc/${host.sshdPid}/net/${t}`, 'utf8')).join('\n');
      if (listening.test(tables)) return;
    } catch {
      break;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`lab host ${host.name}: the web server did not listen on port ${WEB_PORT} within ${timeoutMs / 1000} s`);
}

function nodes(state: LabState, names?: string[]): LabHost[] {
  const all = state.hosts.filter((h) => h.role === 'node' && h.kind === 'netns');
  if (!names) return all;
  return names.map((n) => {
    const h = all.find((x) => x.name === n);
    if (!h) throw new Error(`no lab node ${n}`);
    return h;
  });
}

/** Start the web server on the given nodes (default: every node); already running ones are kept. */
export async function startWebServers(names?: string[], stateDir = labStateDir()): Promise<void> {
  const state = readLabState(stateDir);
  if (!state) throw new Error('the lab is not up');
  const hosts = nodes(state, names);
  for (const h of hosts) startOne(state, h);
  await Promise.all(hosts.map((h) => waitListening(h)));
}

/** Stop the web server on the given nodes: their health checks fail, as a crashed service's would. */
export async function stopWebServers(names: string[], stateDir = labStateDir()): Promise<void> {
  const state = readLabState(stateDir);
  if (!state) throw new Error('the lab is not up');
  for (const h of nodes(state, names)) {
    const pid = webPid(state, h);
    if (pid !== undefined) await bash(`kill ${pid}; for i in $(seq 50); do kill -0 ${pid} 2>/dev/null || exit 0; sleep 0.1; done`);
  }
}
