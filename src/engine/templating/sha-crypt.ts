// SHA-crypt ($5$ / $6$), the scheme of glibc's crypt(3) as Ulrich Drepper specified it in
// "Unix crypt using SHA-256 and SHA-512": what Ansible's password_hash filter produces for
// sha256 / sha512. Written from the specification.
import { createHash, hash as oneShotHash, randomBytes } from 'node:crypto';

const ALPHABET = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export type ShaCryptKind = 'sha256' | 'sha512';

const SCHEMES = {
  sha256: { ident: '5', length: 32, groups: 10, stride: 10, last: [0, 31, 30], lastChars: 3, defaultRounds: 535_000 },
  sha512: { ident: '6', length: 64, groups: 21, stride: 21, last: [0, 0, 63], lastChars: 2, defaultRounds: 656_000 },
} as const;

function digest(kind: ShaCryptKind, ...parts: Buffer[]): Buffer {
  const h = createHash(kind);
  for (const p of parts) h.update(p);
  return h.digest();
}

/** `source` repeated to exactly `length` bytes. */
function stretch(source: Buffer, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i += source.length) source.copy(out, i, 0, Math.min(source.length, length - i));
  return out;
}

/** The scheme's own base64: groups of three bytes in a fixed shuffled order, least significant six bits first. */
function encode(kind: ShaCryptKind, hash: Buffer): string {
  const s = SCHEMES[kind];
  let out = '';
  const put = (b2: number, b1: number, b0: number, chars: number): void => {
    let w = (b2 << 16) | (b1 << 8) | b0;
    for (let i = 0; i < chars; i++, w >>= 6) out += ALPHABET[w & 0x3f];
  };
  for (let k = 0; k < s.groups; k++) {
    const a = k;
    const b = k + s.stride;
    const c = k + 2 * s.stride;
    // the order of the three bytes rotates with each group
    const order =
      kind === 'sha512'
        ? [
            [a, b, c],
            [b, c, a],
            [c, a, b],
          ][k % 3]!
        : [
            [a, b, c],
            [c, a, b],
            [b, c, a],
          ][k % 3]!;
    put(hash[order[0]!]!, hash[order[1]!]!, hash[order[2]!]!, 4);
  }
  // the last one or two bytes: (0, 0, b63) for SHA-512, (0, b31, b30) for SHA-256
  const [, y, z] = s.last;
  put(0, kind === 'sha512' ? 0 : hash[y]!, hash[z]!, s.lastChars);
  return out;
}

/** A random salt of the scheme's alphabet (16 characters, the most SHA-crypt uses). */
export function randomSalt(length = 16): string {
  return [...randomBytes(length)].map((b) => ALPHABET[b & 0x3f]).join('');
}

/**
 * crypt(password, "$6$rounds=N$salt"). The salt is cut to 16 characters; rounds are clamped
 * to 1000..999999999. `rounds` undefined means the scheme's 5000, left out of the result.
 */
export function shaCrypt(kind: ShaCryptKind, password: string, salt: string, rounds?: number): string {
  const p = Buffer.from(password, 'utf8');
  const saltText = salt.slice(0, 16);
  const s = Buffer.from(saltText, 'utf8');
  const n = rounds === undefined ? 5000 : Math.min(Math.max(Math.trunc(rounds), 1000), 999_999_999);
  const length = SCHEMES[kind].length;

  const b = digest(kind, p, s, p);
  const aParts: Buffer[] = [p, s, stretch(b, p.length)];
  for (let bits = p.length; bits > 0; bits >>= 1) aParts.push(bits & 1 ? b : p);
  const a = digest(kind, ...aParts);
  const pBytes = stretch(digest(kind, ...Array<Buffer>(p.length).fill(p)), p.length);
  const sBytes = stretch(digest(kind, ...Array<Buffer>(16 + a[0]!).fill(s)), s.length);

  // hundreds of thousands of rounds: one reused buffer and one-shot hashing keep it fast
  let c = a;
  const round = Buffer.alloc(2 * Math.max(length, pBytes.length) + sBytes.length + pBytes.length);
  for (let i = 0; i < n; i++) {
    let at = (i & 1 ? pBytes : c).copy(round, 0);
    if (i % 3 !== 0) at += sBytes.copy(round, at);
    if (i % 7 !== 0) at += pBytes.copy(round, at);
    at += (i & 1 ? c : pBytes).copy(round, at);
    c = oneShotHash(kind, round.subarray(0, at), 'buffer');
  }
  if (c.length !== length) throw new Error(`sha-crypt: ${kind} digest has ${c.length} bytes`);
  const settings = rounds === undefined ? `$${SCHEMES[kind].ident}$${saltText}` : `$${SCHEMES[kind].ident}$rounds=${n}$${saltText}`;
  return `${settings}$${encode(kind, c)}`;
}
