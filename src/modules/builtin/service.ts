// systemd / service: a service started, stopped, restarted or reloaded, enabled at boot or not.
// On hosts booted with systemd both use systemctl. Elsewhere (the lab's namespace hosts, the
// IPVS VM) they fall back to the SysV init script: `service NAME start`, `update-rc.d`.
// The two names differ only for a service found nowhere on a host without systemd: `service`
// fails (Ansible's "could not find the requested service"), `systemd` plans the systemctl calls,
// because an earlier task of the same run may be installing the unit (--check shows them).
import { defineModule, type Step } from '../types.js';
import { BOOL, bool, resolveAliases } from '../lib/args.js';
import { serviceStateFact, type ServiceState } from '../../facts/service-state.js';
import { commandLine } from '../../util/shell.js';
import { ModuleFailure } from '../../errors.js';

export interface ServiceArgs {
  name?: string;
  unit?: string;
  service?: string;
  state?: 'started' | 'stopped' | 'restarted' | 'reloaded';
  enabled?: boolean | string;
  daemon_reload?: boolean | string;
  daemon_reexec?: boolean | string;
  masked?: boolean | string;
  scope?: 'system';
  no_block?: boolean | string;
}

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
    command: commandLine('systemctl', ...(bool(args.no_block) && verb !== 'daemon-reload' ? ['--no-block'] : []), verb, name),
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
    const want = bool(args.enabled);
    if (want !== st.enabled && (want || st.exists)) {
      steps.unshift(
        sd
          ? systemctl(want ? 'enable' : 'disable')
          : { describe: `update-rc.d ${base} ${want ? 'defaults' : 'disable'}`, command: commandLine('update-rc.d', base, want ? 'defaults' : 'disable') },
      );
    }
  }
  if (args.masked !== undefined) {
    const want = bool(args.masked);
    if (!sd) {
      if (want) throw new ModuleFailure(`${name}: masking needs systemd, and this host does not run it`);
    } else if (want !== (st.masked === true)) {
      steps.unshift(systemctl(want ? 'mask' : 'unmask'));
    }
  }
  // daemon-reload is not a change by itself: it runs before the other steps, or when the unit
  // file changed on disk since the last reload.
  if (sd && bool(args.daemon_reload) && (steps.length > 0 || st.needsDaemonReload))
    steps.unshift({ describe: 'systemctl daemon-reload', command: 'systemctl daemon-reload' });
  return { steps, ...(!st.exists ? { msg: `unit ${name} is not installed (yet)` } : {}) };
}

function serviceModule(name: string, aliases: string[], flavour: ServiceFlavour) {
  return defineModule<ServiceArgs>({
    name,
    aliases,
    checkMode: 'plan',
    argsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        name: { type: 'string', minLength: 1 },
        ...(flavour === 'systemd' ? { unit: { type: 'string', minLength: 1 } } : {}),
        service: { type: 'string', minLength: 1 },
        state: { type: 'string', enum: ['started', 'stopped', 'restarted', 'reloaded'] },
        enabled: BOOL,
        daemon_reload: BOOL,
        daemon_reexec: BOOL,
        masked: BOOL,
        scope: { type: 'string', enum: ['system'] },
        no_block: BOOL,
      },
    },
    async plan(given, ctx) {
      const args = resolveAliases(given, { unit: 'name', service: 'name' }, name);
      if (!args.name) {
        const steps: Step[] = [];
        if (bool(args.daemon_reexec)) steps.push({ describe: 'systemctl daemon-reexec', command: 'systemctl daemon-reexec' });
        if (bool(args.daemon_reload)) steps.push({ describe: 'systemctl daemon-reload', command: 'systemctl daemon-reload' });
        if (steps.length) return { steps };
        throw new ModuleFailure(`${name}: 'name' is required`);
      }
      const st = await ctx.fact(serviceStateFact, { name: args.name });
      const plan = planService(args, st, flavour);
      return {
        ...plan,
        data: { name: args.name, ...(args.state ? { state: args.state } : {}), ...(args.enabled !== undefined ? { enabled: bool(args.enabled) } : {}) },
      };
    },
  });
}

export const systemdModule = serviceModule('systemd', ['systemd_service'], 'systemd');
export const serviceModuleDef = serviceModule('service', [], 'service');
