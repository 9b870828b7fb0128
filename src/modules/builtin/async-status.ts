// async_status: the state of a background job an `async` task started on this host; when the
// job has finished, the task's own result (as the foreground run would have given it). mode
// cleanup removes the job's folder. The engine keeps the jobs (engine/run/async-jobs.ts).
import { defineModule } from '../types.js';
import { ModuleFailure } from '../../errors.js';

export const asyncStatusModule = defineModule<{ jid: string; mode?: 'status' | 'cleanup' }>({
  name: 'async_status',
  checkMode: 'plan',
  argsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['jid'],
    properties: { jid: { type: 'string', minLength: 1 }, mode: { type: 'string', enum: ['status', 'cleanup'] } },
  },
  async plan(args, ctx) {
    if (!ctx.asyncJob) throw new ModuleFailure('async_status: no background jobs here (the engine did not provide them)');
    const { changed, failed, msg, ...data } = await ctx.asyncJob(args.jid, args.mode ?? 'status');
    return { steps: [], data, failed, ...(changed ? { forceChanged: true } : {}), ...(msg !== undefined ? { msg } : {}) };
  },
});
