// Gathered facts as ansible-playbook 2.14 names and shapes them: this playbook passes under
// ansible-playbook on this machine (Debian 12) with the same recap (ok=9), over the local
// connection. Names are read both ways (ansible_facts.X and ansible_X), and the setup,
// service_facts and package_facts modules add to them.
import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ansiblePlaybook, hasAnsiblePlaybook } from '../../helpers/ansible-playbook.js';
import { runCli } from '../../helpers/cli.js';
import { removeDir, scratchDir } from '../../helpers/scratch.js';

const PLAYBOOK = `- hosts: localhost
  gather_facts: true
  tasks:
    - name: the same facts under both spellings
      assert:
        that:
          - ansible_facts.os_family == ansible_os_family == 'Debian'
          - ansible_facts['distribution'] == 'Debian'
          - ansible_facts.distribution_major_version == '12'
          - ansible_distribution_release == 'bookworm'
          - ansible_facts.distribution_version is match('12[.]')
          - ansible_facts.pkg_mgr == 'apt'
          - ansible_facts.architecture == ansible_facts.machine
          - ansible_facts.kernel == ansible_kernel
          - ansible_facts.memtotal_mb > 0 and ansible_facts.memory_mb.real.total == ansible_facts.memtotal_mb
          - ansible_facts.processor_cores >= 1 and ansible_facts.processor_vcpus >= 1
          - ansible_facts.default_ipv4.interface in ansible_facts.interfaces
          - ansible_facts.default_ipv4.address == ansible_facts[ansible_facts.default_ipv4.interface].ipv4.address
          - ansible_facts.lo.ipv4.address == '127.0.0.1'
          - ansible_facts.mounts | selectattr('mount', 'equalto', '/') | list | length == 1
          - ansible_facts.date_time.year | int > 2000
          - ansible_facts.user_id == ansible_user_id
          - ansible_facts.env.PATH is defined
          - ansible_python.version.major == 3
          - ansible_facts.virtualization_role in ['guest', 'host', 'NA']
          - gather_subset == ['all']
          - module_setup
    - setup:
        filter: ansible_distribution*
      register: filtered
    - assert:
        that:
          - filtered.ansible_facts.ansible_distribution == 'Debian'
          - filtered.ansible_facts.ansible_os_family is not defined
    - service_facts:
    - package_facts:
    - assert:
        that:
          - ansible_facts.services is mapping
          - ansible_facts.packages.bash[0].source == 'apt'
          - "'arch' in ansible_facts.packages.bash[0]"

- hosts: localhost
  gather_facts: true
  gather_subset: ['!all', '!min', network]
  tasks:
    - assert:
        that:
          - ansible_facts.default_ipv4.interface is defined
          - ansible_facts.gather_subset == ['!all', '!min', 'network']
`;

// The facts whose values come from this host's files and tools (the shell's own reads of /proc,
// /sys and /etc among them), written by each tool to its own file: they must be equal.
const SAME_VALUES = [
  'hostname',
  'nodename',
  'system',
  'kernel',
  'kernel_version',
  'machine',
  'userspace_bits',
  'machine_id',
  'distribution',
  'distribution_version',
  'distribution_major_version',
  'os_family',
  'service_mgr',
  'pkg_mgr',
  'user_id',
  'user_uid',
  'user_gid',
  'user_dir',
  'user_shell',
  'real_user_id',
  'effective_user_id',
  'real_group_id',
  'effective_group_id',
  'dns',
  'selinux',
  'apparmor',
  'fips',
  'cmdline',
  'processor_vcpus',
  'memtotal_mb',
  'bios_vendor',
  'bios_version',
  'product_name',
  'product_uuid',
  'system_vendor',
];
const VALUES_PLAYBOOK = `- hosts: localhost
  gather_facts: true
  tasks:
    - copy:
        dest: "{{ out }}"
        content: "{{ {${SAME_VALUES.map((k) => `'${k}': ansible_facts['${k}']`).join(', ')}, 'interfaces': ansible_facts.interfaces | sort, 'tz_offset': ansible_facts.date_time.tz_offset, 'lo': ansible_facts.lo.ipv4} | to_nice_json }}"
`;

describe('gathered facts (as ansible-playbook 2.14 names them)', function () {
  this.timeout(60_000);
  let dir = '';
  before(() => (dir = scratchDir()));
  after(() => removeDir(dir));

  it('reads Ansible names both ways, with setup filter, service_facts, package_facts and gather_subset', async () => {
    writeFileSync(join(dir, 'play.yml'), PLAYBOOK);
    const res = await runCli(['run', join(dir, 'play.yml'), '-i', 'localhost ansible_connection=local,']);
    expect(res.code, res.stdout + res.stderr).to.equal(0);
    expect(res.stdout).to.match(/localhost : ok=9 changed=0 unreachable=0 failed=0 skipped=0/);
  });

  it('gathers the same values as ansible-playbook on this host (name, kernel, ids, DNS, DMI, interfaces, ...)', async function () {
    if (!hasAnsiblePlaybook()) this.skip();
    const play = join(dir, 'values.yml');
    writeFileSync(play, VALUES_PLAYBOOK);
    const inventory = ['-i', 'localhost ansible_connection=local,'];
    const theirs = ansiblePlaybook([...inventory, play, '-e', `out=${join(dir, 'ansible.json')}`]);
    expect(theirs.status, theirs.stdout + theirs.stderr).to.equal(0);
    const ours = await runCli(['run', play, ...inventory, '-e', `out=${join(dir, 'lvsplay.json')}`]);
    expect(ours.code, ours.stdout + ours.stderr).to.equal(0);
    const expected = JSON.parse(readFileSync(join(dir, 'ansible.json'), 'utf8')) as Record<string, unknown>;
    expect(expected.kernel_version, 'a value the comparison can see').to.be.a('string').and.not.equal('');
    expect(JSON.parse(readFileSync(join(dir, 'lvsplay.json'), 'utf8'))).to.deep.equal(expected);
  });
});
