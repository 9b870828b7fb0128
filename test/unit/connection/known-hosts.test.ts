// known_hosts matching as OpenSSH does it: plain names, [host]:port, patterns, negation,
// hashed names, @revoked; unknown versus changed keys.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { entryMatchesHost, knownHostsName, parseKnownHosts, verifyHostKey } from '../../../src/connection/known-hosts.js';
import { wrapCommand } from '../../../src/connection/wrap-command.js';

function keyPair(): { type: string; b64: string; raw: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'lvsplay-kh-'));
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'k')]);
  const [type, b64] = readFileSync(join(dir, 'k.pub'), 'utf8').trim().split(' ') as [string, string];
  return { type, b64, raw: Buffer.from(b64, 'base64') };
}

describe('known_hosts', () => {
  const a = keyPair();
  const b = keyPair();

  it('names: port 22 plain, other ports bracketed', () => {
    expect(knownHostsName('10.0.0.1', 22)).to.equal('10.0.0.1');
    expect(knownHostsName('10.0.0.1', 2222)).to.equal('[10.0.0.1]:2222');
  });
  it('plain, comma lists, wildcards and negation', () => {
    const [e] = parseKnownHosts(`web1,10.0.0.*,!10.0.0.9 ${a.type} ${a.b64}\n`);
    expect(entryMatchesHost(e!, 'web1')).to.equal(true);
    expect(entryMatchesHost(e!, '10.0.0.5')).to.equal(true);
    expect(entryMatchesHost(e!, '10.0.0.9')).to.equal(false);
    expect(entryMatchesHost(e!, 'web2')).to.equal(false);
  });
  it('hashed entries written by ssh-keygen -H', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lvsplay-kh-'));
    const f = join(dir, 'known_hosts');
    writeFileSync(f, `10.77.0.21 ${a.type} ${a.b64}\n[10.77.0.22]:2222 ${b.type} ${b.b64}\n`);
    execFileSync('ssh-keygen', ['-q', '-H', '-f', f]);
    const text = readFileSync(f, 'utf8');
    expect(text).to.not.include('10.77.0.21');
    const entries = parseKnownHosts(text);
    expect(verifyHostKey(entries, '10.77.0.21', a.raw)).to.deep.equal({ ok: true });
    expect(verifyHostKey(entries, '[10.77.0.22]:2222', b.raw)).to.deep.equal({ ok: true });
    expect(verifyHostKey(entries, '10.77.0.23', a.raw)).to.deep.equal({ ok: false, reason: 'unknown' });
  });
  it('a different key of the same type for a known host is "changed"', () => {
    const entries = parseKnownHosts(`10.0.0.1 ${a.type} ${a.b64}\n`);
    expect(verifyHostKey(entries, '10.0.0.1', b.raw)).to.deep.equal({ ok: false, reason: 'changed' });
  });
  it('@revoked keys are refused, @cert-authority lines ignored', () => {
    const entries = parseKnownHosts(`@revoked * ${a.type} ${a.b64}\n@cert-authority * ${b.type} ${b.b64}\n10.0.0.1 ${a.type} ${a.b64}\n`);
    expect(verifyHostKey(entries, '10.0.0.1', a.raw)).to.deep.equal({ ok: false, reason: 'revoked' });
  });
});

describe('command wrapping (one place for cwd, env and become)', () => {
  it('a missing cwd fails the command instead of running it elsewhere', () => {
    const w = wrapCommand('pwd', { cwd: '/nonexistent dir' });
    const out = (() => {
      try {
        return execFileSync('/bin/sh', ['-c', w.command], { stdio: 'pipe' }).toString();
      } catch (err) {
        return `failed ${(err as { status: number }).status}`;
      }
    })();
    expect(out).to.equal('failed 1');
  });
  it('environment values are quoted', () => {
    const w = wrapCommand('printf %s "$X"', { env: { X: "a'b $(id)" } });
    expect(execFileSync('/bin/sh', ['-c', w.command]).toString()).to.equal("a'b $(id)");
  });
  it('the sudo password goes to stdin, never into the command line', () => {
    const w = wrapCommand('id', { become: { user: 'root', password: 'pw-xyz' }, stdin: 'data' });
    expect(w.command).to.not.include('pw-xyz');
    expect(w.command).to.include('sudo -k -S');
    expect(w.stdin?.toString()).to.equal('pw-xyz\ndata');
  });
  it('without a password sudo never waits for one', () => {
    expect(wrapCommand('id', { become: { user: 'postgres' } }).command).to.match(/^sudo -n -H -u postgres -- \/bin\/sh -c /);
  });
});
