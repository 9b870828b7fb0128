// The hostname module against ansible-playbook 2.14 on the same playbook (use: alpine, the file
// strategy), each in its own UTS and mount namespace with a scratch overlay on /etc (a rename over
// a file bound in place would fail, as lvsplay writes files atomically), so this machine's name
// and files are never touched: the same changed, diff and /etc/hostname, the same
// rerun without change. One difference on purpose: Ansible's alpine strategy runs `hostname -F`
// before it writes the file and leaves the running name as it was; lvsplay renames it.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoPath } from '../../helpers/paths.js';
import { removeDir, scratchDir } from '../../helpers/scratch.js';

const PLAYBOOK = `- hosts: all
  gather_facts: false
  tasks:
    - hostname:
        name: web1.example.org
        use: alpine
`;

interface Sandboxed {
  runs: string[];
  file: string;
  running: string;
}

/** Runs `command` twice in a fresh namespace whose /etc/hostname says "old" (and /etc is an overlay). */
function sandboxed(dir: string, name: string, command: string): Sandboxed {
  const upper = join(dir, `${name}-upper`);
  const work = join(dir, `${name}-work`);
  mkdirSync(upper);
  mkdirSync(work);
  const script = `mount -t overlay overlay -o lowerdir=/etc,upperdir=${upper},workdir=${work} /etc && echo old > /etc/hostname && hostname old || exit 99
for i in 1 2; do ${command}; echo "@@run"; done; echo "@@running $(hostname)"`;
  const r = spawnSync('unshare', ['-u', '-m', 'sh', '-c', script], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ANSIBLE_NOCOLOR: '1' } });
  expect(r.status, r.stderr).to.equal(0);
  const parts = r.stdout.split('@@run\n');
  return { runs: parts.slice(0, 2), file: readFileSync(join(upper, 'hostname'), 'utf8'), running: /@@running (\S+)/.exec(r.stdout)?.[1] ?? '' };
}

describe('hostname module, compared with ansible-playbook 2.14', function () {
  this.timeout(120_000);
  let dir: string;
  before(function () {
    if (spawnSync('unshare', ['-u', '-m', 'true']).status !== 0 || spawnSync('ansible-playbook', ['--version']).status !== 0) this.skip();
    dir = scratchDir('lvsplay-hostname-');
    writeFileSync(join(dir, 'site.yaml'), PLAYBOOK);
    writeFileSync(join(dir, 'inventory.ini'), 'box ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n');
  });
  after(() => removeDir(dir));

  it('same change, diff and /etc/hostname; the rerun changes nothing', () => {
    const inventory = join(dir, 'inventory.ini');
    const site = join(dir, 'site.yaml');
    const ansible = sandboxed(dir, 'ansible', `ansible-playbook -i ${inventory} ${site} --diff`);
    const lvsplay = sandboxed(dir, 'lvsplay', `${process.execPath} ${repoPath('bin', 'lvsplay.js')} run ${site} -i ${inventory} --diff`);
    for (const [who, out] of [
      ['ansible', ansible],
      ['lvsplay', lvsplay],
    ] as const) {
      expect(out.runs[0], who).to.match(/changed: \[box\]/);
      expect(out.runs[0], who).to.include('-hostname = old').and.include('+hostname = web1.example.org');
      expect(out.runs[1], who)
        .to.match(/ok: \[box\]/)
        .and.not.match(/changed: \[box\]/);
      expect(out.file, who).to.equal('web1.example.org\n');
    }
    expect(ansible.running, 'ansible leaves the running name').to.equal('old');
    expect(lvsplay.running, 'lvsplay renames the running system').to.equal('web1.example.org');
  });
});
