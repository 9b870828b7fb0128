// The roles' derived services (roles/lvs_virtual_services/vars/main.yaml) are Jinja that Ansible reads too:
// ansible-playbook 2.14 and lvsplay render them to the same lists, for the single-service
// variables and for lvs_services, in a role that depends on lvs_virtual_services as the director
// and ha roles do (their own tasks use lvsplay modules Ansible cannot load). Local connection, no
// facts: nothing is touched.
import { expect } from 'chai';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ansiblePlaybook, hasAnsiblePlaybook } from '../../helpers/ansible-playbook.js';
import { runCli } from '../../helpers/cli.js';
import { repoPath } from '../../helpers/paths.js';
import { removeDir, scratchDir, writeIn } from '../../helpers/scratch.js';
import { SERVICES } from './plan-site.js';

const PLAY = `- hosts: d1
  gather_facts: false
  vars_files: [vars.yaml]
  roles: [services_user]
`;
/** A role that depends on the shared one, as director and ha do, and shows what it sees. */
const USER_ROLE = {
  'roles/services_user/meta/main.yaml': 'dependencies: [lvs_virtual_services]\n',
  'roles/services_user/tasks/main.yaml': `- debug: msg="{{ _lvs_services | to_json }}"
- debug: msg="{{ _lvs_mark_rules | to_json }} {{ _lvs_vips | to_json }}"
`,
};

describe('lvs_services: the derived services as Ansible renders them', function () {
  this.timeout(120_000);
  let dir = '';
  before(function () {
    if (!hasAnsiblePlaybook()) this.skip();
  });
  beforeEach(() => (dir = scratchDir('lvsplay-services-')));
  afterEach(() => removeDir(dir));

  const cases: Record<string, string> = {
    'single-service variables': 'lvs_vip: 10.77.0.50\nlvs_ports: [80, "53/udp"]\nlvs_persistence: 60\nlvs_health_check: ping\n',
    lvs_services: `${SERVICES}  - {vip: 10.77.0.52, fwmark: 9}\n  - {vip: 10.77.0.51, ports: [8443, 8444]}\n`,
  };
  for (const [name, vars] of Object.entries(cases)) {
    it(name, async () => {
      writeIn(dir, 'play.yaml', PLAY);
      for (const [file, text] of Object.entries(USER_ROLE)) writeIn(dir, file, text);
      symlinkSync(repoPath('roles', 'lvs_virtual_services'), join(dir, 'roles', 'lvs_virtual_services'));
      writeIn(dir, 'vars.yaml', vars);
      const hosts = writeIn(
        dir,
        'hosts.ini',
        '[directors]\nd1 ansible_connection=local\n[nodes]\ns1 ansible_host=10.77.0.21\ns2 ansible_host=10.77.0.22 lvs_weight=3\n',
      );
      const ansible = ansiblePlaybook([join(dir, 'play.yaml'), '-i', hosts]);
      expect(ansible.status, ansible.stdout + ansible.stderr).to.equal(0);
      const theirs = [...ansible.stdout.matchAll(/^ {4}"msg": (".*")$/gm)].map((m) => JSON.parse(m[1]!) as string);
      const mine = await runCli(['run', join(dir, 'play.yaml'), '-i', hosts], { cwd: dir });
      expect(mine.code, mine.stdout + mine.stderr).to.equal(0);
      const ours = [...mine.stdout.matchAll(/^ok: \[d1\] => (.*)$/gm)].map((m) => m[1]!);
      expect(theirs).to.have.length(2);
      expect(ours).to.deep.equal(theirs);
      // lists, not text: to_json of text would quote it
      expect(theirs[0]!.startsWith('[{"vip": ')).to.equal(true);
    });
  }
});
