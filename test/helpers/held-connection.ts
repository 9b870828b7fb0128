// An established TCP connection through the VIP that stays open while a test changes things,
// then finishes its HTTP request: it proves a rerun edited the IPVS table without dropping
// connections. The client runs in the lab's client namespace (node, a few lines); it sends the
// request line at once and a header every second, so the server keeps waiting for the rest.
import { spawn, type ChildProcess } from 'node:child_process';

const CLIENT = `
const net = require('node:net');
const [host, port] = process.argv.slice(1);
const s = net.connect({ host, port: Number(port) }, () => {
  s.write('GET / HTTP/1.0\\r\\n');
  process.stdout.write('connected ' + s.localPort + '\\n');
  const keep = setInterval(() => s.write('X-Held: 1\\r\\n'), 1000);
  process.stdin.once('data', () => { clearInterval(keep); s.write('\\r\\n'); });
});
let body = '';
s.on('data', (d) => (body += d));
s.on('end', () => { process.stdout.write('answer ' + body.split('\\r\\n\\r\\n').pop().trim() + '\\n'); process.exit(0); });
s.on('error', (e) => { process.stdout.write('error ' + e.message + '\\n'); process.exit(1); });
`;

export interface HeldConnection {
  /** The client's local port (find it in `ipvsadm -Lnc`). */
  localPort: number;
  /** Send the end of the request and wait for the answer: the node's name, or an error. */
  finish(timeoutMs?: number): Promise<string>;
  close(): void;
}

export function holdConnection(netns: string, vip: string, port = 80): Promise<HeldConnection> {
  const child: ChildProcess = spawn('ip', ['netns', 'exec', netns, process.execPath, '-e', CLIENT, vip, String(port)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  const lines: Array<(l: string) => void> = [];
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    let i: number;
    while ((i = out.indexOf('\n')) >= 0) {
      const line = out.slice(0, i);
      out = out.slice(i + 1);
      lines.shift()?.(line);
    }
  });
  const nextLine = (timeoutMs: number): Promise<string> =>
    new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('held connection: no answer in time')), timeoutMs);
      lines.push((l) => {
        clearTimeout(t);
        resolve(l);
      });
    });
  return nextLine(10_000).then((first) => {
    const m = /^connected (\d+)$/.exec(first);
    if (!m) throw new Error(`held connection: ${first}`);
    return {
      localPort: Number(m[1]),
      finish: async (timeoutMs = 10_000) => {
        const answer = nextLine(timeoutMs);
        child.stdin!.write('go\n');
        return (await answer).replace(/^answer /, '');
      },
      close: () => child.kill('SIGKILL'),
    };
  });
}
