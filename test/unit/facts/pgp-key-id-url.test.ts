// pgp_key_id of a key URL, its command run by a real sh (curl, else wget: util/host-download.ts)
// and gpg, from a file server on 127.0.0.1: the id is the key's own, and a missing key is a
// one-line failure naming the URL.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pgpKeyIdFact } from '../../../src/facts/pgp-key-id.js';
import { FactParseError } from '../../../src/errors.js';
import type { ExecResult } from '../../../src/connection/types.js';
import { serveFiles, type ServedFiles } from '../../helpers/serve-files.js';

/** The fact's command through sh, as a host would run it. */
function run(command: string): ExecResult {
  const r = spawnSync('/bin/sh', ['-c', command], { encoding: 'utf8', timeout: 15000 });
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.status ?? 1, durationMs: 0 };
}

describe('pgp_key_id of a URL, read on the host', function () {
  this.timeout(30000);
  let dir: string;
  let served: ServedFiles;
  let keyId: string;
  before(async function () {
    if (spawnSync('/bin/sh', ['-c', 'command -v gpg']).status !== 0) this.skip();
    dir = mkdtempSync(join(tmpdir(), 'lvsplay-pgp-url-'));
    const env = { ...process.env, GNUPGHOME: join(dir, 'gnupg') };
    mkdirSync(env.GNUPGHOME, { mode: 0o700 });
    mkdirSync(join(dir, 'www'));
    const made = spawnSync('gpg', ['--batch', '--passphrase', '', '--quick-gen-key', 'lvsplay unit <unit@lvsplay.invalid>', 'ed25519', 'sign', '0'], { env });
    expect(made.status, made.stderr.toString()).to.equal(0);
    expect(spawnSync('gpg', ['--batch', '--armor', '--output', join(dir, 'www', 'key.asc'), '--export'], { env }).status).to.equal(0);
    const listed = spawnSync('gpg', ['--batch', '--with-colons', '--list-keys'], { env, encoding: 'utf8' });
    keyId = listed.stdout
      .split('\n')
      .find((l) => l.startsWith('pub:'))!
      .split(':')[4]!;
    served = await serveFiles(join(dir, 'www'));
  });
  after(() => {
    served?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('gives the long id of the key the URL serves', () => {
    const source = { url: `${served.url}/key.asc` };
    expect(pgpKeyIdFact.parse(run(pgpKeyIdFact.command(source)), source)).to.equal(keyId);
  });

  it('a URL that answers 404 fails, naming the URL and the reason', () => {
    const source = { url: `${served.url}/missing.asc` };
    expect(() => pgpKeyIdFact.parse(run(pgpKeyIdFact.command(source)), source))
      .to.throw(FactParseError)
      .with.property('message')
      .that.matches(new RegExp(`Unable to extract key from '${served.url}/missing.asc': .*404`));
  });
});
