// A process and everything below it, read from /proc: what the tests that kill an sshd (a private
// one, a lab host's) use to reach its sessions and their commands too. Only that tree: the lab's
// hosts share this machine's PID namespace, so a match by name would reach every sshd here.
import { readdirSync, readFileSync } from 'node:fs';

/** `root` first, then its descendants (monitor, session and command processes for an sshd). */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // comm may hold spaces and parentheses: the ppid is the second field after the last ')'
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const all: number[] = [];
  const walk = (p: number): void => {
    all.push(p);
    for (const c of children.get(p) ?? []) walk(c);
  };
  walk(root);
  return all;
}

/** Send `signal` to the tree (without `root` itself when includeRoot is false); processes gone meanwhile are skipped. */
export function signalTree(root: number, signal: NodeJS.Signals, includeRoot = true): void {
  for (const p of processTree(root)) {
    if (p === root && !includeRoot) continue;
    try {
      process.kill(p, signal);
    } catch {
      // gone meanwhile
    }
  }
}
