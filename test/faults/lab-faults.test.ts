// Faults during real runs on 10 lab hosts (network namespaces with real sshd; no mocks):
// - a host's link cut (veth down) and another host's sshd killed in the middle of a task: the
//   others complete, those two are reported unreachable (exit 4), and a rerun after restoring
//   them changes only what they missed;
// - lvsplay SIGKILLed at random moments while it writes managed files: every managed file on
//   every host is always the old or the new content, never partial, and no temporary is left
//   once the next run has passed;
// - a full disk and a read-only file system on a target: a clear failed task, the old file intact.
// Each campaign prints one summary line with its counts.
import { expect } from 'chai';
import { join } from 'node:path';
import { runJson, spawnCli, type JsonRunReport } from '../helpers/cli.js';
import { hostFile, hostList } from '../helpers/lab.js';
import { execInHost, setLinkDown, setLinkUp, startSshd, type LabState } from '../../src/lab/index.js';
import { seeded } from './mutations.js';
import { killSshdTree, sleep, useLab, writeProject } from './lab-tools.js';

const NODES = 10;
const KILL_TRIALS = Number(process.env.LVSPLAY_KILL_TRIALS ?? 30);
const hostsOf = (): string[] => Array.from({ length: NODES }, (_, i) => `s${i + 1}`);
// A cut link is noticed by SSH keepalives in about 3 s instead of 45 s.
const KEEPALIVE = ['-e', JSON.stringify({ ansible_ssh_extra_args: '-o ServerAliveInterval=1 -o ServerAliveCountMax=3' })];

function failedOrUnreachable(report: JsonRunReport, host: string): number {
  const s = report.stats[host]!;
  return s.failed + s.unreachable;
}

describe(`fault campaigns on ${NODES} lab hosts`, function () {
  this.timeout(600_000);
  let lab: LabState;
  let dir: string;
  useLab(NODES, 'lvsplay-faults-', (l, d) => {
    lab = l;
    dir = d;
  });

  it('link faults: a cut link and a killed sshd mid-task are unreachable (exit 4), the others complete, a rerun changes only what they missed', async () => {
    writeProject(dir, {
      'link.yaml': `- hosts: nodes
  gather_facts: false
  tasks:
    - name: before the fault
      copy:
        dest: /etc/lvsplay-link-before.conf
        content: "{{ inventory_hostname }} before\\n"
    - name: a long task, during which the faults happen
      command: sleep 5
      changed_when: false
    - name: after the fault
      copy:
        dest: /etc/lvsplay-link-after.conf
        content: "after {{ round }}\\n"
    - name: a line after the fault
      lineinfile:
        path: /etc/lvsplay-link-lines.conf
        line: "round={{ round }}"
        create: true
`,
    });
    const rounds: Array<[string, string]> = [
      ['s3', 's4'],
      ['s9', 's2'],
    ];
    let completed = 0;
    let unreachable = 0;
    let rerunChanged = 0;
    let rerunUnchangedHosts = 0;
    for (const [r, [cut, killed]] of rounds.entries()) {
      const run = runJson(['run', join(dir, 'link.yaml'), '-i', lab.inventoryPath, '-f', String(NODES), '-e', `round=${r}`, ...KEEPALIVE], {
        timeoutMs: 120_000,
      });
      // The faults come once every host is inside the long task.
      for (let i = 0; i < 200 && hostsOf().some((h) => hostFile(lab, h, '/etc/lvsplay-link-before.conf') === undefined); i++) await sleep(50);
      await sleep(500);
      await setLinkDown(cut);
      killSshdTree(lab, killed);
      let res: Awaited<ReturnType<typeof runJson>>;
      try {
        res = await run;
      } finally {
        await setLinkUp(cut);
        await startSshd(killed);
      }
      expect(res.code, res.stderr).to.equal(4);
      for (const h of [cut, killed]) expect(res.report.stats[h]!.unreachable, `${h}: ${JSON.stringify(res.report.stats[h])}`).to.equal(1);
      expect(hostFile(lab, cut, '/etc/lvsplay-link-after.conf')).to.not.equal(`after ${r}\n`);
      for (const h of hostsOf().filter((x) => x !== cut && x !== killed)) {
        expect(failedOrUnreachable(res.report, h), h).to.equal(0);
        expect(hostFile(lab, h, '/etc/lvsplay-link-after.conf'), h).to.equal(`after ${r}\n`);
        completed++;
      }
      unreachable += 2;
      // Restored: the rerun converges, changing only the two hosts that missed the end.
      const again = await runJson(['run', join(dir, 'link.yaml'), '-i', lab.inventoryPath, '-e', `round=${r}`, ...KEEPALIVE]);
      expect(again.code, again.stderr).to.equal(0);
      for (const h of hostsOf()) {
        const changed = again.report.stats[h]!.changed;
        if (h === cut || h === killed) {
          expect(changed, h).to.equal(2);
          rerunChanged += changed;
        } else {
          expect(changed, h).to.equal(0);
          rerunUnchangedHosts++;
        }
      }
    }
    console.log(
      `      link faults: ${rounds.length} rounds on ${NODES} hosts, ${completed} host runs completed, ${unreachable} unreachable (exit 4), reruns: ${rerunChanged} changes on the faulted hosts, ${rerunUnchangedHosts} hosts unchanged`,
    );
  });

  it(`killed controller: SIGKILL at random moments while writing managed files (${KILL_TRIALS} trials); every file old or new, never partial; temporaries gone after the next run`, async () => {
    // Two versions of different sizes, so that a cut in either direction shows.
    const versions = { a: 'version a\n'.repeat(30_000), b: 'version B, longer\n'.repeat(24_000) };
    const files = ['/etc/lvsplay-kill/one.conf', '/etc/lvsplay-kill/two.conf', '/etc/lvsplay-kill/three.conf'];
    writeProject(dir, {
      'files/a.txt': versions.a,
      'files/b.txt': versions.b,
      'files/motd-a.j2': `${versions.a}{{ inventory_hostname }}\n`,
      'files/motd-b.j2': `${versions.b}{{ inventory_hostname }}\n`,
      'kill.yaml': `- hosts: nodes
  gather_facts: false
  tasks:
    - file:
        path: /etc/lvsplay-kill
        state: directory
    - copy:
        src: "files/{{ v }}.txt"
        dest: "{{ item }}"
      loop: ${JSON.stringify(files.slice(0, 2))}
    - lineinfile:
        path: /etc/lvsplay-kill/two.conf
        line: "last line {{ v }}"
    - template:
        src: "files/motd-{{ v }}.j2"
        dest: ${files[2]}
`,
    });
    const expectedOf = (v: 'a' | 'b', host: string): string[] => [versions[v], `${versions[v]}last line ${v}\n`, `${versions[v]}${host}\n`];
    // two.conf is copied, then a line is added: between the two tasks it holds the bare copy
    const allowed = (host: string, file: number, content: string | undefined): boolean =>
      [...expectedOf('a', host), ...expectedOf('b', host)]
        .filter((_, k) => k % 3 === file)
        .concat(file === 1 ? [versions.a, versions.b] : [])
        .includes(content ?? '');
    const args = (v: string): string[] => ['run', join(dir, 'kill.yaml'), '-i', lab.inventoryPath, '-f', String(NODES), '-e', `v=${v}`];
    // A full run first: how long a write takes, and the starting content.
    const t = Date.now();
    const first = await spawnCli(args('a')).done;
    const fullMs = Date.now() - t;
    expect(first.code, first.stderr).to.equal(0);
    const rnd = seeded(8);
    let checked = 0;
    let partial = 0;
    let killedMidWrite = 0;
    let leftBehind = 0;
    const problems: string[] = [];
    for (let trial = 0; trial < KILL_TRIALS; trial++) {
      const v = trial % 2 === 0 ? 'b' : 'a';
      const delay = Math.floor(100 + rnd() * fullMs);
      const { child, done } = spawnCli(args(v));
      await sleep(delay);
      child.kill('SIGKILL');
      const end = await done;
      if (end.signal === 'SIGKILL') killedMidWrite++;
      // Remote writes cut short finish on their own (refused by the byte count): give them a moment.
      await sleep(300);
      for (const h of hostsOf()) {
        files.forEach((f, i) => {
          const content = hostFile(lab, h, f);
          checked++;
          if (!allowed(h, i, content)) {
            partial++;
            problems.push(`trial ${trial} (killed after ${delay} ms): ${h}:${f} is ${content?.length} bytes, neither old nor new`);
          }
        });
        leftBehind += hostList(lab, h, '/etc/lvsplay-kill').filter((n) => n.includes('.lvsplay-tmp-')).length;
      }
    }
    // What a SIGKILLed remote sh (not just a dropped session) would leave: the next run removes
    // it whether or not it rewrites the file.
    let planted = 0;
    for (const h of hostsOf()) {
      const r = await execInHost(h, ['sh', '-c', 'for f in one two three; do echo partial > /etc/lvsplay-kill/.$f.conf.lvsplay-tmp-planted; done']);
      expect(r.code, r.stderr).to.equal(0);
      planted += 3;
    }
    const final = await spawnCli(args('b')).done;
    expect(final.code, final.stderr).to.equal(0);
    const leftAfter = hostsOf().flatMap((h) =>
      hostList(lab, h, '/etc/lvsplay-kill')
        .filter((n) => n.includes('.lvsplay-tmp-'))
        .map((n) => `${h}:${n}`),
    );
    for (const h of hostsOf()) files.forEach((f, i) => expect(hostFile(lab, h, f), `${h}:${f}`).to.equal(expectedOf('b', h)[i]));
    console.log(
      `      killed controller: ${KILL_TRIALS} SIGKILLs (${killedMidWrite} mid-run, full run ${fullMs} ms), ${checked} managed files checked, ${checked - partial} old or new, ${partial} partial; ${leftBehind} temporaries seen after kills; ${planted} planted, ${leftAfter.length} left after the next run`,
    );
    expect(problems, problems.slice(0, 5).join('\n')).to.deep.equal([]);
    expect(leftAfter).to.deep.equal([]);
    expect(killedMidWrite).to.be.greaterThan(KILL_TRIALS / 2);
  });

  it('a full disk and a read-only file system on a target: a clear failed task, the old file intact, no temporary left', async () => {
    const full = 's9';
    const ro = 's10';
    const mountOn = async (host: string, path: string, extra: string): Promise<void> => {
      const r = await execInHost(host, [
        'sh',
        '-c',
        `set -e; mkdir -p ${path}; mount -t tmpfs -o size=64k tmpfs ${path}; printf 'old content\\n' > ${path}/app.conf; ${extra}`,
      ]);
      expect(r.code, r.stderr).to.equal(0);
    };
    await mountOn(full, '/etc/lvsplay-full', 'dd if=/dev/zero of=/etc/lvsplay-full/filler bs=4k 2>/dev/null || true');
    await mountOn(ro, '/etc/lvsplay-ro', 'mount -o remount,ro /etc/lvsplay-ro');
    try {
      writeProject(dir, {
        'disk.yaml': `- hosts: ${full},${ro}
  gather_facts: false
  tasks:
    - copy:
        dest: "{{ target }}/app.conf"
        content: ${JSON.stringify('new content line\n'.repeat(2000))}
      vars:
        target: "{{ '/etc/lvsplay-full' if inventory_hostname == '${full}' else '/etc/lvsplay-ro' }}"
`,
      });
      const res = await runJson(['run', join(dir, 'disk.yaml'), '-i', lab.inventoryPath]);
      expect(res.code, res.stdout.slice(-1500)).to.equal(2);
      const results = res.report.plays[0]!.tasks[0]!.hosts;
      const msg = (h: string): string => JSON.stringify(results[h]?.result ?? {});
      expect(results[full]?.status).to.equal('failed');
      expect(results[ro]?.status).to.equal('failed');
      expect(msg(full)).to.match(/No space left on device/);
      expect(msg(ro)).to.match(/Read-only file system/);
      for (const [h, p] of [
        [full, '/etc/lvsplay-full'],
        [ro, '/etc/lvsplay-ro'],
      ] as const) {
        const cat = await execInHost(h, ['sh', '-c', `cat ${p}/app.conf; ls -a ${p}`]);
        expect(cat.stdout.startsWith('old content\n'), `${h}: ${cat.stdout}`).to.equal(true);
        expect(cat.stdout).to.not.include('.lvsplay-tmp-');
      }
      console.log(
        `      full disk / read-only: 2 targets, 2 failed tasks (${(results[full]?.result as { msg?: string })?.msg?.split('\n')[0] ?? ''} | ${(results[ro]?.result as { msg?: string })?.msg?.split('\n')[0] ?? ''}), 2 old files intact, 0 temporaries`,
      );
    } finally {
      await execInHost(full, ['umount', '/etc/lvsplay-full']);
      await execInHost(ro, ['umount', '/etc/lvsplay-ro']);
    }
  });
});
