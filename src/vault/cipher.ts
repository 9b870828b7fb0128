// Vault's cipher, AES256 in Ansible's naming: PBKDF2-HMAC-SHA256 (10000 rounds, a 32-byte
// random salt) stretches the password into 80 bytes: the AES-256 key, the HMAC-SHA256 key and
// the CTR counter's initial block. The plaintext is PKCS#7-padded to the AES block, and the
// HMAC over the ciphertext is what tells a wrong password from a right one.
import { createCipheriv, createDecipheriv, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { formatEnvelope, parseEnvelope, type VaultEnvelope } from './envelope.js';

const ROUNDS = 10_000;
const BLOCK = 16;

interface DerivedKeys {
  cipherKey: Buffer;
  hmacKey: Buffer;
  counter: Buffer;
}

function deriveKeys(password: Buffer, salt: Buffer): DerivedKeys {
  const bytes = pbkdf2Sync(password, salt, ROUNDS, 80, 'sha256');
  return { cipherKey: bytes.subarray(0, 32), hmacKey: bytes.subarray(32, 64), counter: bytes.subarray(64, 80) };
}

function hmacOf(key: Buffer, data: Buffer): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** Encrypt to vault text (1.1, or 1.2 when vaultId is given and not 'default'). */
export function encryptVault(plaintext: Buffer, password: Buffer, vaultId?: string): string {
  const salt = randomBytes(32);
  const keys = deriveKeys(password, salt);
  const padLength = BLOCK - (plaintext.length % BLOCK);
  const padded = Buffer.concat([plaintext, Buffer.alloc(padLength, padLength)]);
  const cipher = createCipheriv('aes-256-ctr', keys.cipherKey, keys.counter);
  const ciphertext = Buffer.concat([cipher.update(padded), cipher.final()]);
  return formatEnvelope({ salt, hmac: hmacOf(keys.hmacKey, ciphertext), ciphertext }, vaultId);
}

/** The plaintext, or undefined when this password does not open the vault. */
export function decryptEnvelope(envelope: VaultEnvelope, password: Buffer): Buffer | undefined {
  const keys = deriveKeys(password, envelope.salt);
  const expected = hmacOf(keys.hmacKey, envelope.ciphertext);
  if (expected.length !== envelope.hmac.length || !timingSafeEqual(expected, envelope.hmac)) return undefined;
  const decipher = createDecipheriv('aes-256-ctr', keys.cipherKey, keys.counter);
  const padded = Buffer.concat([decipher.update(envelope.ciphertext), decipher.final()]);
  const padLength = padded[padded.length - 1] ?? 0;
  // The HMAC matched, so bad padding means the file was made by something else: keep it all.
  if (padLength < 1 || padLength > BLOCK || padLength > padded.length) return padded;
  return padded.subarray(0, padded.length - padLength);
}

/** Convenience for one password: parse, then decrypt. */
export function decryptVault(text: string, password: Buffer): Buffer | undefined {
  return decryptEnvelope(parseEnvelope(text), password);
}
