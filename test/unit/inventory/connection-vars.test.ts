// Connection settings under Ansible's names, their older ansible_ssh_* forms, or lvsplay_ names.
import { expect } from 'chai';
import { connectionVarsOf } from '../../../src/engine/inventory/index.js';
import { connectionSpecFor } from '../../../src/engine/connection-specs.js';

describe('connectionVarsOf', () => {
  it('reads the ansible_ names', () => {
    expect(
      connectionVarsOf({
        ansible_host: '10.0.0.1',
        ansible_port: 2222,
        ansible_user: 'deploy',
        ansible_connection: 'ssh',
        ansible_become: true,
        ansible_become_user: 'root',
        ansible_become_pass: 's3cret',
        ansible_ssh_private_key_file: '~/.ssh/id',
        ansible_ssh_common_args: '-o ProxyJump=bastion',
        ansible_ssh_host_key_checking: false,
        unrelated: 1,
      }),
    ).to.deep.equal({
      address: '10.0.0.1',
      port: 2222,
      user: 'deploy',
      connection: 'ssh',
      become: true,
      becomeUser: 'root',
      becomePassword: 's3cret',
      privateKeyFile: '~/.ssh/id',
      sshCommonArgs: '-o ProxyJump=bastion',
      hostKeyChecking: false,
    });
  });

  it('reads the lvsplay_ names; ansible_ wins when both are set; templates stay unrendered', () => {
    expect(connectionVarsOf({ lvsplay_host: 'a', lvsplay_connection: 'local', lvsplay_become_password: 'p', lvsplay_host_key_checking: 'no' })).to.deep.equal({
      address: 'a',
      connection: 'local',
      becomePassword: 'p',
      hostKeyChecking: 'no',
    });
    expect(connectionVarsOf({ ansible_host: 'x', lvsplay_host: 'y' }).address).to.equal('x');
    expect(connectionVarsOf({ ansible_user: '{{ who }}' }).user).to.equal('{{ who }}');
  });

  it('ansible_become_password beats ansible_become_pass; ssh_extra_args follow ssh_common_args', () => {
    expect(connectionVarsOf({ ansible_become_pass: 'old', ansible_become_password: 'new' }).becomePassword).to.equal('new');
    expect(connectionVarsOf({ ansible_ssh_common_args: '-o A=1', ansible_ssh_extra_args: '-o B=2' }).sshCommonArgs).to.equal('-o A=1 -o B=2');
  });
});

describe('connectionSpecFor', () => {
  it('takes OpenSSH ServerAliveInterval/CountMax from ssh_common_args or ssh_extra_args (a dead link noticed in seconds)', () => {
    const spec = connectionSpecFor('h1', { ansible_host: '10.0.0.1', ansible_ssh_extra_args: '-o ServerAliveInterval=2 -o ServerAliveCountMax=4' }, {});
    expect(spec.keepaliveIntervalMs).to.equal(2000);
    expect(spec.keepaliveCountMax).to.equal(4);
    const plain = connectionSpecFor('h1', { ansible_host: '10.0.0.1' }, {});
    expect(plain.keepaliveIntervalMs).to.equal(undefined);
  });

  it('ansible_ssh_timeout (seconds) wins over --timeout, as in Ansible; unset or not a positive number leaves --timeout', () => {
    expect(connectionSpecFor('h1', { ansible_ssh_timeout: 60 }, { connectTimeoutMs: 10_000 }).connectTimeoutMs).to.equal(60_000);
    expect(connectionSpecFor('h1', { lvsplay_timeout: '{{ 5 * 6 }}' }, {}).connectTimeoutMs).to.equal(30_000);
    expect(connectionSpecFor('h1', {}, { connectTimeoutMs: 7_000 }).connectTimeoutMs).to.equal(7_000);
    expect(connectionSpecFor('h1', { ansible_ssh_timeout: 'soon' }, {}).connectTimeoutMs).to.equal(10_000);
  });
});
