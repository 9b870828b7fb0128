// LocalConnection: /bin/sh on this machine, output untrimmed, stdin fed, timeouts kill the group.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { LocalConnection, signalNumber } from '../../../src/connection/local.js';
import { CommandTimeoutError } from '../../../src/errors.js';

describe('LocalConnection', () => {
  const c = new LocalConnection('localhost');

  it('keeps output untrimmed and exit codes as they are', async () => {
    const r = await c.exec("printf 'a\\n\\n'; printf ' e ' >&2; exit 3");
    expect(r).to.deep.include({ stdout: 'a\n\n', stderr: ' e ', exitCode: 3 });
    expect((await c.exec('kill -TERM $$')).exitCode).to.equal(143);
    expect((await c.exec('kill -USR1 $$')).exitCode).to.equal(138);
  });
  it('numbers signals as named by node (SIGTERM) and by ssh2 (TERM)', () => {
    expect([signalNumber('SIGTERM'), signalNumber('TERM'), signalNumber('USR2'), signalNumber(null), signalNumber('NOPE')]).to.deep.equal([15, 15, 12, 0, 0]);
  });
  it('feeds 5 MB of stdin, and survives a command that does not read it', async () => {
    const data = randomBytes(5 * 1024 * 1024);
    const r = await c.exec('sha256sum', { stdin: data });
    expect(r.stdout.split(' ')[0]).to.equal(createHash('sha256').update(data).digest('hex'));
    expect((await c.exec('echo ok', { stdin: data })).stdout).to.equal('ok\n');
  });
  it('cwd and env', async () => {
    expect((await c.exec('pwd; printf %s "$V"', { cwd: '/tmp', env: { V: 'x y' } })).stdout).to.equal('/tmp\nx y');
    expect((await c.exec('pwd', { cwd: '/nonexistent' })).exitCode).to.equal(1);
  });
  it('a timeout kills the whole process group', async () => {
    const marker = `lvsplay-local-timeout-${randomBytes(4).toString('hex')}`;
    let err: unknown;
    try {
      await c.exec(`sh -c 'sleep 30; echo ${marker}' & sleep 31; echo ${marker}`, { timeoutMs: 300 });
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(CommandTimeoutError);
    await new Promise((r) => setTimeout(r, 100));
    let left = '';
    try {
      left = execFileSync('pgrep', ['-f', marker]).toString();
    } catch {
      // none left
    }
    expect(left).to.equal('');
  });
});
