// known_hosts matching as OpenSSH does it: plain names, [host]:port, patterns, negation,
// hashed names, @revoked; unknown versus changed keys; which host key algorithms to ask for.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  entryMatchesHost,
  keyTypeOf,
  knownHostsName,
  parseKnownHosts,
  preferredHostKeyAlgorithms,
  verifyHostKey,
} from '../../../src/connection/known-hosts.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lvsplay-kh-'));
  dirs.push(dir);
  return dir;
}

function keyPair(): { type: string; b64: string; raw: Buffer } {
  const dir = tempDir();
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'k')]);
  const [type, b64] = readFileSync(join(dir, 'k.pub'), 'utf8').trim().split(' ') as [string, string];
  return { type, b64, raw: Buffer.from(b64, 'base64') };
}

describe('known_hosts', () => {
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
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
    const dir = tempDir();
    const f = join(dir, 'known_hosts');
    writeFileSync(f, `10.77.0.21 ${a.type} ${a.b64}\n[10.77.0.22]:2222 ${b.type} ${b.b64}\n`);
    execFileSync('ssh-keygen', ['-q', '-H', '-f', f], { stdio: 'ignore' });
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
  it('hashed entries match names case-insensitively, like OpenSSH', () => {
    const dir = tempDir();
    const f = join(dir, 'known_hosts');
    writeFileSync(f, `web1.example ${a.type} ${a.b64}\n`);
    execFileSync('ssh-keygen', ['-q', '-H', '-f', f], { stdio: 'ignore' });
    expect(verifyHostKey(parseKnownHosts(readFileSync(f, 'utf8')), 'WEB1.example', a.raw)).to.deep.equal({ ok: true });
  });
  it('a bracketed [host]:port entry does not match the host on port 22, nor the reverse', () => {
    const entries = parseKnownHosts(`[10.0.0.1]:2222 ${a.type} ${a.b64}\n10.0.0.2 ${a.type} ${a.b64}\n`);
    expect(verifyHostKey(entries, '10.0.0.1', a.raw)).to.deep.equal({ ok: false, reason: 'unknown' });
    expect(verifyHostKey(entries, '[10.0.0.2]:2222', a.raw)).to.deep.equal({ ok: false, reason: 'unknown' });
  });
  it('comments, blank and malformed lines are skipped', () => {
    const entries = parseKnownHosts(`# comment\n\nbroken-line\n10.0.0.1 ${a.type} ${a.b64} trailing comment\n`);
    expect(entries).to.have.length(1);
    expect(entries[0]).to.include({ patterns: '10.0.0.1', keyType: a.type, line: 4 });
  });
  it('the key type is read from the wire-format key', () => {
    expect(keyTypeOf(a.raw)).to.equal('ssh-ed25519');
  });
  it('host key algorithms of known keys are asked for first', () => {
    const entries = parseKnownHosts(`10.0.0.1 ssh-rsa AAAA\n`);
    const algos = preferredHostKeyAlgorithms(entries, '10.0.0.1');
    expect(algos.slice(0, 3)).to.deep.equal(['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
    expect(algos).to.include('ssh-ed25519');
    expect(preferredHostKeyAlgorithms(entries, '10.0.0.9')[0]).to.equal('ssh-ed25519');
  });
  it('@revoked keys are refused, @cert-authority lines ignored', () => {
    const entries = parseKnownHosts(`@revoked * ${a.type} ${a.b64}\n@cert-authority * ${b.type} ${b.b64}\n10.0.0.1 ${a.type} ${a.b64}\n`);
    expect(verifyHostKey(entries, '10.0.0.1', a.raw)).to.deep.equal({ ok: false, reason: 'revoked' });
  });
  it('a @cert-authority line alone does not make a host known', () => {
    const entries = parseKnownHosts(`@cert-authority 10.0.0.1 ${a.type} ${a.b64}\n`);
    expect(verifyHostKey(entries, '10.0.0.1', a.raw)).to.deep.equal({ ok: false, reason: 'unknown' });
  });
});
