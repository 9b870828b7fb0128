// Today's single-service variables (lvs_vip, lvs_fwmark, lvs_ports, ...) are one element of
// lvs_services: the roles must plan exactly the commands and file contents they planned before
// lvs_services existed. The .planned fixtures were recorded from the roles before that change
// (same inventories, same harness); a difference in any command or file line fails here.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { repoPath } from '../../helpers/paths.js';
import { exampleVaultPasswordFile } from '../../helpers/example-vault.js';
import { removeDir, scratchDir } from '../../helpers/scratch.js';
import { fixtureFile, plannedChanges, planSite, TWO_DIRECTORS } from './plan-site.js';

const SINGLE = `${TWO_DIRECTORS}lvs_vip=10.77.0.50\n`;

/**
 * The planned changes without the director's record of what it set up (lvs_director_state_file,
 * its folder and file), which came after these fixtures, for removing what the inventory drops:
 * services-removal.test.ts checks it. Everything else must be as before.
 */
function withoutRecord(planned: string): string {
  const out: string[] = [];
  let inRecordDiff = false;
  for (const line of planned.split('\n')) {
    if (line.startsWith('--- before: ')) inRecordDiff = line.startsWith('--- before: /var/lib/lvsplay');
    else if (/^ {2}\[/.test(line)) inRecordDiff = false;
    if (inRecordDiff || (/^ {2}\[/.test(line) && line.includes(' /var/lib/lvsplay'))) continue;
    out.push(line);
  }
  return out.join('\n');
}

const CASES: Record<string, string> = {
  'single-ports': `${SINGLE}lvs_ports=[80, "53/udp"]\nlvs_persistence=60\n`,
  'single-all': `${SINGLE}lvs_scheduler=wlc\n`,
  'single-keepalived-tcp': `${SINGLE}lvs_ha=keepalived_native\n`,
  'single-keepalived': `${SINGLE}lvs_ha=keepalived_native\nlvs_ports=[80, 443]\nlvs_vrrp_auth_pass=secret\nlvs_health_check=ping\nlvs_persistence=300\n`,
};

describe('lvs_services: the single-service variables plan what they planned before', function () {
  this.timeout(120_000);
  let dir = '';
  beforeEach(() => (dir = scratchDir('lvsplay-services-')));
  afterEach(() => removeDir(dir));

  for (const [name, inventory] of Object.entries(CASES)) {
    it(`${name}: the same commands and files`, () => {
      const res = planSite(dir, inventory);
      expect(res.code, res.stdout.slice(-3000) + res.stderr).to.equal(0);
      expect(withoutRecord(plannedChanges(res.stdout)) + '\n').to.equal(readFileSync(fixtureFile(`${name}.planned`), 'utf8'));
    });
  }

  it('the example inventory (inventory/example): the same commands and files', () => {
    const extra = ['-e', 'ansible_connection=local', '-e', 'lvs_manage_packages=false', '-e', 'lvs_interface=eth0'];
    const res = planSite(dir, { path: repoPath('inventory', 'example') }, [...extra, '--vault-password-file', exampleVaultPasswordFile()]);
    expect(res.code, res.stdout.slice(-3000) + res.stderr).to.equal(0);
    expect(withoutRecord(plannedChanges(res.stdout)) + '\n').to.equal(readFileSync(fixtureFile('example.planned'), 'utf8'));
  });
});
