// What a user of the load balancer sees: from the lab's client namespace, open new TCP
// connections to the VIP one after another (HTTP GET, each its own connection) and count which
// node answered each. Traffic goes only to the lab's VIP, from a namespace the lab created.
import { netnsName } from './netns-host.js';
import { run } from './sh.js';
import { isLabAddress, labStateDir, readLabState, VIP } from './state.js';
import { LabUnavailableError } from './prerequisites.js';
import { WEB_PORT } from './web-server.js';

export interface TrafficResult {
  vip: string;
  port: number;
  connections: number;
  /** Answers per node name (nodes that never answered are listed with 0). */
  answeredBy: Record<string, number>;
  /** Connections that failed or got an answer that names no lab node. */
  failed: number;
  /** The client's source port of each answered connection, per node: find them in `ipvsadm -Lnc`. */
  portsBy: Record<string, number[]>;
  /** How each failed connection failed: curl's exit status (7 refused, 28 timed out, 52 empty reply, 56 reset), or the stray answer. */
  failures: string[];
}

export async function probeVip(
  options: { connections?: number; vip?: string; port?: number; timeoutSeconds?: number; stateDir?: string } = {},
): Promise<TrafficResult> {
  const state = readLabState(options.stateDir ?? labStateDir());
  if (!state) throw new LabUnavailableError('lvsplay lab traffic: the lab is not up (lvsplay lab up)');
  const client = state.hosts.find((h) => h.role === 'client');
  if (!client) throw new LabUnavailableError('lvsplay lab traffic: the lab has no client namespace (it was brought up with --no-client)');
  const connections = options.connections ?? 30;
  const vip = options.vip ?? VIP;
  const port = options.port ?? WEB_PORT;
  const timeout = options.timeoutSeconds ?? 2;
  if (!isLabAddress(vip)) throw new Error(`probeVip: ${vip} is not a lab address (10.77.0-3.1-254)`);
  // One shell for all requests; curl (busybox-static's wget segfaults on this machine), each
  // request its own connection, so the director schedules every one. A line per request: the
  // answer (the node's name) and the client's source port, or '-' and curl's exit status.
  const script = `i=0; while [ $i -lt ${connections} ]; do i=$((i+1)); r=$(curl -s -m ${timeout} -w ' %{local_port}' http://${vip}:${port}/) || r="- $?"; echo $r; done`;
  const res = await run(['ip', 'netns', 'exec', netnsName(client.name), '/bin/sh', '-c', script]);
  const nodes = state.hosts.filter((h) => h.role === 'node').map((h) => h.name);
  const answeredBy: Record<string, number> = Object.fromEntries(nodes.map((n) => [n, 0]));
  const portsBy: Record<string, number[]> = Object.fromEntries(nodes.map((n) => [n, []]));
  const failures: string[] = [];
  for (const line of res.stdout.split('\n')) {
    const [name, detail] = line.trim().split(/\s+/);
    if (name === undefined || name === '') continue;
    if (name === '-') failures.push(`curl exit ${detail}`);
    else if (!(name in answeredBy)) failures.push(`answer ${name}`);
    else {
      answeredBy[name]! += 1;
      portsBy[name]!.push(Number(detail));
    }
  }
  const failed = connections - Object.values(answeredBy).reduce((a, b) => a + b, 0);
  return { vip, port, connections, answeredBy, failed, portsBy, failures };
}

export function formatTraffic(r: TrafficResult): string {
  const ok = r.connections - r.failed;
  const per = Object.entries(r.answeredBy)
    .map(([n, c]) => `${n} ${c}`)
    .join(', ');
  return `${r.vip}:${r.port}: ${ok} of ${r.connections} new connections answered (${per})${r.failed ? `, ${r.failed} failed (${countsOf(r.failures)})` : ''}`;
}

/** "curl exit 28 x2, curl exit 7" */
function countsOf(items: string[]): string {
  const counts = new Map<string, number>();
  for (const i of items) counts.set(i, (counts.get(i) ?? 0) + 1);
  return [...counts].map(([i, n]) => (n > 1 ? `${i} x${n}` : i)).join(', ');
}
