// `lvsplay vault edit FILE`: the plaintext goes to a private temporary folder, the user's
// editor ($EDITOR, else vi) opens it, and a changed text is encrypted again for the same vault
// id with the password that opened it. The plaintext file is removed whatever happens.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { UserInputError } from '../../../errors.js';
import { encryptVault } from '../../../vault/cipher.js';
import { openVaultWithSecret, type VaultSecret } from '../../../vault/keyring.js';
import { splitWords } from '../../../util/shell.js';
import { readInput, writeOutput } from './files.js';

export function editVaultFile(file: string, secrets: readonly VaultSecret[]): void {
  const text = readInput(file).toString('utf8');
  // encrypted again with the password that opened it, for the vault id it had
  const { plaintext, secret, vaultId } = openVaultWithSecret(text, { file, line: 1, col: 1 }, secrets);
  const folder = mkdtempSync(join(tmpdir(), 'lvsplay-vault-'));
  try {
    const scratch = join(folder, `plaintext${extname(file)}`);
    writeFileSync(scratch, plaintext, { mode: 0o600 });
    const [editor, ...editorArgs] = splitWords(process.env.EDITOR ?? 'vi');
    const ran = spawnSync(editor ?? 'vi', [...editorArgs, scratch], { stdio: 'inherit' });
    if (ran.error) throw new UserInputError(`cannot start the editor '${editor}': ${ran.error.message}`, undefined, 'an editor in $EDITOR');
    if (ran.status !== 0) throw new UserInputError(`the editor '${editor}' exited with status ${ran.status}; ${file} is unchanged`);
    const edited = readFileSync(scratch);
    if (edited.equals(plaintext)) return;
    writeOutput(file, encryptVault(edited, secret.password, vaultId));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
