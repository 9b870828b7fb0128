// add_host and group_by: change the run's inventory. They run on the controller and only say
// what to add; the engine applies it (run/inventory-changes.ts) and reports changed when the
// inventory did change, as Ansible's do.
import { ModuleFailure } from '../../errors.js';
import { defineModule } from '../types.js';

/** The inventory change a module asks for, in the result fields Ansible's modules return. */
export interface AddHostResult {
  host_name: string;
  groups: string[];
  host_vars: Record<string, unknown>;
}

const ADD_HOST_OPTIONS = new Set(['name', 'host', 'hostname', 'groups', 'group', 'groupname']);

export const addHostModule = defineModule<Record<string, unknown>>({
  name: 'add_host',
  checkMode: 'plan',
  runsOn: 'controller',
  // Ansible's add_host runs once per task (per loop item), on the first host: it names the host it adds.
  bypassHostLoop: true,
  argsSchema: { type: 'object' },
  async plan(args) {
    const name = args.name ?? args.host ?? args.hostname;
    if (typeof name !== 'string' || name === '') throw new ModuleFailure('add_host needs name (the host to add)');
    const groupsArg = args.groups ?? args.group ?? args.groupname ?? [];
    const groups = (Array.isArray(groupsArg) ? groupsArg.map((g) => String(g)) : typeof groupsArg === 'string' ? groupsArg.split(',') : [])
      .map((g) => g.trim())
      .filter(Boolean);
    // host:port, as Ansible's add_host splits it
    const [hostName, port] = /^[^:]+:\d+$/.test(name) ? name.split(':') : [name, undefined];
    const hostVars = Object.fromEntries(Object.entries(args).filter(([k]) => !ADD_HOST_OPTIONS.has(k)));
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
