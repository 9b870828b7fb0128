// The lab's state folder (.lab/ in the repository, or $LVSPLAY_LAB_DIR) and what it records.
import { existsSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isIpv4 } from '../util/ipv4.js';
import { projectRoot } from '../util/project-root.js';

export const BRIDGE = 'lvsbr0';
export const GATEWAY = '10.77.0.1';
/** The lab's segment is 10.77.0.0/22: 10.77.0.x holds the directors, the VIP, the client and the first nodes; 10.77.1-3.x more nodes (the bench's 500 hosts). */
export const PREFIX = 22;
/** How many third octets the segment spans (10.77.0.x to 10.77.3.x). */
const SEGMENT_BLOCKS = 2 ** (24 - PREFIX);
export const NETNS_PREFIX = 'lvsplay-';
export const VIP = '10.77.0.50';

/** Network safety: the lab only ever addresses hosts of its own segment, 10.77.0-3.1-254. */
export function isLabAddress(address: string): boolean {
  if (!isIpv4(address)) return false;
  const [a, b, c, d] = address.split('.').map(Number) as [number, number, number, number];
  return a === 10 && b === 77 && c < SEGMENT_BLOCKS && d >= 1 && d <= 254;
}

export interface LabHost {
  name: string;
  address: string;
  role: 'director' | 'node' | 'client';
  /** How it runs: a network namespace on this machine, or inside the IPVS VM. */
  kind: 'netns' | 'vm';
  /** Directors of `lab up --ha container`: a VM of their own that boots systemd and runs Docker. */
  init?: 'systemd';
  /** PID of the host's sshd (its mount and UTS namespaces live as long as it does). */
  sshdPid?: number;
  netns?: string;
  veth?: string;
}

export interface LabState {
  stateDir: string;
  inventoryPath: string;
  keyPath: string;
  knownHostsPath: string;
  hosts: LabHost[];
  timings: Record<string, number>;
}

export function labStateDir(): string {
  return resolve(process.env.LVSPLAY_LAB_DIR ?? join(projectRoot(), '.lab'));
}

export function readLabState(stateDir = labStateDir()): LabState | undefined {
  const f = join(stateDir, 'state.json');
  if (!existsSync(f)) return undefined;
  return JSON.parse(readFileSync(f, 'utf8')) as LabState;
}

export function writeLabState(state: LabState): void {
  const f = join(state.stateDir, 'state.json');
  writeFileSync(f + '.tmp', JSON.stringify(state, null, 2));
  renameSync(f + '.tmp', f);
}

/** Node hosts in 10.77.0.x before any other block, so a small lab's addresses stay as they were. */
const FIRST_BLOCK_NODES = 29 + 154;
/** Every node address the segment has: 10.77.0.x's, then 254 in each further block. */
export const MAX_NODE_HOSTS = FIRST_BLOCK_NODES + 254 * (SEGMENT_BLOCKS - 1);

/**
 * Node hosts: 10.77.0.21-.49, then .101-.254 (.11/.12 are directors, .50 the VIP, .100 the
 * client), then 10.77.1.1-254, 10.77.2.1-254 and 10.77.3.1-254.
 */
export function nodeAddress(index: number): string {
  if (index < 29) return `10.77.0.${21 + index}`;
  if (index < FIRST_BLOCK_NODES) return `10.77.0.${101 + (index - 29)}`;
  if (index >= MAX_NODE_HOSTS) throw new Error(`the lab supports at most ${MAX_NODE_HOSTS} node hosts`);
  const rest = index - FIRST_BLOCK_NODES;
  return `10.77.${1 + Math.floor(rest / 254)}.${1 + (rest % 254)}`;
}

export const CLIENT_ADDRESS = '10.77.0.100';

/**
 * A lab host's MAC, fixed by its address (locally administered 02:4c:56:KIND:..): a host that is
 * restarted or recreated keeps its MAC as a rebooted machine keeps its NIC's, so its neighbours'
 * ARP caches stay right. KIND 0 for the VM's directors, 1 for namespace hosts.
 */
export function labMac(address: string, kind: 0 | 1): string {
  const [, , c, d] = address.split('.').map((o) => Number(o).toString(16).padStart(2, '0'));
  return `02:4c:56:0${kind}:${c}:${d}`;
}
export const DIRECTOR_ADDRESSES = ['10.77.0.11', '10.77.0.12'];
