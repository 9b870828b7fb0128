// SshConnection against a private sshd on 127.0.0.1: output and exit codes as they are, large
// stdin, many channels on one connection, timeouts that kill the remote process, host key
// checking, become through sudo (with and without a password), a dying sshd, a closed port.
import { expect } from 'chai';
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConnectionPool } from '../../../src/connection/pool.js';
import { SshConnection, type SshOptions } from '../../../src/connection/ssh.js';
import type { ConnectionSpec, ExecResult } from '../../../src/connection/types.js';
import { CommandTimeoutError, HostUnreachableError } from '../../../src/errors.js';
import { signalTree } from '../../helpers/process-tree.js';
import { freePort, makeKey, startSshd, SUDO_PASSWORD, USERS, withPrivateSshd, type TestSshd } from './sshd.js';

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

function pgrep(pattern: string): string {
  try {
    return execFileSync('pgrep', ['-a', '-f', pattern]).toString();
  } catch {
    return ''; // exit 1: nothing matches
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('SshConnection (private sshd on 127.0.0.1)', function () {
  this.timeout(60_000);
  let sshd: TestSshd;
  const open: SshConnection[] = [];
  const extraServers: TestSshd[] = [];
  const startExtra = async (): Promise<TestSshd> => {
    const s = await startSshd(sshd.dir);
    extraServers.push(s);
    return s;
  };

  const spec = (over: Partial<ConnectionSpec> = {}, server: TestSshd = sshd): ConnectionSpec => ({
    hostName: 'testhost',
    kind: 'ssh',
    address: '127.0.0.1',
    port: server.port,
    user: USERS.plain,
    privateKeyPath: server.clientKey,
    knownHostsPaths: [server.knownHosts],
    hostKeyChecking: true,
    connectTimeoutMs: 5000,
    ...over,
  });
  const connection = (over: Partial<ConnectionSpec> = {}, options: SshOptions = {}, server?: TestSshd): SshConnection => {
    const c = new SshConnection(spec(over, server), options);
    open.push(c);
    return c;
  };

  withPrivateSshd('the SSH connection tests', (s) => (sshd = s));
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close()));
    await Promise.all(extraServers.splice(0).map((s) => s.stop()));
  });

  describe('commands', () => {
    let c: SshConnection;
    before(async () => {
      c = new SshConnection(spec());
      const t = Date.now();
      await c.open();
      console.log(`      connect + auth to 127.0.0.1: ${Date.now() - t} ms`);
    });
    after(async () => c.close());

    it('keeps output untrimmed and exit codes as they are', async () => {
      const r = await c.exec("printf 'a\\n\\n'; printf ' e ' >&2; exit 3");
      expect(r).to.deep.include({ stdout: 'a\n\n', stderr: ' e ', exitCode: 3 });
      expect((await c.exec('true')).exitCode).to.equal(0);
      expect((await c.exec('kill -TERM $$')).exitCode).to.equal(128 + 15);
    });

    it('round trip of one command', async () => {
      const t = Date.now();
      for (let i = 0; i < 20; i++) await c.exec('true');
      console.log(`      exec round trip: ${((Date.now() - t) / 20).toFixed(1)} ms (mean of 20 sequential)`);
    });

    it('streams 5 MB of stdin intact, and a command that ignores stdin still finishes', async () => {
      const data = randomBytes(5 * 1024 * 1024);
      const t = Date.now();
      const r = await c.exec('sha256sum', { stdin: data });
      console.log(`      5 MB through stdin: ${Date.now() - t} ms`);
      expect(r.stdout.split(' ')[0]).to.equal(createHash('sha256').update(data).digest('hex'));
      const ignored = await c.exec('echo done', { stdin: data });
      expect(ignored).to.deep.include({ stdout: 'done\n', exitCode: 0 });
    });

    it('runs 20 commands at once on one connection (at most 8 channels open)', async () => {
      const t = Date.now();
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => c.exec(`sleep 0.3; echo ${i}`)));
      console.log(`      20 parallel commands of 0.3 s: ${Date.now() - t} ms`);
      expect(results.map((r) => r.stdout)).to.deep.equal(Array.from({ length: 20 }, (_, i) => `${i}\n`));
      const quick = Date.now();
      await Promise.all(Array.from({ length: 20 }, () => c.exec('true')));
      console.log(`      20 parallel 'true': ${Date.now() - quick} ms`);
    });

    it('read-only commands share one long-lived shell and give the same results as exec channels', async () => {
      const cases = [
        "printf 'a\\n\\n'; printf ' e ' >&2; exit 3",
        'printf no-newline',
        'cd /; exit 7',
        'set -e; false; echo never',
        'cat; echo read-eof',
        "echo 'it''s' \"$HOME\" >&2",
        'kill -TERM $$',
      ];
      for (const cmd of cases) {
        const viaExec = await c.exec(cmd);
        const viaShell = await c.exec(cmd, { readOnly: true });
        expect({ stdout: viaShell.stdout, stderr: viaShell.stderr, exitCode: viaShell.exitCode }, cmd).to.deep.equal({
          stdout: viaExec.stdout,
          stderr: viaExec.stderr,
          exitCode: viaExec.exitCode,
        });
      }
      // in a subshell $$ is the shell's PID: the same for every read, another one per exec channel
      const shellPids = new Set<string>();
      for (let i = 0; i < 3; i++) shellPids.add((await c.exec('echo $$', { readOnly: true })).stdout);
      expect(shellPids.size).to.equal(1);
      expect((await c.exec('echo $$')).stdout).to.not.be.oneOf([...shellPids]);
      // still in its own working directory after a read did `cd /`
      expect((await c.exec('pwd', { readOnly: true, cwd: '/tmp' })).stdout).to.equal('/tmp\n');
      expect((await c.exec('printf %s "$X"', { readOnly: true, env: { X: "a'b" } })).stdout).to.equal("a'b");
      const t = Date.now();
      for (let i = 0; i < 20; i++) await c.exec('true', { readOnly: true });
      console.log(`      read-shell round trip: ${((Date.now() - t) / 20).toFixed(1)} ms (mean of 20 sequential)`);
    });

    it('a read-only command with 5 MB of output on the shell: intact, and the next read is clean', async () => {
      const t = Date.now();
      const big = await c.exec("head -c 5000000 /dev/zero | tr '\\0' x; echo; head -c 300000 /dev/zero | tr '\\0' y >&2", { readOnly: true });
      console.log(`      5 MB of output through the read shell: ${Date.now() - t} ms`);
      expect(big.stdout).to.equal('x'.repeat(5_000_000) + '\n');
      expect(big.stderr).to.equal('y'.repeat(300_000));
      expect(await c.exec('echo next', { readOnly: true })).to.deep.include({ stdout: 'next\n', stderr: '', exitCode: 0 });
    });

    it('read-only commands issued at once: one on the shell, the others on exec channels, all correct', async () => {
      const results = await Promise.all(Array.from({ length: 12 }, (_, i) => c.exec(`sleep 0.1; echo ${i}; echo e${i} >&2`, { readOnly: true })));
      expect(results.map((r) => r.stdout + r.stderr)).to.deep.equal(Array.from({ length: 12 }, (_, i) => `${i}\ne${i}\n`));
    });

    it('cwd: runs there, and fails when it does not exist', async () => {
      expect((await c.exec('pwd', { cwd: '/tmp' })).stdout).to.equal('/tmp\n');
      const marker = `/tmp/lvsplay-cwd-${randomBytes(4).toString('hex')}`;
      const r = await c.exec(`touch ${marker}`, { cwd: '/nonexistent/dir' });
      expect(r.exitCode).to.not.equal(0);
      expect(existsSync(marker)).to.equal(false);
    });

    it('env values arrive verbatim', async () => {
      const r = await c.exec('printf %s "$X"', { env: { X: "it's $(id) `x` \\n" } });
      expect(r.stdout).to.equal("it's $(id) `x` \\n");
    });

    it('a command timeout kills the remote process (its whole process group)', async () => {
      const marker = `lvsplay-timeout-${randomBytes(4).toString('hex')}`;
      const t = Date.now();
      const err = await rejection(c.exec(`sleep 30 & sleep 31; echo ${marker}`, { timeoutMs: 800 }));
      expect(err).to.be.instanceOf(CommandTimeoutError);
      expect(Date.now() - t).to.be.below(10_000); // well before the 30 s the command would take
      await sleep(300);
      expect(pgrep(marker)).to.equal('');
      // the connection is still usable
      expect((await c.exec('echo ok')).stdout).to.equal('ok\n');
    });
  });

  describe('host keys', () => {
    const marker = (): string => join(sshd.dir, `ran-${randomBytes(4).toString('hex')}`);

    it('refuses an unknown host key; nothing runs', async () => {
      const empty = join(sshd.dir, 'known_hosts_empty');
      writeFileSync(empty, '');
      const m = marker();
      const err = await rejection(connection({ knownHostsPaths: [empty] }).exec(`touch ${m}`));
      expect(err).to.be.instanceOf(HostUnreachableError);
      expect(err.message).to.include(`host key for [127.0.0.1]:${sshd.port} not found in`).and.include('host_key_checking=false').and.include('ssh-keyscan');
      expect(existsSync(m)).to.equal(false);
    });

    it('refuses a changed host key; nothing runs', async () => {
      const other = join(sshd.dir, 'other_host_key');
      if (!existsSync(other)) makeKey(other);
      const changed = join(sshd.dir, 'known_hosts_changed');
      writeFileSync(changed, `[127.0.0.1]:${sshd.port} ${readFileSync(`${other}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')}\n`);
      const m = marker();
      const err = await rejection(connection({ knownHostsPaths: [changed] }).exec(`touch ${m}`));
      expect(err).to.be.instanceOf(HostUnreachableError);
      expect(err.message).to.include('HAS CHANGED').and.include('MITM');
      expect(existsSync(m)).to.equal(false);
    });

    it('accepts a hashed known_hosts entry', async () => {
      const hashed = join(sshd.dir, 'known_hosts_hashed');
      writeFileSync(hashed, readFileSync(sshd.knownHosts));
      execFileSync('ssh-keygen', ['-q', '-H', '-f', hashed], { stdio: 'ignore' });
      expect(readFileSync(hashed, 'utf8')).to.match(/^\|1\|/);
      expect((await connection({ knownHostsPaths: [hashed] }).exec('echo ok')).stdout).to.equal('ok\n');
    });

    it('host_key_checking=false connects to an unknown host', async () => {
      const empty = join(sshd.dir, 'known_hosts_empty');
      writeFileSync(empty, '');
      expect((await connection({ knownHostsPaths: [empty], hostKeyChecking: false }).exec('echo ok')).stdout).to.equal('ok\n');
    });
  });

  describe('host keys as the ssh config says (accept-new, HostKeyAlias, several files)', () => {
    it('accept-new records an unknown host key in the first known_hosts file, then checks it', async () => {
      const fresh = join(sshd.dir, `kh-new-${randomBytes(3).toString('hex')}`);
      const c = connection({ knownHostsPaths: [fresh, sshd.knownHosts], acceptNewHostKeys: true });
      // the key is known from the second file: nothing is written
      expect((await c.exec('echo ok')).stdout).to.equal('ok\n');
      expect(existsSync(fresh)).to.equal(false);
      const c2 = connection({ knownHostsPaths: [fresh], acceptNewHostKeys: true });
      expect((await c2.exec('echo ok')).stdout).to.equal('ok\n');
      expect(readFileSync(fresh, 'utf8')).to.match(new RegExp(`^\\[127\\.0\\.0\\.1\\]:${sshd.port} ssh-ed25519 \\S+\\n$`));
      expect((await connection({ knownHostsPaths: [fresh] }).exec('echo strict')).stdout).to.equal('strict\n');
    });

    it('HostKeyAlias looks the key up under the alias', async () => {
      const aliased = join(sshd.dir, 'kh-alias');
      const line = readFileSync(sshd.knownHosts, 'utf8')
        .split('\n')
        .find((l) => l.trim() !== '')!;
      writeFileSync(aliased, `web-pool ${line.split(' ').slice(1).join(' ')}\n`);
      expect((await connection({ knownHostsPaths: [aliased], hostKeyAlias: 'web-pool' }).exec('echo alias')).stdout).to.equal('alias\n');
      const err = await rejection(connection({ knownHostsPaths: [aliased] }).open());
      expect(err.message).to.include('not found in');
    });
  });

  describe('authentication', () => {
    it('a wrong key is refused as unreachable, naming what was tried', async () => {
      const wrong = join(sshd.dir, 'wrong_key');
      if (!existsSync(wrong)) makeKey(wrong);
      const err = await rejection(connection({ privateKeyPath: wrong }).open());
      expect(err).to.be.instanceOf(HostUnreachableError);
      expect(err.message).to.include('authentication failed');
    });

    it('a passphrase-protected key asks once for its passphrase', async () => {
      const enc = join(sshd.dir, 'enc_key');
      if (!existsSync(enc)) makeKey(enc, 'key-pass-123');
      writeFileSync(join(sshd.dir, 'authorized_keys'), `${readFileSync(`${sshd.clientKey}.pub`, 'utf8')}${readFileSync(`${enc}.pub`, 'utf8')}`);
      const asked: string[] = [];
      const c = connection({ privateKeyPath: enc }, { askPassphrase: async (p) => (asked.push(p), 'key-pass-123') });
      expect((await c.exec('echo ok')).stdout).to.equal('ok\n');
      expect(asked).to.deep.equal([enc]);
      const noPrompt = await rejection(connection({ privateKeyPath: enc }).open());
      expect(noPrompt.message).to.include('encrypted');
      const wrongPass = await rejection(connection({ privateKeyPath: enc }, { askPassphrase: async () => 'nope' }).open());
      expect(wrongPass.message).to.include('wrong passphrase');
    });

    it('ssh-agent through SSH_AUTH_SOCK', async () => {
      const sock = join(sshd.dir, `agent-${randomBytes(3).toString('hex')}.sock`);
      const agent = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
      const saved = process.env.SSH_AUTH_SOCK;
      try {
        for (let i = 0; i < 100 && !existsSync(sock); i++) await sleep(20);
        execFileSync('ssh-add', ['-q', sshd.clientKey], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: 'ignore' });
        process.env.SSH_AUTH_SOCK = sock;
        const { privateKeyPath: _unused, ...noKey } = spec();
        const c = new SshConnection(noKey);
        open.push(c);
        expect((await c.exec('echo agent')).stdout).to.equal('agent\n');
      } finally {
        if (saved === undefined) delete process.env.SSH_AUTH_SOCK;
        else process.env.SSH_AUTH_SOCK = saved;
        agent.kill();
      }
    });

    it('an encrypted key the agent holds goes through the agent, asking nothing (its .pub pairs them, as with ssh)', async () => {
      const enc = join(sshd.dir, 'enc_key');
      if (!existsSync(enc)) makeKey(enc, 'key-pass-123');
      writeFileSync(join(sshd.dir, 'authorized_keys'), `${readFileSync(`${sshd.clientKey}.pub`, 'utf8')}${readFileSync(`${enc}.pub`, 'utf8')}`);
      const sock = join(sshd.dir, `agent-${randomBytes(3).toString('hex')}.sock`);
      const askpass = join(sshd.dir, 'askpass');
      writeFileSync(askpass, '#!/bin/sh\necho key-pass-123\n', { mode: 0o755 });
      const agent = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
      const saved = process.env.SSH_AUTH_SOCK;
      try {
        for (let i = 0; i < 100 && !existsSync(sock); i++) await sleep(20);
        execFileSync('ssh-add', ['-q', enc], {
          env: { ...process.env, SSH_AUTH_SOCK: sock, SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: 'force' },
          stdio: 'ignore',
        });
        process.env.SSH_AUTH_SOCK = sock;
        const asked: string[] = [];
        const c = connection({ privateKeyPath: enc, identitiesOnly: true }, { askPassphrase: async (p) => (asked.push(p), 'key-pass-123') });
        expect((await c.exec('echo via-agent')).stdout).to.equal('via-agent\n');
        expect(asked).to.deep.equal([]);
        // IdentityAgent none: the agent is not asked, so the passphrase is
        const none = connection({ privateKeyPath: enc, identityAgent: 'none' }, { askPassphrase: async (p) => (asked.push(p), 'key-pass-123') });
        expect((await none.exec('echo asked')).stdout).to.equal('asked\n');
        expect(asked).to.deep.equal([enc]);
      } finally {
        if (saved === undefined) delete process.env.SSH_AUTH_SOCK;
        else process.env.SSH_AUTH_SOCK = saved;
        agent.kill();
      }
    });

    it('password authentication', async () => {
      const { privateKeyPath: _unused, ...noKey } = spec({ user: USERS.pw, password: SUDO_PASSWORD });
      const c = new SshConnection({ ...noKey }, {});
      open.push(c);
      expect((await c.exec('id -un')).stdout).to.equal(`${USERS.pw}\n`);
    });

    it('through a jump host (forwardOut)', async () => {
      const c = connection({ via: spec() });
      expect((await c.exec('echo via-jump')).stdout).to.equal('via-jump\n');
    });
  });

  describe('become (sudo)', () => {
    it('without a password (NOPASSWD); stdin passes through', async () => {
      const c = connection({ user: USERS.nopw });
      const r = await c.exec('id -u; cat', { become: { user: 'root' }, stdin: 'content\n' });
      expect(r).to.deep.include({ stdout: '0\ncontent\n', exitCode: 0 });
    });

    it('a password given for a NOPASSWD rule never reaches the command', async () => {
      const c = connection({ user: USERS.nopw });
      const r = await c.exec('cat', { become: { user: 'root', password: 'unused-pw-42' }, stdin: 'content\n' });
      expect(r).to.deep.include({ stdout: 'content\n', stderr: '', exitCode: 0 });
    });

    it('with a password: sudo gets it, the command gets only its stdin', async () => {
      const c = connection({ user: USERS.pw });
      const data = randomBytes(1024 * 1024);
      const r = await c.exec('id -u >&2; sha256sum', { become: { user: 'root', password: SUDO_PASSWORD }, stdin: data });
      expect(r.exitCode, r.stderr).to.equal(0);
      expect(r.stderr).to.equal('0\n');
      expect(r.stdout.split(' ')[0]).to.equal(createHash('sha256').update(data).digest('hex'));
      const twenty = await Promise.all(Array.from({ length: 20 }, (_, i) => c.exec(`echo ${i}`, { become: { user: 'root', password: SUDO_PASSWORD } })));
      expect(twenty.map((x) => x.stdout)).to.deep.equal(Array.from({ length: 20 }, (_, i) => `${i}\n`));
    });

    it('a wrong password fails cleanly and is never shown', async () => {
      const c = connection({ user: USERS.pw });
      const wrong = 'not-the-password-xyzzy';
      const t = Date.now();
      const r: ExecResult = await c.exec('echo ran', { become: { user: 'root', password: wrong }, stdin: 'line1\nline2\nline3\n' });
      expect(Date.now() - t).to.be.below(15_000);
      expect(r.exitCode).to.not.equal(0);
      expect(r.stdout).to.equal('');
      expect(r.stderr).to.include('sudo rejected the become password');
      expect(JSON.stringify(r)).to.not.include(wrong);
    });

    it('a password required but not given: clear error, no hang', async () => {
      const c = connection({ user: USERS.pw });
      const r = await c.exec('echo ran', { become: { user: 'root' } });
      expect(r.exitCode).to.equal(1);
      expect(r.stderr).to.include('a password is required').and.include('-K');
    });

    it('a timeout under become kills the root process too', async () => {
      const c = connection({ user: USERS.pw });
      const marker = `lvsplay-become-timeout-${randomBytes(4).toString('hex')}`;
      const err = await rejection(c.exec(`sleep 30; echo ${marker}`, { become: { user: 'root', password: SUDO_PASSWORD }, timeoutMs: 1000 }));
      expect(err).to.be.instanceOf(CommandTimeoutError);
      expect(err.message).to.not.include(SUDO_PASSWORD);
      await sleep(1500);
      expect(pgrep(marker)).to.equal('');
    });
  });

  describe('failures', () => {
    it('a connection to a closed port fails quickly as unreachable', async () => {
      const port = await freePort();
      const t = Date.now();
      const err = await rejection(connection({ port }).open());
      expect(err).to.be.instanceOf(HostUnreachableError);
      expect(err.message).to.include('connection refused');
      expect(Date.now() - t).to.be.below(4000); // refused, not the 5 s connect timeout
    });

    it('sshd dying mid-run: the pending command and later ones fail as unreachable, nothing crashes', async () => {
      const doomed = await startExtra();
      const c = connection({}, {}, doomed);
      await c.open();
      const pending = rejection(c.exec('sleep 20'));
      await sleep(300);
      doomed.kill();
      const err = await pending;
      expect(err).to.be.instanceOf(HostUnreachableError);
      expect(await rejection(c.exec('true'))).to.be.instanceOf(HostUnreachableError);
    });

    it('keepalive notices a host that stops answering', async () => {
      const frozen = await startExtra();
      const c = connection({}, { keepaliveIntervalMs: 200, keepaliveCountMax: 2 }, frozen);
      await c.open();
      const pending = rejection(c.exec('sleep 20'));
      await sleep(200);
      // SIGSTOP the session processes: the TCP link stays up but nothing answers
      signalTree(frozen.pid, 'SIGSTOP', false);
      const t = Date.now();
      const err = await pending;
      expect(err).to.be.instanceOf(HostUnreachableError);
      expect(Date.now() - t).to.be.below(5000);
    });
  });

  describe('ConnectionPool', () => {
    it('opens each host once, concurrently, and remembers failures', async () => {
      let created = 0;
      const closed = await freePort();
      const specOf = (host: string): ConnectionSpec => spec(host === 'bad' ? { hostName: host, port: closed } : { hostName: host });
      const pool = new ConnectionPool((s) => {
        created++;
        return new SshConnection(s);
      });
      const [a, b, a2] = await Promise.all([pool.get(specOf('a')), pool.get(specOf('b')), pool.get(specOf('a'))]);
      expect(a).to.equal(a2);
      expect(a).to.not.equal(b);
      const e1 = await rejection(pool.get(specOf('bad')));
      const e2 = await rejection(pool.get(specOf('bad')));
      expect(e1).to.be.instanceOf(HostUnreachableError);
      expect(e2).to.equal(e1);
      expect(created).to.equal(3);
      await pool.closeAll();
      expect(await rejection(a.exec('true'))).to.be.instanceOf(HostUnreachableError);
    });
  });
});
