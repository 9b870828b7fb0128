// The LVS roles as a user checks them, run by proofs.test.ts on its converged HA lab (2
// directors, 3 nodes): verify.yaml passes, also under --check, and names a backup that claims
// the VIP too; after a VIP is deleted from one node and the mark rule from a director by hand,
// verify fails naming exactly those two, and site.yaml repairs them; a bad variable is refused
// with its file and line before any host is touched.
import { expect } from 'chai';
import { repoPath } from '../../helpers/paths.js';
import { runCli, runJson } from '../../helpers/cli.js';
import { sshLab } from '../../helpers/lab.js';
import { execInHost, type LabState } from '../../../src/lab/index.js';

const site = repoPath('playbooks', 'site.yaml');
const verify = repoPath('playbooks', 'verify.yaml');

/** The checks, on the HA lab `getLab` returns once site.yaml has converged it. */
export function describeRoleChecks(getLab: () => LabState): void {
  describe('the LVS roles checked and repaired (verify.yaml)', function () {
    let lab: LabState;
    before(function () {
      lab = getLab();
      if (!lab) this.skip();
    });

    it('verify.yaml passes, also under --check; a backup that claims the VIP too is named', async () => {
      const res = await runCli(['run', verify, '-i', lab.inventoryPath]);
      // an unreachable host's reason is far above the tables at the end (seen once: d2 unreachable)
      const reasons = res.stdout.split('\n').filter((l) => /unreachable|fatal|failed/i.test(l) && !/ : ok=/.test(l));
      expect(res.code, `${reasons.join('\n')}\n${res.stdout.slice(-3000)}`).to.equal(0);
      expect(res.stdout).to.include('VIP on lo');
      const checked = await runCli(['run', verify, '-i', lab.inventoryPath, '--check']);
      expect(checked.code).to.equal(0);
      // A backup that also claims the VIP (by hand here; a split brain in life) is named.
      await sshLab(lab, 'd2', 'ip addr add 10.77.0.50/32 dev eth0');
      try {
        const split = await runCli(['run', verify, '-i', lab.inventoryPath, '--limit', 'directors']);
        expect(split.code).to.equal(2);
        expect(split.stdout).to.include('10.77.0.50 is held by 2 directors (d1, d2), expected exactly one');
      } finally {
        await sshLab(lab, 'd2', 'ip addr del 10.77.0.50/32 dev eth0');
      }
    });

    it("verify names exactly what was removed by hand (a node's VIP, a director's mark rule), and site.yaml repairs them", async () => {
      await execInHost('s2', ['ip', 'addr', 'del', '10.77.0.50/32', 'dev', 'lo']);
      const del = await sshLab(
        lab,
        'd1',
        "iptables -t mangle -S PREROUTING | grep -- '-j MARK' | sed 's/^-A/-D/' | while read -r r; do eval iptables -t mangle $r; done; iptables -t mangle -S PREROUTING",
      );
      expect(del.code, del.stderr).to.equal(0);
      expect(del.stdout).to.not.include('MARK');
      const broken = await runJson(['run', verify, '-i', lab.inventoryPath]);
      expect(broken.code).to.equal(2);
      const failures = broken.report.plays.flatMap((p) =>
        p.tasks.flatMap((t) =>
          Object.entries(t.hosts)
            .filter(([, r]) => r.status === 'failed')
            .map(([h, r]) => `${h}: ${String(r.result.msg)}`),
        ),
      );
      expect(failures.sort()).to.have.length(2);
      expect(failures[0]).to.match(/^d1: 1 of \d+ checks failed: mangle MARK rule \(runtime\) \(expected -d 10\.77\.0\.50\/32 -j MARK 80, found absent\)$/);
      expect(failures[1]).to.match(/^s2: 1 of \d+ checks failed: VIP on lo/);
      const repaired = await runJson(['run', site, '-i', lab.inventoryPath]);
      expect(repaired.code).to.equal(0);
      expect(repaired.report.stats.s2!.changed).to.equal(1);
      expect(repaired.report.stats.s1!.changed).to.equal(0);
      expect(repaired.report.stats.d1!.changed).to.equal(1);
      expect(repaired.report.stats.d2!.changed).to.equal(0);
      const again = await runCli(['run', verify, '-i', lab.inventoryPath]);
      expect(again.code, again.stdout.slice(-3000)).to.equal(0);
    });

    it('a bad variable is refused with its file and line before any host is touched', async () => {
      const res = await runCli(['run', site, '-i', lab.inventoryPath, '-e', 'lvs_vip=10.77.0.300']);
      expect(res.code).to.equal(1);
      expect(res.stderr).to.match(/lvs_vip' is "10\.77\.0\.300", not an IPv4 address/);
      expect(res.stderr.trim().split('\n')).to.have.length(1);
    });
  });
}
