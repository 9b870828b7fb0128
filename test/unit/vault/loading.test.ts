// Vaults wherever lvsplay reads YAML or an inventory: whole encrypted files (vars_files,
// group_vars, role vars, INI and YAML inventories, -e @file) and inline `!vault |` values
// (playbook vars, role defaults, inventory YAML, host_vars). Checked before any host.
import { expect } from 'chai';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadProject } from '../../../src/engine/load-project.js';
import { encryptVault } from '../../../src/vault/cipher.js';
import { useVaultSecrets, type VaultSecret } from '../../../src/vault/keyring.js';
import { UserInputError } from '../../../src/errors.js';
import { forgetRevealed, maskRevealed, mentionsRevealed } from '../../../src/vault/revealed.js';
import { removeDir, scratchDir } from '../../helpers/scratch.js';
import { repoPath } from '../../helpers/paths.js';
import { exampleVaultSecrets } from '../../helpers/example-vault.js';
import { loadInventory } from '../../../src/engine/inventory/index.js';

const PASSWORD = 'vault-test-pw';
const secrets: VaultSecret[] = [{ vaultId: 'default', password: Buffer.from(PASSWORD), source: 'test' }];
const whole = (text: string): string => encryptVault(Buffer.from(text), Buffer.from(PASSWORD));
const inline = (value: string, indent: number): string =>
  '!vault |\n' +
  whole(value)
    .trimEnd()
    .split('\n')
    .map((l) => ' '.repeat(indent) + l)
    .join('\n');

function writeProject(files: Record<string, string>): string {
  const root = scratchDir('lvsplay-vault-project-');
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

describe('vault: loading encrypted files and values', () => {
  let root: string;
  beforeEach(() => {
    forgetRevealed();
    root = writeProject({
      'site.yaml': [
        '- hosts: all',
        '  gather_facts: false',
        '  vars_files: [vars/secret.yaml]',
        '  vars:',
        `    play_inline: ${inline('from-play-vars', 6)}`,
        '  roles: [guarded]',
        '  tasks:',
        '    - debug: {msg: "{{ play_inline }}"}',
      ].join('\n'),
      'vars/secret.yaml': whole('from_vars_file: whole-file-secret\n'),
      'roles/guarded/defaults/main.yaml': `role_default: ${inline('from-role-defaults', 2)}\n`,
      'roles/guarded/vars/main.yaml': whole('role_var: from-role-vars\n'),
      'roles/guarded/tasks/main.yaml': '- debug: {msg: "{{ role_var }}"}\n',
      'inv/hosts.yaml': `all:\n  hosts:\n    h1:\n      host_inline: ${inline('from-inventory-yaml', 8)}\n`,
      'inv/more.ini': whole('[extra]\nh2 ini_secret=from-vaulted-ini\n'),
      'inv/group_vars/all.yaml': whole('group_secret: from-group-vars\n'),
      'inv/host_vars/h1.yaml': `hv: ${inline('from-host-vars', 2)}\n`,
      'extra.yaml': whole('extra_secret: from-extra-vars\n'),
    });
  });
  afterEach(() => {
    useVaultSecrets([]);
    forgetRevealed();
    removeDir(root);
  });

  const load = (vaultSecrets: VaultSecret[]): ReturnType<typeof loadProject> =>
    loadProject({
      playbookFile: join(root, 'site.yaml'),
      inventorySources: [join(root, 'inv')],
      extraVars: [`@${join(root, 'extra.yaml')}`],
      rolesPath: [],
      vaultSecrets,
    });

  it('every kind of file and value opens with the password', () => {
    const project = load(secrets);
    const play = project.playbook.plays[0]!;
    expect(play.vars.play_inline).to.equal('from-play-vars');
    expect(play.varsFromFiles).to.deep.equal([{ from_vars_file: 'whole-file-secret' }]);
    expect(play.roles[0]!.defaults.role_default).to.equal('from-role-defaults');
    expect(play.roles[0]!.vars.role_var).to.equal('from-role-vars');
    const h1 = project.inventory.varsFor('h1');
    expect(h1).to.include({ host_inline: 'from-inventory-yaml', group_secret: 'from-group-vars', hv: 'from-host-vars' });
    expect(project.inventory.varsFor('h2')).to.include({ ini_secret: 'from-vaulted-ini' });
    expect(project.extraVars).to.deep.equal({ extra_secret: 'from-extra-vars' });
  });

  it('every decrypted value is remembered as one to hide, and only those', () => {
    load(secrets);
    for (const v of [
      'from-play-vars',
      'whole-file-secret',
      'from-role-defaults',
      'from-role-vars',
      'from-inventory-yaml',
      'from-vaulted-ini',
      'from-group-vars',
    ])
      expect(mentionsRevealed({ msg: `x ${v} y` }), v).to.equal(true);
    expect(mentionsRevealed({ msg: 'site.yaml h1 all' })).to.equal(false);
    expect(maskRevealed('pass=from-group-vars;')).to.equal('pass=********;');
  });

  it('without a password: the first vault met is one located line', () => {
    expect(() => load([]))
      .to.throw(UserInputError)
      .with.property('message')
      .that.matches(/^.*\/extra\.yaml:1:1: this is encrypted with Ansible Vault and no vault password was given/);
  });

  it('a wrong password names the file, and an inline value its line and column', () => {
    const wrong: VaultSecret[] = [{ vaultId: 'default', password: Buffer.from('nope'), source: 'nope.txt' }];
    expect(() =>
      loadProject({
        playbookFile: join(root, 'site.yaml'),
        inventorySources: [join(root, 'inv', 'hosts.yaml')],
        extraVars: [],
        rolesPath: [],
        vaultSecrets: wrong,
      }),
    )
      .to.throw(UserInputError)
      .with.property('message')
      .that.matches(/\/site\.yaml:5:\d+: wrong vault password: none of the passwords given \(default@nope\.txt\) opens this vault/);
  });
});

describe("vault: the README's example inventory", () => {
  afterEach(() => useVaultSecrets([]));
  it("the directors' lvs_vrrp_auth_pass comes from the example vault, opened with the documented password", () => {
    useVaultSecrets(exampleVaultSecrets);
    const inventory = loadInventory([repoPath('inventory', 'example')]);
    expect(inventory.varsFor('director')).to.include({ lvs_vrrp_auth_pass: '{{ vault_lvs_vrrp_auth_pass }}', vault_lvs_vrrp_auth_pass: 'Ex4mple.' });
    expect(inventory.varsFor('s_1')).to.not.have.property('vault_lvs_vrrp_auth_pass');
    expect(readFileSync(repoPath('inventory', 'example', 'group_vars', 'directors', 'vault.yaml'), 'utf8')).to.match(/^\$ANSIBLE_VAULT;1\.1;AES256\n/);
  });
});
