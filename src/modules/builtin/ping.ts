// ping: prove the host can be reached and can run a command. Never a change.
import { defineModule } from '../types.js';
import { ModuleFailure } from '../../errors.js';

export const pingModule = defineModule({
  name: 'ping',
  checkMode: 'plan',
  spec: {
    short_description: 'Check that the host can be reached and can run a command',
    description: ['Never a change. Unlike ansible.builtin.ping there is no Python to test: the host runs `echo pong`.'],
    options: {
      data: { default: 'pong', description: 'The value returned in ping; crash makes the module fail, as Ansible documents.' },
    },
    examples: '- ping:\n\n- ping:\n    data: crash   # fails on purpose',
    returns: { ping: { description: 'The value of data', type: 'str', returned: 'success', sample: 'pong' } },
  },
  async plan(args, ctx) {
    const out = await ctx.read('echo pong');
    if (out.exitCode !== 0 || out.stdout.trim() !== 'pong') throw new ModuleFailure(`ping: the host could not run a command: ${out.stderr.trim()}`);
    // Ansible's ping documents data=crash as "raise an exception": a module failure with the exception on stderr.
    if (args.data === 'crash') throw new ModuleFailure('MODULE FAILURE: Exception: boom', { module_stdout: '', module_stderr: 'Exception: boom\n', rc: 1 });
    return { steps: [], data: { ping: args.data } };
  },
});
