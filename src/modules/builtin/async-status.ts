// async_status: the state of a background job an `async` task started on this host; when the
// job has finished, the task's own result (as the foreground run would have given it). mode
// cleanup removes the job's folder. The engine keeps the jobs (engine/run/async-jobs.ts).
import { defineModule } from '../types.js';
import { ModuleFailure } from '../../errors.js';

export const asyncStatusModule = defineModule({
  name: 'async_status',
  checkMode: 'plan',
  spec: {
    short_description: 'The state of a background job an async task started on this host, and its result once it has finished',
    options: {
      jid: { required: true, description: 'The job id (ansible_job_id in the result of the async task).' },
      mode: { choices: ['status', 'cleanup'], default: 'status', description: "status reads the job; cleanup removes the job's folder on the host." },
    },
    examples: [
      '- command: /usr/local/bin/long-check',
      '  async: 600',
      '  poll: 0',
      '  register: job',
      '- async_status:',
      "    jid: '{{ job.ansible_job_id }}'",
      '  register: done',
      '  until: done.finished',
      '  retries: 60',
    ].join('\n'),
    returns: {
      finished: { description: '1 when the job has ended, else 0', type: 'int', returned: 'always' },
      ansible_job_id: { description: 'the job id', type: 'str', returned: 'always' },
    },
  },
  async plan(args, ctx) {
    if (!ctx.asyncJob) throw new ModuleFailure('async_status: no background jobs here (the engine did not provide them)');
    const { changed, failed, msg, ...data } = await ctx.asyncJob(args.jid, args.mode);
    return { steps: [], data, failed, ...(changed ? { forceChanged: true } : {}), ...(msg !== undefined ? { msg } : {}) };
  },
});
