// The text form of an Ansible Vault: a header line, then the payload in hex, 80 characters a
// line. `$ANSIBLE_VAULT;1.1;AES256` carries no vault id; `$ANSIBLE_VAULT;1.2;AES256;LABEL` names
// the id it was encrypted for. The payload is itself the hex of three lines: salt, HMAC and
// ciphertext, each in hex (the format is documented with ansible-vault; learned from it and
// from files it makes).

export const VAULT_MARKER = '$ANSIBLE_VAULT';
const LINE_WIDTH = 80;

export interface VaultEnvelope {
  version: '1.1' | '1.2';
  /** The vault id of a 1.2 envelope; undefined for 1.1. */
  vaultId?: string;
  salt: Buffer;
  hmac: Buffer;
  ciphertext: Buffer;
}

/** True when text is a vault (as a whole file or an inline `!vault` value). */
export function isVaultText(text: string): boolean {
  return text.trimStart().startsWith(VAULT_MARKER + ';');
}

/** Parse a vault's text; throws Error with a short reason when it is not a well-formed vault. */
export function parseEnvelope(text: string): VaultEnvelope {
  const lines = text.trim().split(/\r?\n/);
  const header = (lines.shift() ?? '').trim().split(';');
  const [marker, version, cipher, vaultId] = header;
  if (marker !== VAULT_MARKER) throw new Error('not an Ansible Vault (no $ANSIBLE_VAULT header)');
  if (version !== '1.1' && version !== '1.2') throw new Error(`unsupported vault format version '${version ?? ''}'`);
  if (cipher !== 'AES256') throw new Error(`unsupported vault cipher '${cipher ?? ''}'`);
  if (version === '1.2' && !vaultId) throw new Error('a 1.2 vault header without a vault id');
  const hex = lines.map((l) => l.trim()).join('');
  if (hex === '' || !/^([0-9a-fA-F]{2})+$/.test(hex)) throw new Error('the vault payload is not hexadecimal');
  const parts = Buffer.from(hex, 'hex').toString('latin1').split('\n');
  if (parts.length !== 3 || !parts.every((p) => /^([0-9a-fA-F]{2})+$/.test(p))) throw new Error('the vault payload is damaged');
  const [salt, hmac, ciphertext] = parts.map((p) => Buffer.from(p, 'hex')) as [Buffer, Buffer, Buffer];
  return { version, ...(version === '1.2' ? { vaultId: vaultId! } : {}), salt, hmac, ciphertext };
}

/** The vault text, with a trailing newline. A vault id other than 'default' makes it 1.2. */
export function formatEnvelope(parts: { salt: Buffer; hmac: Buffer; ciphertext: Buffer }, vaultId?: string): string {
  const header = vaultId !== undefined && vaultId !== 'default' ? `${VAULT_MARKER};1.2;AES256;${vaultId}` : `${VAULT_MARKER};1.1;AES256`;
  const inner = [parts.salt, parts.hmac, parts.ciphertext].map((b) => b.toString('hex')).join('\n');
  const hex = Buffer.from(inner, 'latin1').toString('hex');
  const lines = [header];
  for (let i = 0; i < hex.length; i += LINE_WIDTH) lines.push(hex.slice(i, i + LINE_WIDTH));
  return lines.join('\n') + '\n';
}
