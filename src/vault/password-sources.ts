// Where vault passwords come from, as in Ansible: `--vault-id LABEL@SOURCE` (SOURCE a file, an
// executable, or 'prompt'), `--vault-password-file FILE` (the 'default' id), `--ask-vault-pass`.
// A file gives its content without surrounding whitespace; an executable gives what it prints
// (without surrounding line breaks), and one named `*-client[.ext]` is asked for a vault id
// with `--vault-id LABEL`, as Ansible's vault client scripts are.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, extname, resolve } from 'node:path';
import { isExecutable } from '../util/executable.js';
import { UserInputError } from '../errors.js';
import type { VaultSecret } from './keyring.js';

export const DEFAULT_VAULT_ID = 'default';

export interface VaultIdentity {
  vaultId: string;
  /** 'prompt' or a file path. */
  source: string;
}

/** `LABEL@SOURCE` or just `SOURCE` (the 'default' id). */
export function parseVaultIdentity(text: string): VaultIdentity {
  const at = text.indexOf('@');
  const vaultId = at >= 0 ? text.slice(0, at) : DEFAULT_VAULT_ID;
  const source = at >= 0 ? text.slice(at + 1) : text;
  if (source === '') throw new UserInputError(`--vault-id '${text}' names no password source`, undefined, 'LABEL@FILE, LABEL@prompt or FILE');
  if (/[;\s]/.test(vaultId)) throw new UserInputError(`--vault-id '${text}': a vault id cannot contain ';' or spaces`, undefined, 'a plain label');
  return { vaultId: vaultId || DEFAULT_VAULT_ID, source };
}

export type AskPassword = (prompt: string) => Promise<string>;

/** Read one identity's password: prompt, run an executable, or read a file. */
export async function readVaultSecret(identity: VaultIdentity, ask: AskPassword, prompt = `Vault password (${identity.vaultId}): `): Promise<VaultSecret> {
  if (identity.source === 'prompt') {
    const password = await ask(prompt);
    if (password === '') throw new UserInputError(`an empty vault password was given for the vault id '${identity.vaultId}'`, undefined, 'a password');
    return { vaultId: identity.vaultId, password: Buffer.from(password, 'utf8'), source: 'prompt' };
  }
  const file = resolve(identity.source.replace(/^~(?=\/|$)/, homedir()));
  let isFile: boolean;
  try {
    isFile = statSync(file).isFile();
  } catch {
    throw new UserInputError(`the vault password file ${identity.source} was not found`, undefined, 'an existing file or executable');
  }
  if (!isFile) throw new UserInputError(`the vault password file ${identity.source} is not a file`, undefined, 'a file or an executable');
  const password = isExecutable(file) ? runPasswordScript(file, identity.vaultId) : readFileSync(file).toString('utf8').trim();
  if (password === '') throw new UserInputError(`the vault password file ${identity.source} gave an empty password`, undefined, 'a password');
  return { vaultId: identity.vaultId, password: Buffer.from(password, 'utf8'), source: identity.source };
}

function runPasswordScript(file: string, vaultId: string): string {
  const isClient = basename(file, extname(file)).endsWith('-client');
  try {
    const out = execFileSync(file, isClient ? ['--vault-id', vaultId] : [], { stdio: ['inherit', 'pipe', 'inherit'], timeout: 60_000 });
    return out.toString('utf8').replace(/^[\r\n]+|[\r\n]+$/g, '');
  } catch (err) {
    const e = err as { status?: number | null; code?: string };
    const why = e.status != null ? `exited with status ${e.status}` : `could not be run (${e.code ?? 'killed'})`;
    throw new UserInputError(`the vault password script ${file} ${why}`, undefined, 'a script that prints the password and exits 0');
  }
}
