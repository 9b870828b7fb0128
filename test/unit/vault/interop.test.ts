// Interop both ways with ansible-vault 2.14: what it makes, lvsplay opens (files, 1.2 vault ids,
// inline strings); what `lvsplay vault` makes, ansible-vault opens. ansible-vault takes most of
// a second to start, so it runs four times in all: three to make files, one to read ours.
import { expect } from 'chai';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ansibleVault, hasAnsibleVault } from '../../helpers/ansible-vault.js';
import { runCli } from '../../helpers/cli.js';
import { removeDir, scratchDir } from '../../helpers/scratch.js';
import { loadYamlFile } from '../../../src/engine/yaml-source.js';
import { useVaultSecrets, type VaultSecret } from '../../../src/vault/keyring.js';

const secret = (password: string, vaultId = 'default'): VaultSecret => ({ vaultId, password: Buffer.from(password), source: 'test' });

describe('vault: interop with ansible-vault', function () {
  this.timeout(120_000);
  let dir: string;
  const inDir = (name: string): string => join(dir, name);
  before(function () {
    if (!hasAnsibleVault()) {
      console.log('    (ansible-vault is not installed: scripts/setup.sh installs ansible-core)');
      this.skip();
    }
    dir = scratchDir('lvsplay-vault-');
    writeFileSync(inDir('pass'), 'correct horse\n');
    writeFileSync(inDir('prodpass'), 'prod-only\n');
    writeFileSync(inDir('vault.yml'), 'vault_vrrp_pass: s3cr3t!\nports: [80, 443]\n');
    writeFileSync(inDir('c.yml'), 'c: 3\n');
    writeFileSync(inDir('prod.yml'), 'db: prod\n');
    writeFileSync(inDir('e.yml'), 'e: old\n');
    ansibleVault(['encrypt', '--vault-password-file', 'pass', 'vault.yml', 'c.yml'], { cwd: dir });
    ansibleVault(['encrypt', '--vault-id', 'prod@prodpass', 'prod.yml', 'e.yml'], { cwd: dir });
    const strings = ansibleVault(['encrypt_string', '--vault-password-file', 'pass', '-n', 'one', '-n', 'two', 'plain value', 'line 1\nzwei – ü\n'], {
      cwd: dir,
    });
    writeFileSync(inDir('inline.yml'), `${strings}\nplain: text\n`);
  });
  afterEach(() => useVaultSecrets([]));
  after(() => dir && removeDir(dir));

  it('opens a file ansible-vault encrypted (1.1)', () => {
    expect(readFileSync(inDir('vault.yml'), 'utf8').startsWith('$ANSIBLE_VAULT;1.1;AES256\n')).to.equal(true);
    useVaultSecrets([secret('correct horse')]);
    expect(loadYamlFile(inDir('vault.yml'))).to.deep.equal({ vault_vrrp_pass: 's3cr3t!', ports: [80, 443] });
  });

  it('opens a 1.2 file with a vault id, among several passwords', () => {
    expect(readFileSync(inDir('prod.yml'), 'utf8').split('\n')[0]).to.equal('$ANSIBLE_VAULT;1.2;AES256;prod');
    useVaultSecrets([secret('correct horse'), secret('prod-only', 'prod')]);
    expect(loadYamlFile(inDir('prod.yml'))).to.deep.equal({ db: 'prod' });
  });

  it('reads inline `!vault |` values from ansible-vault encrypt_string, multi-line and unicode too', () => {
    useVaultSecrets([secret('correct horse')]);
    expect(loadYamlFile(inDir('inline.yml'))).to.deep.equal({ one: 'plain value', two: 'line 1\nzwei – ü\n', plain: 'text' });
  });

  it('lvsplay vault view and decrypt open ansible-vault files (decrypt: in place, or standard input to standard output)', async () => {
    const view = await runCli(['vault', 'view', '--vault-id', 'prod@prodpass', 'prod.yml'], { cwd: dir });
    expect(view.stdout, view.stderr).to.equal('db: prod\n');
    const piped = await runCli(['vault', 'decrypt', '--vault-password-file', 'pass'], { cwd: dir, input: readFileSync(inDir('c.yml'), 'utf8') });
    expect(piped.stdout, piped.stderr).to.equal('c: 3\n');
    const dec = await runCli(['vault', 'decrypt', '--vault-password-file', 'pass', 'c.yml'], { cwd: dir });
    expect(dec.code, dec.stderr).to.equal(0);
    expect(readFileSync(inDir('c.yml'), 'utf8')).to.equal('c: 3\n');
    expect(statSync(inDir('c.yml')).mode & 0o777, 'written private, as ansible-vault does').to.equal(0o600);
  });

  it('a wrong password: one line naming the file, exit 1, nothing printed', async () => {
    const res = await runCli(['vault', 'view', '--vault-password-file', 'prodpass', 'vault.yml'], { cwd: dir });
    expect(res.code).to.equal(1);
    expect(res.stdout).to.equal('');
    expect(res.stderr).to.equal(
      'ERROR: vault.yml:1:1: wrong vault password: none of the passwords given (default@prodpass) opens this vault (expected the password it was encrypted with)\n',
    );
  });

  it('what lvsplay vault encrypt, encrypt_string and edit write, ansible-vault opens', async () => {
    writeFileSync(inDir('ours-a.yml'), 'a: 1\n');
    writeFileSync(inDir('ours-b.yml'), 'b: 2\n');
    const plain = await runCli(['vault', 'encrypt', '--vault-password-file', 'pass', 'ours-a.yml'], { cwd: dir });
    expect(plain.code, plain.stderr).to.equal(0);
    const labelled = await runCli(['vault', 'encrypt', '--vault-id', 'prod@prodpass', 'ours-b.yml'], { cwd: dir });
    expect(labelled.code, labelled.stderr).to.equal(0);
    expect(readFileSync(inDir('ours-b.yml'), 'utf8').split('\n')[0]).to.equal('$ANSIBLE_VAULT;1.2;AES256;prod');

    const str = await runCli(['vault', 'encrypt_string', '--vault-password-file', 'pass', '--name', 'x', 'tricky: "value"\n'], { cwd: dir });
    expect(str.stdout, str.stderr).to.match(/^x: !vault \|\n {10}\$ANSIBLE_VAULT;1\.1;AES256\n/);
    const inlineText = str.stdout
      .split('\n')
      .slice(1)
      .map((l) => l.trim())
      .join('\n');
    writeFileSync(inDir('ours-string.vault'), inlineText);

    const editor = inDir('editor.sh');
    writeFileSync(editor, '#!/bin/sh\nsed -i s/old/new/ "$1"\n');
    chmodSync(editor, 0o755);
    const edit = await runCli(['vault', 'edit', '--vault-id', 'prod@prodpass', 'e.yml'], { cwd: dir, env: { EDITOR: editor } });
    expect(edit.code, edit.stderr).to.equal(0);
    expect(readFileSync(inDir('e.yml'), 'utf8').split('\n')[0], 'edit keeps the vault id').to.equal('$ANSIBLE_VAULT;1.2;AES256;prod');

    const seen = ansibleVault(['view', '--vault-id', 'default@pass', '--vault-id', 'prod@prodpass', 'ours-a.yml', 'ours-b.yml', 'ours-string.vault', 'e.yml'], {
      cwd: dir,
    });
    expect(seen).to.equal('a: 1\nb: 2\ntricky: "value"\ne: new\n');
  });
});
