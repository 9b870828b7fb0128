// Issue 14: the ha role's keepalived_container variant (the tutorial's osixia/keepalived unit) runs
// for real, and the systemd and service modules drive a real systemd. The lab comes up once with
// `--ha container`: two directors, each a VM that boots systemd as PID 1 and runs Docker, pulling
// the keepalived image from the lab registry (on the client host) through Docker's mirror setting,
// so the role's default image name is used as is. d1 runs the container --privileged, as the
// tutorial does; d2 with lvs_keepalived_privileged=false (host_vars beside the lab's inventory),
// so one converge proves both. Every check runs against those two VMs, in order; the VIP holder
// is rebooted by the reboot module (reboot-module-proof.ts), which proves both.
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, runJson, totalChanged } from '../../helpers/cli.js';
import { canRunLab, sshLab, sshLabOk, tearDownLab, trafficOnceSettled } from '../../helpers/lab.js';
import { verifyUnit } from '../../helpers/systemd-analyze.js';
import { repoPath } from '../../helpers/paths.js';
import { until } from '../../helpers/until.js';
import { formatTraffic, labUp, type LabState } from '../../../src/lab/index.js';
import { bootsSoFar, waitRebooted } from '../../../src/lab/systemd-vm/index.js';
import { CONTAINER, UNIT_NAME, containerRunning, waitContainerRunning } from './keepalived-container.js';
import { describeKeepalivedSwarm } from './keepalived-swarm-proof.js';
import { describeRebootModuleRefusals, rebootByModule } from './reboot-module-proof.js';

const UNIT = `/etc/systemd/system/${UNIT_NAME}`;
const IMAGE = 'osixia/keepalived:2.0.20';
const VIP = '10.77.0.50';
const site = repoPath('playbooks', 'site.yaml');
const DIAGNOSTICS = [
  'uptime',
  `systemctl status --no-pager --full ${UNIT_NAME} 2>&1 | head -n 20`,
  `journalctl -b --no-pager -o short-monotonic -u ${UNIT_NAME} -u docker.service 2>&1 | tail -n 40`,
  'docker ps -a 2>&1',
  'ip -4 -o addr show dev eth0',
  'systemctl --failed --no-legend --plain',
].join('; ');
const verify = repoPath('playbooks', 'verify.yaml');

const sh = sshLabOk;

async function vipHolders(lab: LabState): Promise<string[]> {
  const held = await Promise.all(['d1', 'd2'].map(async (d) => (await sh(lab, d, 'ip -o -4 addr show dev eth0')).includes(`inet ${VIP}/`)));
  return ['d1', 'd2'].filter((_, i) => held[i]);
}

/** Exactly one director holds the VIP (VRRP has settled), within the wait: its name. */
function oneHolder(lab: LabState, timeoutMs = 120_000): Promise<string> {
  return until('exactly one director to hold the VIP', timeoutMs, async () => {
    const h = await vipHolders(lab);
    return h.length === 1 ? h[0] : undefined;
  });
}

/** What a --check or a rerun must leave alone on a director. */
function directorState(lab: LabState, host: string): Promise<string> {
  return sh(
    lab,
    host,
    `sha256sum ${UNIT} 2>&1; systemctl is-enabled ${UNIT_NAME} 2>&1; systemctl show -p ActiveState -p MainPID -p NRestarts ${UNIT_NAME}; docker ps -q --no-trunc; ipvsadm -Sn; iptables -t mangle -S`,
  );
}

describe('systemd directors with Docker (lab up --ha container)', function () {
  this.timeout(1_800_000);
  let lab: LabState;
  // Part of `npm test`. CI builds the directors' image before the suite (.ci/run: `lab image`);
  // LVSPLAY_SKIP_SYSTEMD_LAB=1 leaves these proofs out where minutes of emulated boots do not fit.
  const wanted = process.env.LVSPLAY_SKIP_SYSTEMD_LAB !== '1';
  before(async function () {
    if (canRunLab() || !wanted) this.skip();
    const t = Date.now();
    lab = await labUp({ hosts: 3, directors: 2, client: true, ha: 'container', verbose: true });
    // gone with the lab's state (lab down)
    mkdirSync(join(lab.stateDir, 'host_vars'), { recursive: true });
    writeFileSync(join(lab.stateDir, 'host_vars', 'd2.yaml'), 'lvs_keepalived_privileged: false\n');
    const figures = await Promise.all(
      ['d1', 'd2'].map((d) => sh(lab, d, 'systemd-analyze | head -n1; free -m | awk \'/^Mem:/ {print "memory used " $3 " MiB of " $2}\'')),
    );
    process.stdout.write(
      `      lab up --ha container: ${((Date.now() - t) / 1000).toFixed(1)} s; ${figures.map((f, i) => `d${i + 1}: ${f.trim().replace(/\n/g, '; ')}`).join(' | ')}\n`,
    );
  });
  after(async () => {
    if (!canRunLab() && wanted) await tearDownLab();
  });
  // A failed proof shows what the directors saw (the lab goes down with the file): the unit,
  // its journal and Docker's, the containers and the addresses.
  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !lab) return;
    for (const d of ['d1', 'd2']) {
      const r = await sshLab(lab, d, DIAGNOSTICS, 120_000);
      process.stdout.write(`      --- ${d} after the failure (exit ${r.code}) ---\n${(r.stdout + r.stderr).replace(/^/gm, `      ${d} | `)}\n`);
    }
  });

  describe('the hosts', () => {
    it('boot systemd as PID 1 and run a Docker engine; the inventory asks for keepalived_container', async () => {
      for (const d of ['d1', 'd2']) {
        expect((await sh(lab, d, 'cat /proc/1/comm')).trim()).to.equal('systemd');
        expect((await sh(lab, d, 'systemctl is-system-running --wait || true')).trim()).to.be.oneOf(['running', 'degraded']);
        expect((await sh(lab, d, 'systemctl --failed --no-legend --plain')).trim(), `failed units on ${d}`).to.equal('');
        expect(await sh(lab, d, "docker info --format '{{.ServerVersion}} {{.Driver}} {{.CgroupVersion}}'")).to.match(/^20\.10\.\S+ overlay2 2/);
      }
      expect(readFileSync(join(lab.stateDir, 'group_vars', 'all.yaml'), 'utf8')).to.include('lvs_ha: keepalived_container');
    });
  });

  describe('ha role, keepalived_container', () => {
    it('--check shows the unit and plans daemon-reload, enable and start; touches nothing', async () => {
      const before = await Promise.all(['d1', 'd2'].map((d) => directorState(lab, d)));
      const res = await runCli(['run', site, '-i', lab.inventoryPath, '--check', '--diff', '-v'], { timeoutMs: 900_000 });
      expect(res.code, res.stdout.slice(-3000)).to.equal(0);
      expect(res.stdout).to.include(`+++ after: ${UNIT}`);
      expect(res.stdout).to.include(`[d1] systemctl enable ${UNIT_NAME} (would run)`);
      expect(res.stdout).to.include(`[d1] systemctl start ${UNIT_NAME} (would run)`);
      expect(await Promise.all(['d1', 'd2'].map((d) => directorState(lab, d)))).to.deep.equal(before);
      expect(before[0]).to.include('No such file');
    });

    it('site.yaml installs the unit; systemctl shows it active and enabled; docker ps shows the container pulled from the lab registry', async () => {
      const res = await runJson(['run', site, '-i', lab.inventoryPath], { timeoutMs: 900_000 });
      expect(res.code, res.stderr + JSON.stringify(res.report.stats)).to.equal(0);
      for (const d of ['d1', 'd2']) {
        expect((await sh(lab, d, `systemctl is-active ${UNIT_NAME}; systemctl is-enabled ${UNIT_NAME}`)).split('\n').slice(0, 2)).to.deep.equal([
          'active',
          'enabled',
        ]);
        const ps = await until(`the container on ${d}`, 120_000, async () => {
          const out = await sh(lab, d, `docker ps --filter name=^${CONTAINER}$ --format '{{.Names}} {{.Image}} {{.Status}}'`);
          return out.trim() ? out.trim() : undefined;
        });
        expect(ps).to.match(new RegExp(`^${CONTAINER} ${IMAGE} Up`));
        // pulled for real: the image's digest is the registry's
        expect(await sh(lab, d, `docker image inspect --format '{{json .RepoDigests}}' ${IMAGE}`)).to.match(/osixia\/keepalived@sha256:[0-9a-f]{64}/);
        // the tutorial's unit as the role rendered it, accepted by the host's own systemd
        expect(await sh(lab, d, `systemd-analyze verify ${UNIT} 2>&1 || true`)).to.equal('');
        // started once: the handler's restart is only for a container that ran before this run
        expect((await sh(lab, d, `journalctl -b -o cat -u ${UNIT_NAME} | grep -c '^Started ' || true`)).trim(), `starts of ${UNIT_NAME} on ${d}`).to.equal('1');
        expect(await sh(lab, d, `cat ${UNIT}`)).to.include(`"KEEPALIVED_UNICAST_PEERS=#PYTHON2BASH:['10.77.0.11','10.77.0.12']"`);
      }
      // d1 as the tutorial: --privileged
      expect(await sh(lab, 'd1', `cat ${UNIT}`)).to.include('--privileged');
      expect(await sh(lab, 'd1', `docker inspect --format '{{.State.Running}} {{.HostConfig.Privileged}}' ${CONTAINER}`)).to.match(/^true true/);
      // d2 with lvs_keepalived_privileged=false: explicit capabilities instead, and running (a
      // container Docker cannot start, seen: no apparmor_parser for the docker-default profile, is
      // created, fails, and the unit restarts it every 10 s)
      const unprivileged = await sh(lab, 'd2', `cat ${UNIT}`);
      expect(unprivileged).to.not.include('--privileged');
      expect(unprivileged).to.include('--cap-add=NET_ADMIN');
      const inspect = await sh(
        lab,
        'd2',
        `docker inspect --format '{{.State.Running}} {{.HostConfig.Privileged}} {{.AppArmorProfile}} {{json .HostConfig.CapAdd}}' ${CONTAINER}`,
      );
      // confined by Docker's default AppArmor profile, with only the capabilities keepalived needs
      expect(inspect).to.match(/^true false docker-default \["NET_RAW","NET_ADMIN","NET_BROADCAST"\]/);
    });

    it('VRRP elects one master; the VIP answers the client through IPVS', async () => {
      const holder = await oneHolder(lab);
      expect(holder).to.be.oneOf(['d1', 'd2']);
      const t = await trafficOnceSettled(120_000);
      expect(t.failed, formatTraffic(t)).to.equal(0);
    });

    it('a rerun changes nothing; --check after it plans nothing', async () => {
      const before = await Promise.all(['d1', 'd2'].map((d) => directorState(lab, d)));
      const again = await runJson(['run', site, '-i', lab.inventoryPath], { timeoutMs: 900_000 });
      expect(again.code).to.equal(0);
      expect(totalChanged(again.report), JSON.stringify(again.report.stats)).to.equal(0);
      const check = await runJson(['run', site, '-i', lab.inventoryPath, '--check'], { timeoutMs: 900_000 });
      expect(totalChanged(check.report), JSON.stringify(check.report.stats)).to.equal(0);
      expect(await Promise.all(['d1', 'd2'].map((d) => directorState(lab, d)))).to.deep.equal(before);
    });

    it("verify.yaml reads the container's state: unit active and enabled, container running, the VIP on exactly one", async () => {
      const res = await runCli(['run', verify, '-i', lab.inventoryPath], { timeoutMs: 600_000 });
      expect(res.code, res.stdout.slice(-3000)).to.equal(0);
      expect(res.stdout).to.match(new RegExp(`${UNIT_NAME} \\(runtime\\)\\s+active\\s+active`));
      expect(res.stdout).to.match(new RegExp(`${UNIT_NAME} at boot\\s+enabled\\s+enabled`));
      expect(res.stdout).to.match(new RegExp(`container ${CONTAINER}\\s+running\\s+running \\(${IMAGE.replace('.', '\\.')}\\)`));
      expect(res.stdout).to.match(/is held by d[12]/);
    });

    it("the VIP moves when the master's unit is stopped; verify.yaml names the stopped unit; the unit comes back", async () => {
      const master = await oneHolder(lab);
      const other = master === 'd1' ? 'd2' : 'd1';
      await sh(lab, master, `systemctl stop ${UNIT_NAME}`);
      expect(await containerRunning(lab, master)).to.equal(false);
      expect(await oneHolder(lab, 60_000)).to.equal(other);
      const t = await trafficOnceSettled(60_000);
      expect(t.failed, formatTraffic(t)).to.equal(0);
      const res = await runCli(['run', verify, '-i', lab.inventoryPath], { timeoutMs: 600_000 });
      expect(res.code, res.stdout.slice(-3000)).to.not.equal(0);
      expect(res.stdout).to.match(new RegExp(`${UNIT_NAME} \\(runtime\\)\\s+active\\s+inactive`));
      await sh(lab, master, `systemctl start ${UNIT_NAME}`);
      await waitContainerRunning(lab, master, 'again');
      // osixia's configuration has nopreempt: the VIP stays where it went, on exactly one
      await new Promise((r) => setTimeout(r, 5000));
      expect(await oneHolder(lab, 60_000)).to.equal(other);
    });

    it('a reboot of the VIP holder (by the reboot module) brings the unit, the container and the VIP back', async () => {
      const holder = await oneHolder(lab);
      const before = bootsSoFar(lab.stateDir, holder);
      const t = Date.now();
      const elapsed = await rebootByModule(lab, holder);
      const seconds = await waitRebooted(lab.stateDir, holder, before);
      process.stdout.write(
        `      ${holder} rebooted by the reboot module: back after ${elapsed} s (its elapsed), ready ${seconds} s after power-on, ${((Date.now() - t) / 1000).toFixed(1)} s in all\n`,
      );
      // The boot starts the unit after Docker; its ExecStartPre (docker pull) may still run when sshd answers.
      const state = await until(`${UNIT_NAME} on ${holder} to finish starting after the reboot`, 180_000, async () => {
        const s = (await sshLab(lab, holder, `systemctl is-active ${UNIT_NAME}; systemctl is-enabled ${UNIT_NAME}`, 60_000)).stdout.split('\n').slice(0, 2);
        return s[0] === 'activating' ? undefined : s;
      });
      expect(state).to.deep.equal(['active', 'enabled']);
      await waitContainerRunning(lab, holder, 'after the reboot', 180_000);
      await oneHolder(lab);
      const res = await runCli(['run', verify, '-i', lab.inventoryPath], { timeoutMs: 600_000 });
      expect(res.code, res.stdout.slice(-3000)).to.equal(0);
    });
  });

  describe('the systemd and service modules on a host that runs systemd', () => {
    const unitPath = '/etc/systemd/system/lvsplay-probe.service';
    let dir: string;
    let inventory: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'lvsplay-systemd-'));
      inventory = join(dir, 'inventory.ini');
      writeFileSync(
        inventory,
        lab
          ? `[probe]\nd2 ansible_host=10.77.0.12\n[all:vars]\nansible_user=root\nansible_ssh_private_key_file=${lab.keyPath}\nlvsplay_known_hosts=${lab.knownHostsPath}\nansible_ssh_timeout=60\n`
          : '',
      );
    });
    const play = (name: string, tasks: string): string => {
      const f = join(dir, `${name}.yaml`);
      writeFileSync(f, `- hosts: probe\n  gather_facts: false\n  tasks:\n${tasks}`);
      return f;
    };
    const unit = (description: string): string =>
      `[Unit]\nDescription=${description}\n[Service]\nExecStart=/bin/sleep infinity\nExecReload=/bin/touch /run/lvsplay-probe.reloaded\n[Install]\nWantedBy=multi-user.target\n`;
    const run = async (name: string, tasks: string): Promise<{ changed: number; stdout: string }> => {
      const res = await runJson(['run', play(name, tasks), '-i', inventory], { timeoutMs: 300_000 });
      expect(res.code, res.stderr + res.stdout.slice(-2000)).to.equal(0);
      return { changed: totalChanged(res.report), stdout: res.stdout };
    };
    const show = async (): Promise<Record<string, string>> =>
      Object.fromEntries(
        (await sh(lab, 'd2', `systemctl show -p ActiveState -p UnitFileState -p MainPID -p Description -p NeedDaemonReload lvsplay-probe.service`))
          .trim()
          .split('\n')
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
    const copyUnit = (description: string): string => `    - copy: { dest: ${unitPath}, content: ${JSON.stringify(unit(description))} }\n`;

    it('a new unit file: daemon_reload, enabled, started; a rerun changes nothing', async () => {
      const first = await run(
        'install',
        `${copyUnit('probe one')}    - systemd: { name: lvsplay-probe, daemon_reload: true, enabled: true, state: started }\n`,
      );
      expect(first.changed).to.equal(2);
      const s = await show();
      expect([s.ActiveState, s.UnitFileState, s.Description]).to.deep.equal(['active', 'enabled', 'probe one']);
      const again = await run(
        'install',
        `${copyUnit('probe one')}    - systemd: { name: lvsplay-probe, daemon_reload: true, enabled: true, state: started }\n`,
      );
      expect(again.changed).to.equal(0);
    });

    it('restarted gives a new process; reloaded runs ExecReload in the same one; stopped and disabled', async () => {
      const pid = (await show()).MainPID;
      await run('restart', `    - systemd: { name: lvsplay-probe, state: restarted }\n`);
      const restarted = (await show()).MainPID;
      expect(restarted).to.not.equal(pid);
      await sh(lab, 'd2', 'rm -f /run/lvsplay-probe.reloaded');
      await run('reload', `    - service: { name: lvsplay-probe, state: reloaded }\n`);
      expect((await sshLab(lab, 'd2', 'test -e /run/lvsplay-probe.reloaded')).code, 'ExecReload ran').to.equal(0);
      expect((await show()).MainPID).to.equal(restarted);
      const stop = await run('stop', `    - service: { name: lvsplay-probe, state: stopped, enabled: false }\n`);
      expect(stop.changed).to.equal(1);
      const off = await show();
      expect([off.ActiveState, off.UnitFileState]).to.deep.equal(['inactive', 'disabled']);
    });

    it('a changed unit file: systemd sees it only after daemon_reload, which runs and reports ok', async () => {
      // loaded (running): systemd unloads an inactive unit nobody needs, and one loaded afresh has
      // nothing to reload
      await run('start-again', `    - service: { name: lvsplay-probe, state: started }\n`);
      await run('change', `${copyUnit('probe two')}`);
      expect((await show()).NeedDaemonReload).to.equal('yes');
      // daemon-reload runs, and is no change (as in Ansible 2.14's systemd module); the unit runs already
      const r = await run('reload-daemon', `    - systemd: { name: lvsplay-probe, daemon_reload: true, state: started }\n`);
      expect(r.changed, 'daemon-reload alone is no change').to.equal(0);
      const s = await show();
      expect([s.Description, s.NeedDaemonReload, s.ActiveState]).to.deep.equal(['probe two', 'no', 'active']);
      await sh(lab, 'd2', `systemctl disable --now lvsplay-probe.service; rm -f ${unitPath}; systemctl daemon-reload`);
    });
  });

  describeRebootModuleRefusals(() => lab);
  describeKeepalivedSwarm(() => lab);
});

describe('the keepalived_container unit, rendered (no lab)', () => {
  it('systemd-analyze verify would catch a broken unit (the check can fail)', () => {
    const verdict = verifyUnit('[Service]\nRestart=sometimes\nExecStart=/usr/bin/nothere\n', '/etc/systemd/system/broken.service');
    expect(verdict.output).to.match(/restart specifier|not executable|No such file/);
  });
});
