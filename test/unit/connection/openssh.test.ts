// OpenSSH settings as lvsplay resolves them, against what OpenSSH itself says: `ssh -G` prints
// the settings ssh would use for a command line (it reads the config files and connects to
// nothing), so every case runs both and compares the settings the connection applies.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { forgetSshConfigFiles, resolveOpenSsh, type OpenSshSettings } from '../../../src/connection/openssh/resolve.js';
import { parseSshArgs, splitShellWords } from '../../../src/connection/openssh/ssh-args.js';
import { sshHome } from '../../../src/connection/ssh.js';
import { connectionSpecFor } from '../../../src/engine/connection-specs.js';
import { removeDir, scratchDir, writeIn } from '../../helpers/scratch.js';

const HOME = sshHome();

/** ssh -G's answer: keyword -> values (several lines for IdentityFile), ~ expanded as ssh expands it later. */
function sshG(args: string[], destination: string): Record<string, string[]> {
  const out = execFileSync('ssh', ['-G', ...args, destination], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const seen: Record<string, string[]> = {};
  for (const line of out.split('\n')) {
    const m = /^(\S+) (.*)$/.exec(line);
    if (m) (seen[m[1]!] ??= []).push(m[2]!);
  }
  return seen;
}

/** The settings lvsplay applies, in ssh -G's terms. */
function asSshG(s: OpenSshSettings): Record<string, string[]> {
  return {
    hostname: [s.hostName],
    user: [s.user],
    port: [String(s.port)],
    identityfile: s.identityFiles,
    identitiesonly: [s.identitiesOnly ? 'yes' : 'no'],
    proxyjump: s.proxyJump === undefined ? [] : [s.proxyJump],
    userknownhostsfile: [s.userKnownHostsFiles.join(' ')],
    globalknownhostsfile: [s.globalKnownHostsFiles.join(' ')],
    stricthostkeychecking: [{ yes: 'true', no: 'false', 'accept-new': 'accept-new', ask: 'ask' }[s.strictHostKeyChecking]],
    hostkeyalias: s.hostKeyAlias === undefined ? [] : [s.hostKeyAlias],
    connecttimeout: [s.connectTimeout === undefined ? 'none' : String(s.connectTimeout)],
    serveraliveinterval: [String(s.serverAliveInterval)],
    serveralivecountmax: [String(s.serverAliveCountMax)],
    batchmode: [s.batchMode ? 'yes' : 'no'],
    passwordauthentication: [s.passwordAuthentication ? 'yes' : 'no'],
    identityagent: s.identityAgent === 'SSH_AUTH_SOCK' ? [] : [s.identityAgent],
  };
}

function expectSameAsSsh(argsText: string, destination: string): void {
  const args = parseSshArgs(argsText);
  const ours = asSshG(
    resolveOpenSsh({ destination, directives: args.directives, ...(args.configFile !== undefined ? { configFile: args.configFile } : {}) }, { home: HOME }),
  );
  const theirs = sshG(splitShellWords(argsText), destination);
  const expand = (v: string): string => v.replace(/^~(?=\/)/, HOME);
  for (const [key, value] of Object.entries(ours)) {
    // ssh -G prints "stricthostkeychecking true" for yes; no proxyjump/hostkeyalias line when unset
    expect(value, `${key} for ssh -G ${argsText} ${destination}`).to.deep.equal((theirs[key] ?? []).map(expand));
  }
}

describe('OpenSSH command-line options (ssh_args, ansible_ssh_common_args)', () => {
  it('splits words as a shell does', () => {
    expect(splitShellWords(`-o 'ProxyCommand ssh -W %h:%p b' -o "User=a b" -i my\\ key`)).to.deep.equal([
      '-o',
      'ProxyCommand ssh -W %h:%p b',
      '-o',
      'User=a b',
      '-i',
      'my key',
    ]);
  });

  it('reads -o K=V, -o "K V", -oK=V, -p, -p2222, -l, -i, -J and -F in order; flags are skipped', () => {
    const args = parseSshArgs(`-C -vv -o ControlMaster=auto -o 'User deploy' -oPort=2200 -p2222 -l bob -i ~/.ssh/k -J ops@bastion:22 -F /etc/cfg -4`);
    expect(args.configFile).to.equal('/etc/cfg');
    expect(args.directives).to.deep.equal([
      { keyword: 'ControlMaster', value: 'auto' },
      { keyword: 'User', value: 'deploy' },
      { keyword: 'Port', value: '2200' },
      { keyword: 'Port', value: '2222' },
      { keyword: 'User', value: 'bob' },
      { keyword: 'IdentityFile', value: '~/.ssh/k' },
      { keyword: 'ProxyJump', value: 'ops@bastion:22' },
    ]);
  });

  it('names what is wrong: an open quote, an option without its value, an unknown option, -o without a keyword', () => {
    expect(() => parseSshArgs(`-o 'User x`)).to.throw(/unterminated ' quote/);
    expect(() => parseSshArgs('-o')).to.throw(/-o needs a value/);
    expect(() => parseSshArgs('-Z')).to.throw(/unknown ssh option -Z/);
    expect(() => parseSshArgs('-o =x')).to.throw(/not an OpenSSH option/);
  });

  it('a bad value in ansible_ssh_common_args is a user error naming the host and the variable', () => {
    expect(() => connectionSpecFor('web1', { ansible_ssh_common_args: "-o 'User x" }, {})).to.throw(/ansible_ssh_common_args.* of web1: unterminated/);
  });
});

describe('OpenSSH settings: the same answer as ssh -G', function () {
  this.timeout(20_000);
  let dir: string;
  let config: string;
  before(() => {
    dir = scratchDir('lvsplay-sshcfg-');
    writeIn(dir, 'conf.d/10-web.conf', ['Host web-b', '  User webb', '  Port 2202', 'Host web-*', '  ServerAliveInterval 7', ''].join('\n'));
    writeIn(dir, 'conf.d/20-db.conf', ['Host db', '  HostName 10.77.0.40', ''].join('\n'));
    writeIn(dir, 'section-extra.conf', ['IdentitiesOnly yes', ''].join('\n'));
    config = writeIn(
      dir,
      'ssh_config',
      [
        '# the first value obtained wins',
        `Include ${dir}/conf.d/*.conf`,
        'Host jump',
        '  HostName 10.77.0.21',
        '  User lvsplay',
        `  IdentityFile ${dir}/keys/jump`,
        'Host web-a web-c',
        '  HostName %h.lan',
        '  user Deploy',
        '  Port 2200',
        '  ProxyJump jump',
        `  Include ${dir}/section-extra.conf`,
        `  IdentityFile ${dir}/keys/web`,
        'Host web-* !web-c',
        '  HostKeyAlias web-pool',
        '  StrictHostKeyChecking accept-new',
        'Match host web-a.lan',
        `  UserKnownHostsFile ${dir}/kh/%h ~/kh2`,
        'Match user root',
        '  ConnectTimeout 9',
        'Host *',
        '  StrictHostKeyChecking yes',
        `  IdentityFile ${dir}/keys/all`,
        '  ServerAliveCountMax 5',
        '  IdentityAgent none',
        '',
      ].join('\n'),
    );
    forgetSshConfigFiles();
  });
  after(() => removeDir(dir));

  const cases: Array<[string, string]> = [
    ['web-a', ''],
    ['web-b', ''],
    ['web-c', ''],
    ['db', ''],
    ['jump', ''],
    ['10.77.0.30', ''],
    ['WEB-A', ''],
    ['web-a', '-p 2999 -l root -o Port=1'],
    ['web-a', "-o 'User carol' -l bob -o HostName=10.77.0.22"],
    ['web-b', '-o StrictHostKeyChecking=no -o UserKnownHostsFile=/tmp/kh1 -i DIR/ssh_config -o IdentitiesOnly=no'],
    ['web-a', '-J ops@other:2222 -o ServerAliveInterval=3 -o BatchMode=yes -o PasswordAuthentication=no'],
    ['db', '-o ProxyJump=none -o ConnectTimeout=4 -o HostKeyAlias=dbkey'],
  ];
  for (const [destination, args] of cases) {
    it(`ssh -F ssh_config ${args} ${destination}`, () => expectSameAsSsh(`-F ${config} ${args.replace('DIR', dir)}`, destination));
  }

  it('without -F: ~/.ssh/config (from the passwd entry) and /etc/ssh/ssh_config, as ssh reads them', () => {
    expectSameAsSsh('-o User=someone', 'plain-host');
    expectSameAsSsh('', '10.77.0.21');
  });

  it('expands ~, %h, %r, %p, %d and ${VAR} in IdentityFile as ssh does when it loads the key', () => {
    process.env.LVSPLAY_TEST_KEYDIR = '/keys';
    try {
      const cfg = writeIn(
        dir,
        'tokens',
        [
          'Host t',
          '  HostName 10.77.0.9',
          '  User u1',
          '  Port 2300',
          '  IdentityFile ~/.ssh/%r@%h:%p',
          '  IdentityFile ${LVSPLAY_TEST_KEYDIR}/%d/%%x',
          '',
        ].join('\n'),
      );
      const s = resolveOpenSsh({ destination: 't', directives: [], configFile: cfg }, { home: HOME });
      expect(s.identityFiles).to.deep.equal([`${HOME}/.ssh/u1@10.77.0.9:2300`, `/keys/${HOME}/%x`]);
    } finally {
      delete process.env.LVSPLAY_TEST_KEYDIR;
    }
  });

  it('-F naming a missing file is an error, -F none reads no file', () => {
    expect(() => resolveOpenSsh({ destination: 'x', directives: [], configFile: `${dir}/missing` }, { home: HOME })).to.throw(/does not exist/);
    expect(resolveOpenSsh({ destination: 'web-a', directives: [], configFile: 'none' }, { home: HOME }).hostName).to.equal('web-a');
  });

  describe('into the connection: inventory variables and the command line first, as Ansible puts them on ssh`s command line', () => {
    it('the alias resolves to HostName, User, Port and keys; ProxyJump becomes a jump host resolved the same way', () => {
      const spec = connectionSpecFor('web-a', { ansible_ssh_common_args: `-F ${config}` }, {});
      expect(spec).to.deep.include({
        address: 'web-a.lan',
        user: 'Deploy',
        port: 2200,
        hostKeyAlias: 'web-pool',
        acceptNewHostKeys: true,
        identitiesOnly: true,
        identityAgent: 'none',
      });
      expect(spec.identityFiles).to.deep.equal([`${dir}/keys/web`, `${dir}/keys/all`]);
      expect(spec.knownHostsPaths).to.deep.equal([`${dir}/kh/web-a.lan`, `${HOME}/kh2`, '/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2']);
      expect(spec.via).to.deep.include({ address: '10.77.0.21', user: 'lvsplay', port: 22, hostKeyChecking: true });
      expect(spec.via?.identityFiles).to.deep.equal([`${dir}/keys/jump`, `${dir}/keys/all`]);
    });

    it('ansible_host, ansible_port, ansible_user and the key beat the config; host_key_checking=false turns checking off', () => {
      const spec = connectionSpecFor(
        'whatever',
        {
          ansible_host: 'web-a',
          ansible_port: 22,
          ansible_user: 'root',
          ansible_ssh_private_key_file: '/k/own',
          ansible_host_key_checking: false,
          ansible_ssh_common_args: `-F ${config}`,
        },
        {},
      );
      expect(spec).to.deep.include({ address: 'web-a.lan', port: 22, user: 'root', privateKeyPath: '/k/own', hostKeyChecking: false });
      expect(spec.identityFiles).to.deep.equal([`${dir}/keys/web`, `${dir}/keys/all`]);
    });

    it('a jump hop names its own user and port; later hops go through the earlier ones', () => {
      const spec = connectionSpecFor('db', { ansible_ssh_common_args: `-F ${config} -J ops@jump:2022,web-b` }, {});
      expect(spec.via).to.deep.include({ address: 'web-b', user: 'webb', port: 2202 });
      expect(spec.via?.via).to.deep.include({ address: '10.77.0.21', user: 'ops', port: 2022 });
      expect(spec.via?.via?.via).to.equal(undefined);
    });

    it('a ProxyJump loop is a user error, not a hang', () => {
      const cfg = writeIn(dir, 'loop', ['Host a', '  ProxyJump b', 'Host b', '  ProxyJump a', ''].join('\n'));
      expect(() => connectionSpecFor('a', { ansible_ssh_common_args: `-F ${cfg}` }, {})).to.throw(/more than 8 jump hosts/);
    });
  });
});
