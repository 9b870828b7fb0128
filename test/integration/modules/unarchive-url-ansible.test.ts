// unarchive with a URL and remote_src, side by side with ansible-playbook 2.14 over the local
// connection: the archive is served on this machine's loopback, each tool unpacks it into its own
// folder, a rerun changes nothing, a URL that answers 404 fails (ignored): the same recap and
// the same files. Two differences are Ansible's 2.14 quirks, not followed: its result's src is
// its temporary copy's path (lvsplay keeps the URL), and a 404 reads to it as an empty archive
// ("Invalid archive ..., the file is 0 bytes"; lvsplay says "Failure downloading URL, ...").
import { expect } from 'chai';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runCli } from '../../helpers/cli.js';
import { recap } from '../../helpers/recap.js';
import { ansiblePlaybook, hasAnsiblePlaybook } from '../../helpers/ansible-playbook.js';
import { removeDir, scratchDir } from '../../helpers/scratch.js';
import { serveFiles, type ServedFiles } from '../../helpers/serve-files.js';

const play = (url: string, dest: string): string => `- hosts: localhost
  gather_facts: false
  tasks:
    - unarchive: { src: "${url}/app.tgz", dest: "${dest}", remote_src: true }
    - unarchive: { src: "${url}/app.tgz", dest: "${dest}", remote_src: true }
      register: again
    - assert: { that: [again is not changed, again.handler == 'TgzArchive'] }
    - unarchive: { src: "${url}/gone.tgz", dest: "${dest}", remote_src: true }
      register: missing
      ignore_errors: true
    - assert: { that: [missing is failed] }
`;

describe('unarchive from a URL on the host, compared with ansible-playbook 2.14 (local connection)', function () {
  this.timeout(120_000);
  let dir: string;
  let server: ServedFiles;
  before(async function () {
    if (!hasAnsiblePlaybook()) this.skip();
    dir = scratchDir('lvsplay-unarchive-url-');
    mkdirSync(join(dir, 'src', 'app'), { recursive: true });
    writeFileSync(join(dir, 'src', 'app', 'VERSION'), 'v1\n');
    mkdirSync(join(dir, 'served'));
    expect(spawnSync('tar', ['-C', join(dir, 'src'), '-czf', join(dir, 'served', 'app.tgz'), 'app']).status).to.equal(0);
    server = await serveFiles(join(dir, 'served'));
  });
  after(() => {
    server?.close();
    if (dir) removeDir(dir);
  });

  it('gives the same recap and unpacks the same files', async () => {
    const runs: Record<string, string> = {};
    for (const tool of ['ansible', 'lvsplay']) {
      mkdirSync(join(dir, tool));
      const file = join(dir, `${tool}.yml`);
      writeFileSync(file, play(server.url, join(dir, tool)));
      if (tool === 'ansible') {
        const r = ansiblePlaybook(['-i', 'localhost,', '-c', 'local', file]);
        expect(r.status, r.stdout + r.stderr).to.equal(0);
        runs[tool] = r.stdout;
      } else {
        const r = await runCli(['run', file, '-i', 'localhost,', '-e', 'ansible_connection=local']);
        expect(r.code, r.stdout + r.stderr).to.equal(0);
        runs[tool] = r.stdout;
      }
      expect(readFileSync(join(dir, tool, 'app', 'VERSION'), 'utf8'), tool).to.equal('v1\n');
    }
    expect(recap(runs.lvsplay!)).to.deep.equal(recap(runs.ansible!));
    expect(recap(runs.lvsplay!).localhost).to.match(/^ok=5 changed=1 .* ignored=1$/);
    expect(runs.lvsplay).to.include(`Failure downloading ${server.url}/gone.tgz`);
  });
});
