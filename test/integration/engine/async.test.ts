// async/poll and async_status over the local connection, as ansible-playbook 2.14 runs the same
// playbook (recap ok=7 changed=3 ignored=1 under both): fire and forget then async_status until
// finished, a polled task, a task that outlives `async`, and cleanup.
import { expect } from 'chai';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../helpers/cli.js';
import { removeDir, scratchDir } from '../../helpers/scratch.js';

const PLAYBOOK = `- hosts: localhost
  gather_facts: false
  tasks:
    - name: fire and forget
      shell: sleep 1; echo done > {{ dir }}/marker
      async: 30
      poll: 0
      register: job
    - name: wait for it
      async_status:
        jid: "{{ job.ansible_job_id }}"
      register: status
      until: status.finished
      retries: 20
      delay: 1
    - assert:
        that:
          - job.started == 1 and job.finished == 0 and job is changed
          - status.rc == 0 and status is changed
          - lookup('file', dir ~ '/marker') == 'done'
    - name: polled
      command: echo hi
      async: 10
      poll: 1
      register: polled
    - name: too long
      command: sleep 5
      async: 2
      poll: 1
      register: late
      ignore_errors: true
    - async_status:
        jid: "{{ job.ansible_job_id }}"
        mode: cleanup
      register: cleaned
    - assert:
        that:
          - polled.stdout == 'hi' and polled.finished == 1 and polled.ansible_job_id is defined
          - late is failed and 'did not complete within the requested time' in late.msg
          - cleaned.erased == job.results_file
`;

describe('async/poll and async_status (as ansible-playbook 2.14)', function () {
  this.timeout(60_000);
  let dir = '';
  before(() => (dir = scratchDir()));
  after(() => removeDir(dir));

  it('runs jobs in the background, polls them, ends them after async seconds, and cleans up', async () => {
    writeFileSync(join(dir, 'play.yml'), PLAYBOOK);
    const res = await runCli(['run', join(dir, 'play.yml'), '-i', 'localhost ansible_connection=local,', '-e', `dir=${dir}`]);
    expect(res.code, res.stdout + res.stderr).to.equal(0);
    expect(res.stdout).to.match(/localhost : ok=7 changed=3 unreachable=0 failed=0 skipped=0 rescued=0 ignored=1/);
    expect(existsSync(join(dir, 'marker'))).to.equal(true);
  });
});
