// add_host and group_by: change the run's inventory. They run on the controller and only say
// what to add; the engine applies it (run/runtime-inventory.ts) and reports changed when the
// inventory did change, as Ansible's do.
import { ModuleFailure } from '../../errors.js';
import { defineModule } from '../types.js';

/** The inventory change a module asks for, in the result fields Ansible's modules return. */
export interface AddHostResult {
  host_name: string;
  groups: string[];
  host_vars: Record<string, unknown>;
}

export const addHostModule = defineModule({
  name: 'add_host',
  checkMode: 'plan',
  runsOn: 'controller',
  // Ansible's add_host runs once per task (per loop item), on the first host: it names the host it adds.
  bypassHostLoop: true,
  spec: {
    short_description: "Add a host (and its variables) to the run's inventory, for later plays",
    description: ['Runs once per task (per loop item), not once per host. Changed when the inventory changed.'],
    options: {
      // not declared required: as in Ansible, a task without it fails when it runs
      name: { aliases: ['host', 'hostname'], description: 'The host to add; host:port also sets its ansible_port. A task without it fails.' },
      groups: { type: 'list', elements: 'str', aliases: ['group', 'groupname'], description: 'The groups to put it in, as a list or comma-separated.' },
    },
    extra_keys: { description: 'Each other key is a variable of the added host, with its value.' },
    examples: ['- add_host:', '    name: 10.77.0.21:2222', '    groups: [directors]', '    lvs_role: backup'].join('\n'),
    returns: { add_host: { description: 'host_name, groups and host_vars of the host added', type: 'dict', returned: 'always' } },
  },
  async plan(args) {
    const { name, groups: groupsArg, ...extra } = args;
    if (name === undefined || name === '') throw new ModuleFailure('add_host needs name (the host to add)');
    const groups = (groupsArg ?? []).map((g) => g.trim()).filter(Boolean);
    // host:port, as Ansible's add_host splits it
    const [hostName, port] = /^[^:]+:\d+$/.test(name) ? name.split(':') : [name, undefined];
    const hostVars: Record<string, unknown> = { ...extra };
    if (port !== undefined) hostVars.ansible_port = Number(port);
    const add_host: AddHostResult = { host_name: hostName, groups, host_vars: hostVars };
    return { steps: [], data: { add_host } };
  },
});

export const groupByModule = defineModule({
  name: 'group_by',
  checkMode: 'plan',
  runsOn: 'controller',
  spec: {
    short_description: "Put the host in a group named by a template (for later plays' host patterns)",
    options: {
      key: { required: true, description: 'The group name (spaces become dashes, as in Ansible).' },
      parents: { type: 'list', elements: 'str', default: ['all'], description: 'The groups the new group goes under.' },
    },
    examples: ['- group_by:', '    key: "os_{{ ansible_facts.distribution }}"'].join('\n'),
  },
  async plan(args) {
    return { steps: [], data: { add_group: args.key.replace(/ /g, '-'), parent_groups: args.parents.map((p) => p.replace(/ /g, '-')) } };
  },
});
