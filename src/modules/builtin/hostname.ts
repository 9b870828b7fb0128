// hostname: the host's name, now and at boot. Where systemd runs, hostnamectl sets both (as
// Ansible's systemd strategy does); elsewhere /etc/hostname is written (the one file writer) and
// `hostname NAME` renames the running system. Reads the current name from host_facts (usually
// cached by gather_facts) and /etc/hostname, in one round trip.
import { defineModule, type ContentDiff, type Step } from '../types.js';
import { hostFactsFact } from '../../facts/host-facts.js';
import { fileStateFact } from '../../facts/file-state.js';
import { planManagedFile } from '../lib/managed-file.js';
import { quote } from '../../util/shell.js';

const HOSTNAME_FILE = '/etc/hostname';
// RFC 1123 labels, dot-separated, at most 253 characters in all.
const LABEL = '[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const NAME = `^(?=.{1,253}$)${LABEL}(\\.${LABEL})*$`;

interface HostnameArgs {
  name: string;
  /** How to set it; by default systemd where the host runs it, else the file and `hostname`. */
  use?: 'systemd' | 'debian';
}

export const hostnameModule = defineModule<HostnameArgs>({
  name: 'hostname',
  checkMode: 'plan',
  argsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', pattern: NAME },
      use: { type: 'string', enum: ['systemd', 'debian'] },
    },
  },
  async plan(args, ctx) {
    const { name } = args;
    const [host, file] = await Promise.all([ctx.fact(hostFactsFact, undefined), ctx.fact(fileStateFact, { path: HOSTNAME_FILE, withContent: true })]);
    const current = host.ansible_nodename;
    const systemd = (args.use ?? (host.ansible_service_mgr === 'systemd' ? 'systemd' : 'debian')) === 'systemd';
    const steps: Step[] = [];
    const diff: ContentDiff[] = [];
    if (current !== name) diff.push({ label: 'hostname', before: `${current}\n`, after: `${name}\n` });
    if (systemd) {
      const bootName = file.kind === 'file' ? (file.content ?? '').split('\n')[0]!.trim() : '';
      if (bootName !== name) diff.push({ label: HOSTNAME_FILE, before: file.kind === 'file' ? (file.content ?? '') : '', after: `${name}\n` });
      if (diff.length) steps.push({ describe: `hostnamectl set-hostname ${name}`, command: `hostnamectl set-hostname ${quote(name)}` });
    } else {
      const written = await planManagedFile(ctx.fact, { path: HOSTNAME_FILE, content: `${name}\n`, ...(file.kind === 'absent' ? { mode: '0644' } : {}) });
      steps.push(...written.steps);
      diff.push(...written.diff);
      if (current !== name) steps.push({ describe: `hostname ${name}`, command: `hostname ${quote(name)}` });
    }
    return {
      steps,
      diff,
      // As Ansible's hostname module: the host's name facts as they are once the plan has run
      // (the fqdn is the resolver's business, not this module's).
      data: { name, ansible_facts: { ansible_hostname: name.split('.')[0]!, ansible_nodename: name } },
    };
  },
});
