// systemd / service: a service started, stopped, restarted or reloaded, enabled at boot or not.
// On hosts booted with systemd both use systemctl. Elsewhere (the lab's namespace hosts, the
// IPVS VM) they fall back to the SysV init script: `service NAME start`, `update-rc.d`.
// The two names differ only for a service found nowhere on a host without systemd: `service`
// fails (Ansible's "could not find the requested service"), `systemd` plans the systemctl calls,
// because an earlier task of the same run may be installing the unit (--check shows them).
import { defineModule, type ModuleContext, type Plan, type Step } from '../types.js';
import type { ArgsOf, OptionSpecs } from '../../argspec/declaration.js';
import { serviceStateFact, type ServiceState } from '../../facts/service-state.js';
import { commandLine } from '../../util/shell.js';
import { ModuleFailure } from '../../errors.js';

const SERVICE_OPTIONS = {
  name: { aliases: ['service'], description: 'The service (unit) name; nginx and nginx.service are the same.' },
  state: {
    choices: ['started', 'stopped', 'restarted', 'reloaded'],
    description: 'started and stopped change only what differs; restarted always restarts; reloaded reloads (starts a stopped service).',
  },
  enabled: { type: 'bool', description: 'Start at boot.' },
  daemon_reload: {
    type: 'bool',
    default: false,
    description: 'systemctl daemon-reload before anything else, whenever asked (alone when no name is given); no change by itself, as in Ansible.',
  },
  daemon_reexec: { type: 'bool', default: false, description: 'systemctl daemon-reexec (when no name is given).' },
  masked: { type: 'bool', description: 'Mask (or unmask) the unit; needs systemd.' },
  scope: { choices: ['system'], default: 'system', description: 'Only the system manager.' },
  no_block: { type: 'bool', default: false, description: 'Do not wait for the job to finish (systemctl --no-block).' },
} as const satisfies OptionSpecs;

export type ServiceArgs = ArgsOf<typeof SERVICE_OPTIONS>;

export type ServiceFlavour = 'systemd' | 'service';

export function planService(args: ServiceArgs, st: ServiceState, flavour: ServiceFlavour): { steps: Step[]; msg?: string } {
  const name = args.name!;
  const base = name.replace(/\.service$/, '');
  if (st.manager === 'sysv' && !st.exists && flavour === 'service') {
    throw new ModuleFailure(`Could not find the requested service ${base}: no systemd on this host and no /etc/init.d/${base}`);
  }
  const sd = st.manager === 'systemd' || !st.exists;
  const systemctl = (verb: string): Step => ({
    describe: `systemctl ${verb} ${name}`,
    command: commandLine('systemctl', ...(args.no_block && verb !== 'daemon-reload' ? ['--no-block'] : []), verb, name),
  });
  const action = (verb: string): Step => (sd ? systemctl(verb) : { describe: `service ${base} ${verb}`, command: commandLine('service', base, verb) });
  const steps: Step[] = [];
  switch (args.state) {
    case 'started':
      if (!st.active) steps.push(action('start'));
      break;
    case 'stopped':
      if (st.active) steps.push(action('stop'));
      break;
    case 'restarted':
      steps.push(action('restart'));
      break;
    case 'reloaded':
      // A stopped service is started (there is nothing to reload), as Ansible does.
      steps.push(st.active || !st.exists ? action('reload') : action('start'));
      break;
  }
  if (args.enabled !== undefined) {
    const want = args.enabled;
    if (want !== st.enabled && (want || st.exists)) {
      steps.unshift(
        sd
          ? systemctl(want ? 'enable' : 'disable')
          : { describe: `update-rc.d ${base} ${want ? 'defaults' : 'disable'}`, command: commandLine('update-rc.d', base, want ? 'defaults' : 'disable') },
      );
    }
  }
  if (args.masked !== undefined) {
    const want = args.masked;
    if (!sd) {
      if (want) throw new ModuleFailure(`${name}: masking needs systemd, and this host does not run it`);
    } else if (want !== (st.masked === true)) {
      steps.unshift(systemctl(want ? 'mask' : 'unmask'));
    }
  }
  // As in Ansible: asked for, daemon-reload runs first, every time (other units' files may have
  // changed too), and is no change by itself.
  if (sd && args.daemon_reload) steps.unshift(managerStep('daemon-reload'));
  return { steps, ...(!st.exists ? { msg: `unit ${name} is not installed (yet)` } : {}) };
}

/** The manager's own verbs: systemd reads its unit files again (or re-executes); no change of a unit (Ansible reports ok). */
const managerStep = (verb: 'daemon-reload' | 'daemon-reexec'): Step => ({ describe: `systemctl ${verb}`, command: `systemctl ${verb}`, changes: false });

const EXAMPLES = '- systemd:\n    name: keepalived\n    state: started\n    enabled: yes\n    daemon_reload: yes';

/** The plan of both names: they differ only in what a host without systemd does (see the top). */
function planFor(name: string, flavour: ServiceFlavour) {
  return async (args: ServiceArgs, ctx: ModuleContext): Promise<Plan> => {
    if (!args.name) {
      const steps: Step[] = [];
      if (args.daemon_reexec) steps.push(managerStep('daemon-reexec'));
      if (args.daemon_reload) steps.push(managerStep('daemon-reload'));
      if (steps.length) return { steps };
      throw new ModuleFailure(`${name}: 'name' is required`);
    }
    const st = await ctx.fact(serviceStateFact, { name: args.name });
    const plan = planService(args, st, flavour);
    return {
      ...plan,
      data: { name: args.name, ...(args.state ? { state: args.state } : {}), ...(args.enabled !== undefined ? { enabled: args.enabled } : {}) },
    };
  };
}

export const systemdModule = defineModule({
  name: 'systemd',
  aliases: ['systemd_service'],
  checkMode: 'plan',
  spec: {
    short_description: 'A systemd unit started, stopped, restarted or reloaded, enabled at boot or not, masked or not',
    description: [
      'Without systemd on the host (the lab namespace hosts, the IPVS VM) the SysV init script is used: service NAME start, update-rc.d.',
      'A unit found nowhere is planned anyway (an earlier task of the run may install it): --check shows the calls.',
    ],
    options: { ...SERVICE_OPTIONS, name: { ...SERVICE_OPTIONS.name, aliases: ['service', 'unit'] } },
    examples: EXAMPLES,
  },
  plan: planFor('systemd', 'systemd'),
});

export const serviceModuleDef = defineModule({
  name: 'service',
  checkMode: 'plan',
  spec: {
    short_description: 'A service started, stopped, restarted or reloaded, enabled at boot or not',
    description: ['systemctl where the host runs systemd, else the SysV init script; a service found nowhere fails, as in Ansible.'],
    options: SERVICE_OPTIONS,
    examples: EXAMPLES.replace('systemd:', 'service:'),
  },
  plan: planFor('service', 'service'),
});
