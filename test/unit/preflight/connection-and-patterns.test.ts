// Connection variables and host patterns that cannot be right (a port that is a word, a list as
// an address, a pattern too large for the regex engine) are bad input before any host is
// contacted: exit 1 at the line that wrote them, never a DNS lookup, a connect to port NaN or a
// crash.
import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProject } from '../../../src/engine/load-project.js';
import { UserInputError } from '../../../src/errors.js';
import { removeDir, scratchDir } from '../../helpers/scratch.js';

describe('preflight: connection variables', () => {
  let dir: string;
  beforeEach(() => {
    dir = scratchDir('lvsplay-connvars-');
    writeFileSync(join(dir, 'play.yaml'), '- hosts: all\n  gather_facts: false\n  tasks:\n    - ping:\n');
  });
  afterEach(() => removeDir(dir));

  const load = (inventory: string, name = 'hosts.ini', extraVars: string[] = []): unknown => {
    writeFileSync(join(dir, name), inventory);
    try {
      loadProject({ playbookFile: join(dir, 'play.yaml'), inventorySources: [join(dir, name)], extraVars, rolesPath: [] });
      return undefined;
    } catch (err) {
      return err;
    }
  };

  const bad: Array<[string, string, string, RegExp]> = [
    [
      'a word as the port',
      'hosts.ini',
      'h1 ansible_host=127.0.0.1 ansible_port=notaport\n',
      /hosts\.ini:1:\d+: ansible_port of host h1 is "notaport", not a TCP port/,
    ],
    ['a port out of range', 'hosts.ini', 'h1 ansible_port=99999999\n', /ansible_port of host h1 is 99999999, not a TCP port/],
    [
      'an open quote in ansible_ssh_common_args',
      'hosts.yaml',
      'all:\n  hosts:\n    h1:\n      ansible_ssh_common_args: "-o \'User x"\n',
      /hosts\.yaml:4:7: ansible_ssh_common_args of host h1: unterminated ' quote/,
    ],
    [
      'a missing -F file in ansible_ssh_common_args',
      'hosts.ini',
      "h1 ansible_ssh_common_args='-F /nonexistent/ssh_config'\n",
      /hosts\.ini:1:\d+: ansible_ssh_common_args of host h1: the ssh config file \/nonexistent\/ssh_config \(-F\) does not exist/,
    ],
    [
      'an unknown ssh option in ansible_ssh_extra_args',
      'hosts.ini',
      "h1 ansible_ssh_extra_args='-Z 1'\n",
      /hosts\.ini:1:\d+: ansible_ssh_extra_args of host h1: unknown ssh option -Z/,
    ],
    ['a list as the address', 'hosts.ini', 'h1 ansible_host=[1,2]\n', /ansible_host of host h1 is \[1,2\], not a host name or address/],
    ['an option as the address', 'hosts.ini', 'h1 ansible_host="-oProxyCommand=touch /tmp/x"\n', /ansible_host of host h1 is "-oProxyCommand=touch \/tmp\/x"/],
    [
      'a mapping as the connection',
      'hosts.yaml',
      'all:\n  hosts:\n    h1:\n      ansible_connection: {}\n',
      /hosts\.yaml:4:7: ansible_connection of host h1 is \{\}/,
    ],
  ];
  for (const [what, name, text, message] of bad) {
    it(`refuses ${what}`, () => {
      const err = load(text, name);
      expect(err).to.be.instanceOf(UserInputError);
      expect((err as Error).message).to.match(message);
    });
  }

  it('accepts names, addresses, [IPv6], templates, and a bad value overridden by -e', () => {
    expect(
      load(
        'h1 ansible_host=web-1.example.org ansible_port=2222\nh2 ansible_host=fe80::1%eth0\nh3 ansible_host="{{ somewhere }}" ansible_port="{{ p }}" somewhere=x p=22\nh4 ansible_connection=local\n',
      ),
    ).to.equal(undefined);
    expect(load('h1 ansible_port=notaport\n', 'hosts.ini', ['ansible_port=22'])).to.equal(undefined);
    expect((load('h1\n', 'hosts.ini', ['ansible_port=0']) as Error).message).to.match(/^--extra-vars:1:1: ansible_port of host h1 is "0"/);
  });
});

describe('preflight: host patterns', () => {
  it('a pattern the matcher refuses is reported at the play, or as --limit', () => {
    const dir = scratchDir('lvsplay-patterns-');
    try {
      writeFileSync(join(dir, 'hosts.ini'), 'h1 ansible_connection=local\n');
      writeFileSync(join(dir, 'play.yaml'), `- hosts: "${'w'.repeat(300_000)}"\n  tasks: []\n`);
      const load = (limit?: string): string => {
        try {
          loadProject({
            playbookFile: join(dir, 'play.yaml'),
            inventorySources: [join(dir, 'hosts.ini')],
            extraVars: [],
            rolesPath: [],
            ...(limit ? { limit } : {}),
          });
          return 'loaded';
        } catch (err) {
          expect(err).to.be.instanceOf(UserInputError);
          return (err as Error).message;
        }
      };
      expect(load()).to.match(/play\.yaml:1:3: invalid host pattern 'w{80}\.\.\. \(300000 characters\)': Regular expression too large/);
      writeFileSync(join(dir, 'play.yaml'), '- hosts: all\n  tasks: []\n');
      expect(load('~(')).to.match(/^--limit:1:1: invalid host pattern '~\(': /);
    } finally {
      removeDir(dir);
    }
  });
});
