// The host's download, through a real sh with only curl, only wget, or neither on its PATH, from
// a file server on 127.0.0.1: both tools must give the same bytes and fail the same way.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { curlCommand, curlElseWget, hostFetchScript, wgetCommand } from '../../../src/util/host-download.js';
import { quote } from '../../../src/util/shell.js';
import { serveFiles, type ServedFiles } from '../../helpers/serve-files.js';

/** Where the tool is installed, if it is (`command -v`). */
function which(tool: string): string | undefined {
  const r = spawnSync('/bin/sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

describe('util/host-download: curl, else wget, else a clear failure', () => {
  let dir: string;
  let served: ServedFiles;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lvsplay-host-download-'));
    mkdirSync(join(dir, 'www'));
    writeFileSync(join(dir, 'www', 'body.txt'), 'the body\n');
    served = await serveFiles(join(dir, 'www'));
  });
  after(() => {
    served.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** sh with a PATH that holds only the given tools. */
  function shWith(tools: string[], script: string): { status: number | null; stdout: string; stderr: string } {
    const bin = mkdtempSync(join(dir, 'bin-'));
    for (const t of tools) symlinkSync(which(t)!, join(bin, t));
    return spawnSync('/bin/sh', ['-c', script], { encoding: 'utf8', env: { PATH: bin }, timeout: 15000 });
  }

  for (const tool of ['curl', 'wget']) {
    it(`${tool} alone: writes the body to a file, and a 404 fails with Failure downloading`, function () {
      if (which(tool) === undefined) this.skip();
      const file = join(dir, `${tool}.out`);
      const ok = shWith([tool], hostFetchScript({ url: `${served.url}/body.txt`, file, timeoutSeconds: 5, validateCerts: true }));
      expect(ok.stderr).to.equal('');
      expect(ok.status).to.equal(0);
      expect(readFileSync(file, 'utf8')).to.equal('the body\n');
      const missing = shWith([tool], hostFetchScript({ url: `${served.url}/nope`, file, timeoutSeconds: 5, validateCerts: true }));
      expect(missing.status).to.equal(3);
      expect(missing.stderr).to.match(new RegExp(`^Failure downloading ${served.url}/nope, `));
    });

    it(`${tool} alone: '-' as output is standard output`, function () {
      if (which(tool) === undefined) this.skip();
      const d = { url: quote(`${served.url}/body.txt`), output: '-' };
      const r = shWith([tool], curlElseWget({ curl: curlCommand(d), wget: wgetCommand(d), neither: 'exit 9' }));
      expect(r.status).to.equal(0);
      expect(r.stdout).to.equal('the body\n');
    });
  }

  it('neither tool: the caller’s failure, naming what is missing', () => {
    const r = shWith([], hostFetchScript({ url: `${served.url}/body.txt`, file: join(dir, 'none.out'), timeoutSeconds: 5, validateCerts: true }));
    expect(r.status).to.equal(3);
    expect(r.stderr).to.equal(`Failure downloading ${served.url}/body.txt, the host has neither curl nor wget\n`);
  });

  it('a caller that reads the status gets no -f and the response headers in its file', () => {
    const d = { url: '"$url"', output: '"$tmp"', responseTo: '"$hdr"', timeoutSeconds: 10, validateCerts: false, headers: { 'X-A': '1 2' } };
    expect(curlCommand(d)).to.equal(`curl -sS -L --max-time 10 -k -H 'X-A: 1 2' -D "$hdr" -o "$tmp" -w '%{http_code} %{url_effective}' -- "$url"`);
    expect(wgetCommand(d)).to.equal(`wget -q -S -T 10 --no-check-certificate --header='X-A: 1 2' -O "$tmp" -- "$url" 2> "$hdr"`);
  });
});
