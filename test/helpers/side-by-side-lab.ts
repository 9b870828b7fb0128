// A project playbook run by lvsplay and by ansible-playbook 2.14 on the same lab hosts, each
// tool writing into its own folder (`-e tool=NAME`): the same recap, the same files byte for
// byte, a second run that changes nothing and a --check that touches nothing, for both alike.
// The converging runs of the two tools go at once (their folders are apart); the --check runs go
// one after the other, since each must find the hosts untouched by the other.
// The e2e/lab files that compare modules this way describe only their project and files.
import { expect } from 'chai';
import { runCli } from './cli.js';
import { ansiblePlaybookAsync, hasAnsiblePlaybook } from './ansible-playbook.js';
import { recap } from './recap.js';
import { canRunLab, ensureLab, hostFile, snapshotHosts, sshLab, tearDownLab } from './lab.js';
import type { LabState } from '../../src/lab/index.js';

export interface SideBySide {
  /** The project's playbook. */
  site: string;
  /** The folder on each host under which each tool's folder (BASE/ansible, BASE/lvsplay) is written. */
  base: string;
  /** The hosts compared; the run is limited to them. */
  hosts: string[];
  /** Files in each tool's folder that must be equal byte for byte. */
  files: string[];
  /** After the lab is up and BASE is gone on every host: what the project needs there. */
  prepare?: (lab: LabState) => void | Promise<void>;
}

type Run = { recap: Record<string, string>; output: string };

export function describeSideBySideOnLab(title: string, spec: SideBySide): void {
  describe(title, function () {
    this.timeout(900_000);
    let lab: LabState;
    const limit = ['-l', spec.hosts.join(',')];

    async function ansible(...extra: string[]): Promise<Run> {
      const r = await ansiblePlaybookAsync(['-i', lab.inventoryPath, spec.site, ...limit, '-e', 'tool=ansible', ...extra]);
      expect(r.status, r.stdout + r.stderr).to.equal(0);
      return { recap: recap(r.stdout), output: r.stdout };
    }
    async function lvsplay(...extra: string[]): Promise<Run> {
      const r = await runCli(['run', spec.site, '-i', lab.inventoryPath, ...limit, '-e', 'tool=lvsplay', ...extra], { timeoutMs: 300_000 });
      expect(r.code, r.stdout + r.stderr).to.equal(0);
      return { recap: recap(r.stdout), output: r.stdout };
    }

    before(async function () {
      if (canRunLab() || !hasAnsiblePlaybook()) this.skip();
      lab = await ensureLab(3, 0);
      // each run starts from hosts without the files of an earlier one
      for (const host of spec.hosts) await sshLab(lab, host, `rm -rf ${spec.base}`);
      await spec.prepare?.(lab);
    });
    after(async () => {
      if (!canRunLab()) await tearDownLab();
    });

    it('converges to the same files and registered values, with the same recap', async () => {
      const [theirs, ours] = await Promise.all([ansible(), lvsplay()]);
      expect(ours.recap).to.deep.equal(theirs.recap);
      for (const host of spec.hosts) {
        for (const file of spec.files) {
          const expected = hostFile(lab, host, `${spec.base}/ansible/${file}`);
          expect(expected, `${host}: ansible's ${file}`).to.be.a('string');
          expect(hostFile(lab, host, `${spec.base}/lvsplay/${file}`), `${host}: ${file}`).to.equal(expected);
        }
      }
    });

    it('changes nothing on a second run', async () => {
      const [theirs, ours] = await Promise.all([ansible(), lvsplay()]);
      expect(ours.recap).to.deep.equal(theirs.recap);
      for (const host of spec.hosts) expect(ours.recap[host], ours.output).to.match(/ changed=0 /);
    });

    it('--check touches nothing and reports as ansible-playbook --check does', async () => {
      const theirs = await ansible('--check');
      const before = snapshotHosts(lab);
      const ours = await lvsplay('--check');
      expect(snapshotHosts(lab)).to.deep.equal(before);
      expect(ours.recap).to.deep.equal(theirs.recap);
    });
  });
}
