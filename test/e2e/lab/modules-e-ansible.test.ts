// blockinfile, ini_file, slurp, tempfile, service_facts and package_facts on lab hosts over SSH,
// side by side with ansible-playbook 2.14 on the same hosts and playbook
// (test/fixtures/projects/modules-e; what it does not compare yet is named in its results task).
import { fixturePath } from '../../helpers/paths.js';
import { describeSideBySideOnLab } from '../../helpers/side-by-side-lab.js';

describeSideBySideOnLab('blockinfile, ini_file, slurp, tempfile, service_facts and package_facts on the lab, compared with ansible-playbook 2.14', {
  site: fixturePath('projects', 'modules-e', 'site.yaml'),
  base: '/etc/lvsplay-e2e/modules-e',
  hosts: ['s1', 's2'],
  files: ['sshd_config', 'motd', 'app.ini', 'legacy.ini', 'results.json'],
});
