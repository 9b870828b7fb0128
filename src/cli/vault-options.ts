// The vault password options shared by every command that reads user files, and the order in
// which Ansible gathers them: configured identities, --vault-id, --vault-password-file, the
// configured password file, then --ask-vault-pass.
import type { OptionSpec, ParsedArgs } from './args.js';
import type { VaultSecret } from '../vault/keyring.js';
import { DEFAULT_VAULT_ID, parseVaultIdentity, readVaultSecret, type VaultIdentity } from '../vault/password-sources.js';
import { askHidden } from './prompt.js';
import { UserInputError } from '../errors.js';

export const VAULT_OPTIONS: OptionSpec[] = [
  { name: 'ask-vault-pass', short: 'J', kind: 'flag', help: 'ask for the vault password (never echoed)' },
  { name: 'vault-password-file', kind: 'list', valueName: 'FILE', help: 'vault password file, or an executable that prints it (repeatable)' },
  { name: 'vault-id', kind: 'list', valueName: 'LABEL@SOURCE', help: "a vault id and its password: a file, an executable or 'prompt' (repeatable)" },
];

export interface VaultDefaults {
  /** ansible.cfg vault_identity_list / ANSIBLE_VAULT_IDENTITY_LIST. */
  identityList?: string[];
  /** ansible.cfg vault_password_file / ANSIBLE_VAULT_PASSWORD_FILE. */
  passwordFile?: string;
}

export interface VaultSecretsRequest {
  defaults?: VaultDefaults;
  /** Encrypting: a prompt asks twice. */
  newPassword?: boolean;
  /** ansible-vault asks when nothing else gives a password; the playbook commands do not. */
  promptWhenNone?: boolean;
}

const ASK = 'ask';

export async function vaultSecretsFromArgs(args: ParsedArgs, request: VaultSecretsRequest = {}): Promise<VaultSecret[]> {
  const identities: (VaultIdentity | typeof ASK)[] = [
    ...(request.defaults?.identityList ?? []).map(parseVaultIdentity),
    ...(args.lists.get('vault-id') ?? []).map(parseVaultIdentity),
    ...(args.lists.get('vault-password-file') ?? []).map((source) => ({ vaultId: DEFAULT_VAULT_ID, source })),
    ...(request.defaults?.passwordFile !== undefined ? [{ vaultId: DEFAULT_VAULT_ID, source: request.defaults.passwordFile }] : []),
  ];
  if (args.flags.get('ask-vault-pass') || (identities.length === 0 && request.promptWhenNone)) identities.push(ASK);
  const secrets: VaultSecret[] = [];
  for (const identity of identities) {
    if (identity === ASK) {
      const prompt = request.newPassword ? 'New Vault password: ' : 'Vault password: ';
      secrets.push(await readVaultSecret({ vaultId: DEFAULT_VAULT_ID, source: 'prompt' }, askFor(request), prompt));
    } else {
      const prompt = request.newPassword ? `New vault password (${identity.vaultId}): ` : `Vault password (${identity.vaultId}): `;
      secrets.push(await readVaultSecret(identity, askFor(request), prompt));
    }
  }
  return secrets;
}

/** A new password is asked twice on a terminal (piped input gives it once). */
function askFor(request: VaultSecretsRequest): (prompt: string) => Promise<string> {
  if (!request.newPassword || !process.stdin.isTTY) return askHidden;
  return async (prompt) => {
    const first = await askHidden(prompt);
    const again = await askHidden(`Confirm ${prompt.charAt(0).toLowerCase()}${prompt.slice(1)}`);
    if (first !== again) throw new UserInputError('the passwords do not match', undefined, 'the same password twice');
    return first;
  };
}
