// OpenSSH known_hosts checking: plain and [host]:port names, comma-separated patterns with
// * and ? wildcards and ! negation, hashed names (|1|salt|hash), @revoked keys; @cert-authority
// lines are ignored (lvsplay does not do host certificates).
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { globMatch } from './openssh/patterns.js';

export interface KnownHostEntry {
  marker?: '@revoked' | '@cert-authority';
  patterns: string;
  keyType: string;
  key: string; // base64
  line: number;
}

export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') marker = fields.shift() as KnownHostEntry['marker'];
    const [patterns, keyType, key] = fields;
    if (!patterns || !keyType || !key) return;
    entries.push({ ...(marker ? { marker } : {}), patterns, keyType, key, line: i + 1 });
  });
  return entries;
}

/** The name OpenSSH looks up: "addr" on port 22, "[addr]:port" otherwise. */
export function knownHostsName(address: string, port: number): string {
  return port === 22 ? address : `[${address}]:${port}`;
}

export function entryMatchesHost(entry: KnownHostEntry, hostName: string): boolean {
  const name = hostName.toLowerCase(); // OpenSSH lowercases names before matching and hashing
  if (entry.patterns.startsWith('|1|')) {
    const [, , salt, hash] = entry.patterns.split('|');
    if (!salt || !hash) return false;
    const digest = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
    return digest === hash;
  }
  let matched = false;
  for (const p of entry.patterns.split(',')) {
    if (p.startsWith('!')) {
      if (globMatch(p.slice(1), name, true)) return false;
    } else if (globMatch(p, name, true)) matched = true;
  }
  return matched;
}

export type HostKeyVerdict = { ok: true } | { ok: false; reason: 'unknown' | 'changed' | 'revoked' };

/** Decide about a presented key (raw SSH wire format) for `name`. */
export function verifyHostKey(entries: KnownHostEntry[], name: string, presented: Buffer): HostKeyVerdict {
  const presentedB64 = presented.toString('base64');
  const presentedType = keyTypeOf(presented);
  let sawHost = false;
  for (const e of entries) {
    if (e.marker === '@cert-authority' || !entryMatchesHost(e, name)) continue;
    if (e.marker === '@revoked') {
      if (e.key === presentedB64) return { ok: false, reason: 'revoked' };
      continue;
    }
    if (e.key === presentedB64) return { ok: true };
    if (e.keyType === presentedType) sawHost = true;
  }
  return { ok: false, reason: sawHost ? 'changed' : 'unknown' };
}

const ALGORITHMS_OF_KEY_TYPE: Record<string, string[]> = {
  'ssh-ed25519': ['ssh-ed25519'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
};
const DEFAULT_HOST_KEY_ALGORITHMS = Object.values(ALGORITHMS_OF_KEY_TYPE).flat();

/**
 * Host key algorithms to offer, those of keys already known for `name` first (as OpenSSH does),
 * so a host known by its RSA key is not asked for its ed25519 key and then called unknown.
 */
export function preferredHostKeyAlgorithms(entries: KnownHostEntry[], name: string): string[] {
  const known = entries.filter((e) => e.marker === undefined && entryMatchesHost(e, name)).flatMap((e) => ALGORITHMS_OF_KEY_TYPE[e.keyType] ?? []);
  return [...new Set([...known, ...DEFAULT_HOST_KEY_ALGORITHMS])];
}

/** The key type string at the start of an SSH wire-format public key. */
export function keyTypeOf(key: Buffer): string {
  if (key.length < 4) return '';
  const len = key.readUInt32BE(0);
  return key.subarray(4, 4 + len).toString('latin1');
}

export function readKnownHosts(path: string): KnownHostEntry[] {
  try {
    return parseKnownHosts(readFileSync(path, 'utf8'));
  } catch {
    return [];
  }
}
