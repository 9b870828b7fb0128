// systemd / service: a service started, stopped, restarted or reloaded, enabled at boot or
// not. `systemd` always plans systemctl calls (so --check shows them even where the unit is
// not installed yet); `service` uses systemctl where the host runs systemd and the SysV init
// script elsewhere.
import { defineModule, type Step } from '../types.js';
import { BOOL, bool } from '../lib/args.js';
import { serviceStateFact, type ServiceState } from '../../facts/service-state.js';
import { commandLine } from '../../util/shell.js';
import { ModuleFailure } from '../../errors.js';

interface ServiceArgs {
  name?: string;
  state?: 'started' | 'stopped' | 'restarted' | 'reloaded';
  enabled?: boolean | string;
  daemon_reload?: boolean | string;
  daemon_reexec?: boolean | string;
  masked?: boolean | string;
}

export function planService(args: ServiceArgs, st: ServiceState): { steps: Step[]; msg?: string } {
  const name = args.name!;
  const steps: Step[] = [];
  const sd = st.manager === 'systemd';
  const base = name.replace(/\.service$/, '');
  const action = (verb: string): Step => (sd ? { describe: `systemctl ${verb} ${name}`, command: commandLine('systemctl', verb, name) } : { describe: `service ${base} ${verb}`, command: commandLine('service', base, verb) });
  if (!st.exists && !sd) throw new ModuleFailure(`service ${base} not found (no /etc/init.d/${base})`);
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
      steps.push(st.active || !st.exists ? action('reload') : action('start'));
      break;
  }
  if (args.enabled !== undefined) {
    const want = bool(args.enabled);
    if (want !== st.enabled || !st.exists) {
      if (want || st.exists) {
        steps.unshift(sd ? { describe: `systemctl ${want ? 'enable' : 'disable'} ${name}`, command: commandLine('systemctl', want ? 'enable' : 'disable', name) } : { describe: `update-rc.d ${base} ${want ? 'defaults' : 'disable'}`, command: commandLine('update-rc.d', base, want ? 'defaults' : 'disable') });
      }
    }
  }
  if (sd && args.masked !== undefined) {
    steps.unshift({ describe: `systemctl ${bool(args.masked) ? 'mask' : 'unmask'} ${name}`, command: commandLine('systemctl', bool(args.masked) ? 'mask' : 'unmask', name) });
  }
  // daemon-reload is not a change by itself: it runs before the other steps, or when the unit
  // file changed on disk since the last reload.
  if (sd && bool(args.daemon_reload) && (steps.length > 0 || st.needsDaemonReload)) steps.unshift({ describe: 'systemctl daemon-reload', command: 'systemctl daemon-reload' });
  return { steps, ...(!st.exists ? { msg: `unit ${name} is not installed (yet)` } : {}) };
}

function serviceModule(name: string, aliases: string[], manager: 'systemd' | 'auto') {
  return defineModule<ServiceArgs>({
    name,
    aliases,
    checkMode: 'plan',
    argsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        name: { type: 'string', minLength: 1 },
        state: { type: 'string', enum: ['started', 'stopped', 'restarted', 'reloaded'] },
        enabled: BOOL,
        daemon_reload: BOOL,
        daemon_reexec: BOOL,
        masked: BOOL,
      },
    },
    async plan(args, ctx) {
      if (!args.name) {
        if (bool(args.daemon_reload)) return { steps: [{ describe: 'systemctl daemon-reload', command: 'systemctl daemon-reload' }] };
        throw new ModuleFailure(`${name}: 'name' is required`);
      }
      const st = await ctx.fact(serviceStateFact, { name: args.name, manager });
      return planService(args, st);
    },
  });
}

export const systemdModule = serviceModule('systemd', ['systemd_service'], 'systemd');
export const serviceModuleDef = serviceModule('service', [], 'auto');
