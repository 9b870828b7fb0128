// A folder served over HTTP on 127.0.0.1 (loopback only), for modules that fetch URLs on the host.
import { spawn } from 'node:child_process';

export interface ServedFiles {
  url: string;
  close(): void;
}

/**
 * A folder served over HTTP on 127.0.0.1 by a child process: the plans run the host's commands
 * synchronously, which would block a server in this process.
 */
export async function serveFiles(folder: string): Promise<ServedFiles> {
  const script = `const http = require('node:http'), fs = require('node:fs'), path = require('node:path');
    const s = http.createServer((q, r) => fs.readFile(path.join(process.argv[1], path.basename(new URL(q.url, 'http://x').pathname)), (e, b) => { r.statusCode = e ? 404 : 200; r.end(e ? 'not found' : b); }));
    s.listen(0, '127.0.0.1', () => console.log(s.address().port));`;
  const child = spawn(process.execPath, ['-e', script, folder], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim()));
    child.once('exit', () => reject(new Error('the file server ended before it listened')));
  });
  return { url: `http://127.0.0.1:${port}`, close: () => child.kill() };
}
