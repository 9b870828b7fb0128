// The README's example inventory keeps the ha role's VRRP password in a vault; its password is
// documented there. Tests that load inventory/example open it with this.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VaultSecret } from '../../src/vault/keyring.js';

export const EXAMPLE_VAULT_PASSWORD = 'lvsplay-example';

export const exampleVaultSecrets: VaultSecret[] = [{ vaultId: 'default', password: Buffer.from(EXAMPLE_VAULT_PASSWORD), source: 'example' }];

let passwordFile: string | undefined;

/** A file holding the example vault's password, for `--vault-password-file`. */
export function exampleVaultPasswordFile(): string {
  if (!passwordFile) {
    passwordFile = join(mkdtempSync(join(tmpdir(), 'lvsplay-example-vault-')), 'password');
    writeFileSync(passwordFile, EXAMPLE_VAULT_PASSWORD + '\n', { mode: 0o600 });
  }
  return passwordFile;
}
