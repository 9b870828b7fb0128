// The vault format on its own: round trips, headers, what a wrong password and damaged text do.
import { expect } from 'chai';
import { decryptVault, encryptVault } from '../../../src/vault/cipher.js';
import { isVaultText, parseEnvelope } from '../../../src/vault/envelope.js';
import { openVault } from '../../../src/vault/keyring.js';
import { UserInputError } from '../../../src/errors.js';

const pw = (s: string): Buffer => Buffer.from(s);
const where = { file: 'vars.yml', line: 1, col: 1 };

describe('vault: the format', () => {
  it('encrypts and decrypts every length around the AES block (padding)', () => {
    for (const length of [0, 1, 15, 16, 17, 31, 32, 33, 1000]) {
      const plain = Buffer.alloc(length, 'x');
      const text = encryptVault(plain, pw('s3cret'));
      expect(decryptVault(text, pw('s3cret'))!.equals(plain), `length ${length}`).to.equal(true);
    }
  });

  it('writes a 1.1 header without a vault id and 1.2 with one, the payload in 80-column hex lines', () => {
    const plain = encryptVault(Buffer.from('a: 1\n'), pw('p'));
    expect(plain.split('\n')[0]).to.equal('$ANSIBLE_VAULT;1.1;AES256');
    expect(encryptVault(Buffer.from('a'), pw('p'), 'default').split('\n')[0]).to.equal('$ANSIBLE_VAULT;1.1;AES256');
    const labelled = encryptVault(Buffer.from('a: 1\n'), pw('p'), 'prod');
    expect(labelled.split('\n')[0]).to.equal('$ANSIBLE_VAULT;1.2;AES256;prod');
    expect(parseEnvelope(labelled).vaultId).to.equal('prod');
    const body = plain.trimEnd().split('\n').slice(1);
    expect(body.slice(0, -1).every((l) => l.length === 80 && /^[0-9a-f]+$/.test(l))).to.equal(true);
    expect(isVaultText(plain)).to.equal(true);
    expect(isVaultText('a: $ANSIBLE_VAULT;1.1;AES256')).to.equal(false);
  });

  it('two encryptions of the same text differ (a fresh salt each time)', () => {
    expect(encryptVault(Buffer.from('x'), pw('p'))).to.not.equal(encryptVault(Buffer.from('x'), pw('p')));
  });

  it('a wrong password opens nothing', () => {
    expect(decryptVault(encryptVault(Buffer.from('x'), pw('right')), pw('wrong'))).to.equal(undefined);
  });

  it('opens with the secret for the vault id first, then any other', () => {
    const text = encryptVault(Buffer.from('v'), pw('two'), 'b');
    const secrets = [
      { vaultId: 'a', password: pw('one'), source: 'f1' },
      { vaultId: 'c', password: pw('two'), source: 'f2' },
    ];
    expect(openVault(text, where, secrets).toString()).to.equal('v');
  });

  it('a wrong password is one line naming the file and the sources tried', () => {
    const text = encryptVault(Buffer.from('v'), pw('right'), 'prod');
    expect(() => openVault(text, where, [{ vaultId: 'prod', password: pw('wrong'), source: 'pass.txt' }]))
      .to.throw(UserInputError)
      .with.property('message')
      .that.matches(/^vars\.yml:1:1: wrong vault password: none of the passwords given \(prod@pass\.txt\) opens this vault \(vault id 'prod'\)/)
      .and.does.not.include('\n');
  });

  it('no password at all says how to give one', () => {
    expect(() => openVault(encryptVault(Buffer.from('v'), pw('p')), where, [])).to.throw(UserInputError, /no vault password was given.*--ask-vault-pass/);
  });

  it('damaged vault text is a located error, not a crash', () => {
    const good = encryptVault(Buffer.from('v'), pw('p'));
    const secrets = [{ vaultId: 'default', password: pw('p'), source: 'x' }];
    for (const bad of [
      '$ANSIBLE_VAULT;1.1;AES256\nzz\n',
      '$ANSIBLE_VAULT;9.9;AES256\n00\n',
      '$ANSIBLE_VAULT;1.1;DES\n00\n',
      good.replace(/\n[0-9a-f]{4}/, '\n'),
    ]) {
      expect(() => openVault(bad, where, secrets), bad).to.throw(UserInputError, /^vars\.yml:1:1: (damaged Ansible Vault|wrong vault password)/);
    }
  });
});
