// `lvsplay vault encrypt|decrypt|view|edit|encrypt_string`, as ansible-vault: files and strings
// it makes open with ansible-vault and the other way round.
import { formatOptions, parseArgs, type OptionSpec, type ParsedArgs } from '../../args.js';
import { EXIT } from '../../exit-codes.js';
import { UserInputError } from '../../../errors.js';
import { VAULT_OPTIONS, vaultSecretsFromArgs } from '../../vault-options.js';
import { encryptVault } from '../../../vault/cipher.js';
import { isVaultText } from '../../../vault/envelope.js';
import { openVault, type VaultSecret } from '../../../vault/keyring.js';
import { askHidden } from '../../prompt.js';
import { readInput, writeOutput } from './files.js';
import { commandConfig, vaultDefaultsOf } from '../../ansible-settings.js';
import { editVaultFile } from './edit.js';

const OPTIONS: OptionSpec[] = [
  ...VAULT_OPTIONS,
  { name: 'encrypt-vault-id', kind: 'value', valueName: 'LABEL', help: 'the vault id to encrypt for (needed when several are given)' },
  { name: 'output', kind: 'value', valueName: 'FILE', help: "encrypt, decrypt, encrypt_string: write here instead ('-' is standard output)" },
  { name: 'name', short: 'n', kind: 'list', valueName: 'VAR', help: 'encrypt_string: the variable name of each string (repeatable, in order)' },
  { name: 'stdin-name', kind: 'value', valueName: 'VAR', help: 'encrypt_string: the variable name for the string read from standard input' },
  { name: 'prompt', short: 'p', kind: 'flag', help: 'encrypt_string: ask for the string (never echoed)' },
  { name: 'help', short: 'h', kind: 'flag', help: 'show this help' },
];

const ACTIONS = ['encrypt', 'decrypt', 'view', 'edit', 'encrypt_string'] as const;
type Action = (typeof ACTIONS)[number];

export function vaultHelp(): string {
  return [
    'Usage: lvsplay vault ACTION [options] [FILE|STRING ...]',
    '',
    'Ansible Vault files and strings, interchangeable with ansible-vault:',
    '  encrypt [FILE...]          encrypt files in place (none, or -, : standard input to standard output)',
    '  decrypt [FILE...]          decrypt files in place (none, or -, : standard input to standard output)',
    '  view FILE...               print the decrypted text',
    '  edit FILE                  decrypt into $EDITOR, encrypt again when changed',
    '  encrypt_string [STRING...] a `!vault |` value to paste into YAML (none: standard input)',
    '',
    'Without a password option, the password is asked for. Files written are private to you (0600).',
    '',
    'Options:',
    formatOptions(OPTIONS),
  ].join('\n');
}

export default async function vault(argv: string[]): Promise<number> {
  const args = parseArgs(argv, OPTIONS, 'vault');
  const [action, ...operands] = args.positionals;
  if (args.flags.get('help') || action === undefined) {
    process.stdout.write(vaultHelp() + '\n');
    return args.flags.get('help') ? EXIT.ok : EXIT.usage;
  }
  if (!(ACTIONS as readonly string[]).includes(action)) throw new UserInputError(`lvsplay vault: unknown action '${action}'`, undefined, ACTIONS.join(', '));
  switch (action as Action) {
    case 'encrypt':
      return encryptFiles(operands, args);
    case 'decrypt':
      return decryptFiles(operands, args);
    case 'view':
      return viewFiles(operands, args);
    case 'edit':
      return editFile(operands, args);
    case 'encrypt_string':
      return encryptStrings(operands, args);
  }
}

async function encryptFiles(files: string[], args: ParsedArgs): Promise<number> {
  const inputs = files.length ? files : ['-'];
  const output = outputOf(args, inputs);
  const secret = await encryptingSecret(args);
  for (const file of inputs) {
    const data = readInput(file);
    if (isVaultText(data.toString('latin1'))) throw new UserInputError(`${file} is already encrypted with Ansible Vault`, undefined, 'a plaintext file');
    writeOutput(output ?? file, encryptVault(data, secret.password, secret.vaultId));
  }
  return EXIT.ok;
}

async function decryptFiles(files: string[], args: ParsedArgs): Promise<number> {
  const inputs = files.length ? files : ['-'];
  const output = outputOf(args, inputs);
  const secrets = await vaultSecretsFromArgs(args, { promptWhenNone: true, defaults: vaultDefaultsOf(commandConfig()) });
  for (const file of inputs) writeOutput(output ?? file, openFile(file, secrets));
  return EXIT.ok;
}

async function viewFiles(files: string[], args: ParsedArgs): Promise<number> {
  if (files.length === 0) throw new UserInputError('lvsplay vault view: no file given', undefined, 'lvsplay vault view FILE');
  const secrets = await vaultSecretsFromArgs(args, { promptWhenNone: true, defaults: vaultDefaultsOf(commandConfig()) });
  for (const file of files) process.stdout.write(openFile(file, secrets));
  return EXIT.ok;
}

async function editFile(files: string[], args: ParsedArgs): Promise<number> {
  if (files.length !== 1) throw new UserInputError('lvsplay vault edit: give one file', undefined, 'lvsplay vault edit FILE');
  editVaultFile(files[0]!, await vaultSecretsFromArgs(args, { promptWhenNone: true, defaults: vaultDefaultsOf(commandConfig()) }));
  return EXIT.ok;
}

async function encryptStrings(strings: string[], args: ParsedArgs): Promise<number> {
  const names = args.lists.get('name') ?? [];
  const stdinName = args.values.get('stdin-name');
  const secret = await encryptingSecret(args);
  const values: { name?: string; text: string }[] = strings.map((text, i) => ({ ...(names[i] !== undefined ? { name: names[i] } : {}), text }));
  if (args.flags.get('prompt')) {
    const text = await askHidden('String to encrypt: ');
    values.push({ ...(names[strings.length] !== undefined ? { name: names[strings.length]! } : {}), text });
  }
  if (stdinName !== undefined || values.length === 0)
    values.push({ ...(stdinName !== undefined ? { name: stdinName } : {}), text: readInput('-').toString('utf8') });
  const blocks = values.map(({ name, text }) => {
    const vaultText = encryptVault(Buffer.from(text, 'utf8'), secret.password, secret.vaultId);
    const indented = vaultText
      .trimEnd()
      .split('\n')
      .map((l) => `          ${l}`)
      .join('\n');
    return `${name !== undefined ? `${name}: ` : ''}!vault |\n${indented}\n`;
  });
  writeOutput(args.values.get('output') ?? '-', blocks.join(''));
  return EXIT.ok;
}

function openFile(file: string, secrets: readonly VaultSecret[]): Buffer {
  const text = readInput(file).toString('utf8');
  if (!isVaultText(text)) throw new UserInputError(`${file} is not encrypted with Ansible Vault`, undefined, 'a file made by ansible-vault or lvsplay vault');
  return openVault(text, { file, line: 1, col: 1 }, secrets);
}

/** --output takes one input; with several files it would keep only the last. */
function outputOf(args: ParsedArgs, inputs: string[]): string | undefined {
  const output = args.values.get('output');
  if (output !== undefined && inputs.length > 1) throw new UserInputError('--output takes one input file', undefined, 'one FILE with --output');
  return output ?? (inputs[0] === '-' ? '-' : undefined);
}

/** The password to encrypt with: the only one given, or the one --encrypt-vault-id names. */
async function encryptingSecret(args: ParsedArgs): Promise<VaultSecret> {
  const secrets = await vaultSecretsFromArgs(args, { newPassword: true, promptWhenNone: true, defaults: vaultDefaultsOf(commandConfig()) });
  const wanted = args.values.get('encrypt-vault-id');
  if (wanted !== undefined) {
    const found = secrets.find((s) => s.vaultId === wanted);
    if (!found) throw new UserInputError(`--encrypt-vault-id '${wanted}' has no password`, undefined, `a --vault-id ${wanted}@SOURCE`);
    return found;
  }
  if (secrets.length > 1)
    throw new UserInputError(`several vault ids were given (${secrets.map((s) => s.vaultId).join(', ')})`, undefined, '--encrypt-vault-id LABEL to choose one');
  return secrets[0]!;
}
