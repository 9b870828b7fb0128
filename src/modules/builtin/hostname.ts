// hostname: the host's name, now and at boot. Where systemd runs, hostnamectl sets both (as
// Ansible's systemd strategy does); elsewhere /etc/hostname is written (the one file writer) and
// `hostname NAME` renames the running system (Ansible's alpine strategy, without its slip).
// Reads the running name from host_facts (usually cached by gather_facts) and /etc/hostname, in
// one round trip; changed, diff and ansible_facts as Ansible's module (compared on 2.14).
import { defineModule, type ContentDiff, type Step } from '../types.js';
import { hostFactsFact } from '../../facts/host-facts.js';
import { fileStateFact } from '../../facts/file-state.js';
import { planManagedFile } from '../lib/managed-file.js';
import { quote } from '../../util/shell.js';

const HOSTNAME_FILE = '/etc/hostname';

export const hostnameModule = defineModule({
  name: 'hostname',
  checkMode: 'plan',
  spec: {
    short_description: "Set the host's name, now and at boot",
    description: [
      'Where systemd runs, hostnamectl sets both; elsewhere /etc/hostname is written and `hostname NAME` renames the running system.',
      'Changed, diff and ansible_facts as Ansible 2.14.',
    ],
    options: {
      name: { required: true, format: 'hostname', description: 'The host name.' },
      use: {
        choices: ['systemd', 'debian', 'alpine'],
        description: 'How: systemd and debian use hostnamectl, alpine writes /etc/hostname. By default systemd where the host runs it, else alpine.',
      },
    },
    examples: '- hostname:\n    name: director1.example.org',
  },
  async plan(args, ctx) {
    const { name } = args;
    const [host, file] = await Promise.all([ctx.fact(hostFactsFact, undefined), ctx.fact(fileStateFact, { path: HOSTNAME_FILE, withContent: true })]);
    const current = host.ansible_nodename;
    // The boot name as Ansible reads it: the file's content without surrounding whitespace.
    const permanent = file.kind === 'file' ? (file.content ?? '').trim() : '';
    if (current === name && permanent === name) return { steps: [], data: { name, ansible_facts: nameFacts(name) } };
    const systemd = (args.use ?? (host.ansible_service_mgr === 'systemd' ? 'systemd' : 'alpine')) !== 'alpine';
    const steps: Step[] = [];
    if (systemd) steps.push({ describe: `hostnamectl set-hostname ${name}`, command: `hostnamectl set-hostname ${quote(name)}` });
    else {
      if (permanent !== name)
        steps.push(
          ...(await planManagedFile(ctx.fact, { path: HOSTNAME_FILE, content: `${name}\n`, ...(file.kind === 'absent' ? { mode: '0644' } : {}) })).steps,
        );
      // Unlike Ansible's alpine strategy, which runs `hostname -F` before writing the file and so
      // leaves the running name as it was.
      if (current !== name) steps.push({ describe: `hostname ${name}`, command: `hostname ${quote(name)}` });
    }
    // As Ansible's: one entry, the running name when that is what differs, else the boot name.
    const diff: ContentDiff = { label: 'hostname', before: `hostname = ${current !== name ? current : permanent}\n`, after: `hostname = ${name}\n` };
    return { steps, diff: [diff], data: { name, ansible_facts: nameFacts(name) } };
  },
});

/** As Ansible's hostname module returns them (the fqdn is the resolver's business, not this module's). */
function nameFacts(name: string): Record<string, string> {
  return { ansible_hostname: name.split('.')[0]!, ansible_nodename: name };
}
