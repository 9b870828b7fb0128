// The vault passwords of this run, and opening vaults with them. The CLI fills it once from
// --ask-vault-pass / --vault-password-file / --vault-id before anything is loaded; every loader
// of user files (YAML, inventories) opens vaults through here, so none needs the passwords
// passed down to it, as Ansible's data loader holds its vault secrets.
import { UserInputError, type SourceLocation } from '../errors.js';
import { decryptEnvelope } from './cipher.js';
import { isVaultText, parseEnvelope } from './envelope.js';
import { rememberRevealed } from './revealed.js';

export interface VaultSecret {
  /** The vault id (label) it was given for; 'default' when none. */
  vaultId: string;
  password: Buffer;
  /** Where it came from, for messages: 'prompt' or a file. */
  source: string;
}

let secrets: readonly VaultSecret[] = [];

export function useVaultSecrets(list: readonly VaultSecret[]): void {
  secrets = list;
}

export function vaultSecrets(): readonly VaultSecret[] {
  return secrets;
}

const HOW_TO_GIVE = '--ask-vault-pass, --vault-password-file FILE or --vault-id LABEL@SOURCE';

/**
 * Decrypt vault text with the run's passwords. As Ansible: the secrets for the vault's own id
 * first, then the others. Any failure is one located line.
 */
export function openVault(text: string, where: SourceLocation, given: readonly VaultSecret[] = secrets): Buffer {
  return openVaultWithSecret(text, where, given).plaintext;
}

/** As openVault, also saying which secret opened it (to encrypt an edited text again). */
export function openVaultWithSecret(
  text: string,
  where: SourceLocation,
  given: readonly VaultSecret[],
): { plaintext: Buffer; secret: VaultSecret; vaultId?: string } {
  let envelope: ReturnType<typeof parseEnvelope>;
  try {
    envelope = parseEnvelope(text);
  } catch (err) {
    throw new UserInputError(`damaged Ansible Vault: ${(err as Error).message}`, where, 'vault text as ansible-vault writes it');
  }
  if (given.length === 0) throw new UserInputError('this is encrypted with Ansible Vault and no vault password was given', where, HOW_TO_GIVE);
  const ordered = [...given.filter((s) => s.vaultId === envelope.vaultId), ...given.filter((s) => s.vaultId !== envelope.vaultId)];
  for (const secret of ordered) {
    const plaintext = decryptEnvelope(envelope, secret.password);
    if (plaintext) return { plaintext, secret, ...(envelope.vaultId !== undefined ? { vaultId: envelope.vaultId } : {}) };
  }
  const tried = given.map((s) => `${s.vaultId}@${s.source}`).join(', ');
  const forId = envelope.vaultId ? ` (vault id '${envelope.vaultId}')` : '';
  throw new UserInputError(
    `wrong vault password: none of the passwords given (${tried}) opens this vault${forId}`,
    where,
    'the password it was encrypted with',
  );
}

/** A file's text, decrypted when the whole file is a vault. */
export function openIfVaulted(text: string, file: string): { text: string; vaulted: boolean } {
  if (!isVaultText(text)) return { text, vaulted: false };
  return { text: openVault(text, { file, line: 1, col: 1 }).toString('utf8'), vaulted: true };
}

/** An inline `!vault |` scalar's value. */
export function openInlineVault(text: string, where: SourceLocation): string {
  const value = openVault(text, where).toString('utf8');
  rememberRevealed(value);
  return value;
}
