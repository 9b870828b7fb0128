// group: a local group present (groupadd, or groupmod for its gid) or absent (groupdel), read
// through getent. The result's fields are Ansible 2.14's (name, state, gid, system; compared on
// Debian 12); a new group's gid is the one the host chose, read back after groupadd.
import { defineModule, type Step } from '../types.js';
import { getentFact } from '../../facts/getent.js';
import { commandLine } from '../../util/shell.js';
import { groupEntries, readBackStep } from '../lib/accounts.js';

export const groupModule = defineModule({
  name: 'group',
  checkMode: 'plan',
  spec: {
    short_description: 'Add, change or remove a local group',
    description: ['groupadd, groupmod and groupdel, run only where the group database differs from what the task asks.'],
    options: {
      name: { required: true, description: 'The group.' },
      gid: { type: 'int', minimum: 0, description: 'Its number; a present group with another one is renumbered (groupmod -g).' },
      state: { choices: ['present', 'absent'], default: 'present', description: 'Whether the group should exist.' },
      system: {
        type: 'bool',
        default: false,
        description: 'Create it as a system group (groupadd -r: a gid from the system range); no effect on an existing group.',
      },
      non_unique: { type: 'bool', default: false, description: 'Allow a gid another group already has (-o); needs gid.' },
    },
    required_if: [['non_unique', true, ['gid']]],
    examples: ['- group:', '    name: lvs-admins', '    gid: 2001'].join('\n'),
    returns: {
      name: { description: 'The group', type: 'str', returned: 'always' },
      state: { description: 'present or absent', type: 'str', returned: 'always' },
      gid: { description: 'Its number', type: 'int', returned: 'when state is present' },
      system: { description: 'Whether it was asked for as a system group', type: 'bool', returned: 'when state is present' },
    },
  },
  async plan(args, ctx) {
    const { name, state } = args;
    const existing = groupEntries(await ctx.fact(getentFact, { database: 'group', keys: [name] }))[0];
    if (state === 'absent') {
      const data = { name, state };
      return existing ? { steps: [{ describe: `groupdel ${name}`, command: commandLine('groupdel', name) }], data } : { steps: [], data };
    }
    const gid = args.gid ?? existing?.gid;
    const data = { name, state, system: args.system, ...(gid !== undefined ? { gid } : {}) };
    const unique = args.non_unique ? ['-o'] : [];
    let change: Step | undefined;
    if (!existing) {
      const words = [...(args.gid !== undefined ? ['-g', String(args.gid), ...unique] : []), ...(args.system ? ['-r'] : []), name];
      change = { describe: `groupadd ${words.join(' ')}`, command: commandLine('groupadd', ...words) };
    } else if (args.gid !== undefined && existing.gid !== args.gid) {
      const words = ['-g', String(args.gid), ...unique, name];
      change = { describe: `groupmod ${words.join(' ')}`, command: commandLine('groupmod', ...words) };
    }
    return { steps: change ? [change, readBackStep('group', name)] : [], data };
  },
  summarize(args, plan, outputs) {
    // The gid the host gave a new group, from the read-back step.
    const readBack = outputs[plan.steps.length - 1]?.stdout.split('\n')[0]?.split(':');
    return readBack?.length === 4 && args.state === 'present' ? { gid: Number(readBack[2]) } : {};
  },
});
