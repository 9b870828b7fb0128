// Where vault passwords come from: files (surrounding whitespace dropped), executables (their
// output; `*-client` scripts are told the vault id), prompts, and what goes wrong with each.
import { expect } from 'chai';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseVaultIdentity, readVaultSecret } from '../../../src/vault/password-sources.js';
import { encryptVault } from '../../../src/vault/cipher.js';
import { UserInputError } from '../../../src/errors.js';
import { runCli } from '../../helpers/cli.js';
import { removeDir, scratchDir } from '../../helpers/scratch.js';

const noPrompt = (): Promise<string> => Promise.reject(new Error('no prompt expected'));

describe('vault: password sources', () => {
  let dir: string;
  const inDir = (name: string): string => join(dir, name);
  const script = (name: string, body: string): string => {
    writeFileSync(inDir(name), `#!/bin/sh\n${body}\n`);
    chmodSync(inDir(name), 0o755);
    return inDir(name);
  };
  beforeEach(() => (dir = scratchDir('lvsplay-vault-pw-')));
  afterEach(() => removeDir(dir));

  it('--vault-id LABEL@SOURCE, SOURCE alone is the default id', () => {
    expect(parseVaultIdentity('prod@/x/pw')).to.deep.equal({ vaultId: 'prod', source: '/x/pw' });
    expect(parseVaultIdentity('pw.txt')).to.deep.equal({ vaultId: 'default', source: 'pw.txt' });
    expect(parseVaultIdentity('dev@prompt')).to.deep.equal({ vaultId: 'dev', source: 'prompt' });
    expect(() => parseVaultIdentity('dev@')).to.throw(UserInputError, /names no password source/);
  });

  it('a file gives its content without surrounding whitespace', async () => {
    writeFileSync(inDir('pw'), '  s3cret \n\n');
    const s = await readVaultSecret({ vaultId: 'default', source: inDir('pw') }, noPrompt);
    expect(s.password.toString()).to.equal('s3cret');
  });

  it('an executable gives what it prints, without the line breaks around it', async () => {
    const s = await readVaultSecret({ vaultId: 'default', source: script('pw.sh', 'printf "\\n  from script \\r\\n"') }, noPrompt);
    expect(s.password.toString()).to.equal('  from script ');
  });

  it('a *-client script is asked for its vault id', async () => {
    const s = await readVaultSecret({ vaultId: 'prod', source: script('keyring-client.sh', 'echo "pw-for-$1-$2"') }, noPrompt);
    expect(s.password.toString()).to.equal('pw-for---vault-id-prod');
  });

  it('a failing script, an empty password and a missing file are one-line errors', async () => {
    const failing = script('fail.sh', 'exit 3');
    await expectRejects(readVaultSecret({ vaultId: 'default', source: failing }, noPrompt), /vault password script .*fail\.sh exited with status 3/);
    writeFileSync(inDir('empty'), '\n');
    await expectRejects(readVaultSecret({ vaultId: 'default', source: inDir('empty') }, noPrompt), /gave an empty password/);
    await expectRejects(readVaultSecret({ vaultId: 'default', source: inDir('nope') }, noPrompt), /vault password file .*nope was not found/);
  });

  it('prompt asks, with the vault id in the question', async () => {
    let asked = '';
    const s = await readVaultSecret({ vaultId: 'dev', source: 'prompt' }, (q) => ((asked = q), Promise.resolve('typed')));
    expect(asked).to.equal('Vault password (dev): ');
    expect(s.password.toString()).to.equal('typed');
  });

  describe('through lvsplay validate', function () {
    this.timeout(30_000);
    const project = (): void => {
      writeFileSync(inDir('vars.yaml'), encryptVault(Buffer.from('secret_var: opened\n'), Buffer.from('pw-ok')));
      writeFileSync(
        inDir('site.yaml'),
        '- hosts: localhost\n  gather_facts: false\n  vars_files: [vars.yaml]\n  tasks:\n    - debug: {msg: "{{ secret_var }}"}\n',
      );
    };

    it('an executable --vault-password-file opens the project', async () => {
      project();
      const res = await runCli(['validate', 'site.yaml', '--vault-password-file', script('pass.sh', 'echo pw-ok')], { cwd: dir });
      expect(res.code, res.stderr).to.equal(0);
    });

    it('--ask-vault-pass reads the password from standard input when it is not a terminal', async () => {
      project();
      const res = await runCli(['validate', 'site.yaml', '--ask-vault-pass'], { cwd: dir, input: 'pw-ok\n' });
      expect(res.code, res.stderr).to.equal(0);
    });

    it('a wrong password: exit 1, one line naming the file', async () => {
      project();
      const res = await runCli(['validate', 'site.yaml', '--vault-id', `lab@${script('wrong.sh', 'echo nope')}`], { cwd: dir });
      expect(res.code).to.equal(1);
      expect(res.stderr.trimEnd().split('\n')).to.have.length(1);
      expect(res.stderr).to.match(/^ERROR: .*\/vars\.yaml:1:1: wrong vault password: none of the passwords given \(lab@.*wrong\.sh\) opens this vault/);
    });
  });
});

async function expectRejects(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  try {
    await promise;
  } catch (err) {
    expect(err).to.be.instanceOf(UserInputError);
    expect((err as Error).message).to.match(pattern);
    expect((err as Error).message).to.not.include('\n');
    return;
  }
  expect.fail(`expected a rejection matching ${pattern}`);
}
