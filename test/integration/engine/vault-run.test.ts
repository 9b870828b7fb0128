// A run with values from a vault, over the local connection: the tasks use the values (the file
// on disk has them), and nothing lvsplay prints shows them — not -vvv commands and output, not
// --diff, not a failure message, not the JSON report — while other tasks report as usual.
import { expect } from 'chai';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, runJson } from '../../helpers/cli.js';
import { removeDir, scratchDir } from '../../helpers/scratch.js';
import { encryptVault } from '../../../src/vault/cipher.js';

const SECRET = 'Vr9pSecret';

describe('lvsplay run with vault values', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = scratchDir('lvsplay-vault-run-');
    mkdirSync(join(dir, 'group_vars'));
    writeFileSync(join(dir, 'pass'), 'run-pw\n');
    writeFileSync(join(dir, 'group_vars', 'all.yaml'), encryptVault(Buffer.from(`vrrp_pass: ${SECRET}\n`), Buffer.from('run-pw')));
    writeFileSync(join(dir, 'hosts.ini'), 'alpha ansible_connection=local\n');
    writeFileSync(
      join(dir, 'site.yaml'),
      [
        '- hosts: all',
        '  gather_facts: false',
        '  tasks:',
        '    - name: plain task',
        '      debug: {msg: "visible-{{ inventory_hostname }}"}',
        '    - name: write the secret',
        '      copy: {dest: "{{ playbook_dir }}/out/keepalived.conf", content: "auth_pass {{ vrrp_pass }}\\n"}',
        '    - name: echo the secret',
        '      command: echo {{ vrrp_pass }}',
        '    - name: fail with it',
        '      fail: {msg: "bad {{ vrrp_pass }}"}',
        '      ignore_errors: true',
      ].join('\n') + '\n',
    );
    mkdirSync(join(dir, 'out'));
  });
  afterEach(() => removeDir(dir));

  it('the value reaches the host but not the output (-vvv --diff)', async () => {
    const res = await runCli(['run', 'site.yaml', '-i', 'hosts.ini', '--vault-password-file', 'pass', '--diff', '-vvv'], { cwd: dir });
    expect(res.code, res.stderr).to.equal(0);
    expect(readFileSync(join(dir, 'out', 'keepalived.conf'), 'utf8')).to.equal(`auth_pass ${SECRET}\n`);
    expect(res.stdout + res.stderr).to.not.include(SECRET);
    expect(res.stdout).to.include('visible-alpha');
    expect(res.stdout).to.include('it shows a value from an Ansible Vault');
  });

  it('--output json carries no decrypted value either', async () => {
    const res = await runJson(['run', 'site.yaml', '-i', 'hosts.ini', '--vault-password-file', 'pass', '--diff'], { cwd: dir });
    expect(res.code, res.stderr).to.equal(0);
    expect(res.stdout).to.not.include(SECRET);
    expect(res.stdout).to.include('visible-alpha');
  });
});
