// The modules that only read facts and return them as ansible_facts: setup (gather_subset and
// filter), service_facts and package_facts. The engine adds their facts to the host's gathered
// facts. Never a change; they run in check mode too.
import { defineModule } from '../types.js';
import { ModuleFailure } from '../../errors.js';
import { hostFactsFact } from '../../facts/host-facts.js';
import { collectorsFor, gatherSubsetWords, hostFactsArgsFor } from '../../facts/setup/subsets.js';
import { servicesFact } from '../../facts/services.js';
import { installedPackagesFact, type PackageManagerName } from '../../facts/installed-packages.js';
import { fnmatchToRegExp } from '../../util/fnmatch.js';

export const setupModule = defineModule({
  name: 'setup',
  checkMode: 'plan',
  spec: {
    short_description: "Gather facts about the host (Ansible's setup), in one round trip and without Python",
    description: ["What gather_facts runs; the facts become the host's variables (ansible_facts.X and ansible_X)."],
    options: {
      gather_subset: {
        type: 'list',
        elements: 'str',
        default: ['all'],
        description: 'Which collectors: all, min, or names such as network, hardware; !name leaves one out, as in Ansible.',
      },
      gather_timeout: { type: 'int', default: 10, description: 'Accepted for Ansible compatibility.' },
      filter: {
        type: 'list',
        elements: 'str',
        default: [],
        description: 'Keep only the facts matching these shell-style patterns (with or without ansible_).',
      },
      fact_path: { type: 'path', description: 'Accepted for Ansible compatibility: local facts are not read.' },
    },
    examples: "- setup:\n    gather_subset: ['!all', network]\n    filter: ansible_default_ipv4",
    returns: { ansible_facts: { description: 'The facts gathered', type: 'dict', returned: 'always' } },
  },
  async plan(args, ctx) {
    const subset = gatherSubsetWords(args.gather_subset);
    const problem = collectorsFor(subset);
    if (typeof problem === 'string') throw new ModuleFailure(problem);
    const facts: Record<string, unknown> = { ...(await ctx.fact(hostFactsFact, hostFactsArgsFor(subset))), gather_subset: subset, module_setup: true };
    const patterns = gatherSubsetWords(args.filter).map(fnmatchToRegExp);
    // A filter matches the name with or without its ansible_ prefix (ansible_eth* or eth*).
    const kept =
      patterns.length === 0
        ? facts
        : Object.fromEntries(Object.entries(facts).filter(([k]) => patterns.some((p) => p.test(k) || p.test(k.replace(/^ansible_/, '')))));
    return { steps: [], data: { ansible_facts: kept } };
  },
});

export const serviceFactsModule = defineModule({
  name: 'service_facts',
  checkMode: 'plan',
  spec: {
    short_description: "The host's services and their states, as ansible_facts.services",
    options: {},
    examples: "- service_facts:\n\n- debug:\n    var: ansible_facts.services['keepalived.service'].state",
    returns: { ansible_facts: { description: 'services: by name, each with name, state, status, source', type: 'dict', returned: 'always' } },
  },
  async plan(_args, ctx) {
    const services = await ctx.fact(servicesFact, undefined);
    const found = Object.keys(services).length > 0;
    return {
      steps: [],
      data: { ansible_facts: { services } },
      ...(found ? {} : { msg: 'Failed to find any services. This can be due to privileges or some other configuration issue.' }),
    };
  },
});

const MANAGERS: PackageManagerName[] = ['apt', 'rpm', 'apk'];

export const packageFactsModule = defineModule({
  name: 'package_facts',
  checkMode: 'plan',
  spec: {
    short_description: 'The installed packages, as ansible_facts.packages',
    options: {
      manager: { type: 'list', elements: 'str', default: ['auto'], description: `Which package managers to read: auto, or some of ${MANAGERS.join(', ')}.` },
      strategy: { choices: ['first', 'all'], default: 'first', description: 'Read the first manager found, or all of them.' },
    },
    examples: '- package_facts:\n\n- debug:\n    msg: keepalived is installed\n  when: "\'keepalived\' in ansible_facts.packages"',
    returns: { ansible_facts: { description: 'packages: by name, a list of {name, version, source, ...}', type: 'dict', returned: 'always' } },
  },
  async plan(args, ctx) {
    const wanted = gatherSubsetWords(args.manager);
    const unknown = wanted.filter((m) => m !== 'auto' && !(MANAGERS as string[]).includes(m));
    if (unknown.length > 0) throw new ModuleFailure(`Unsupported package manager(s): ${unknown.join(', ')} (lvsplay reads: auto, ${MANAGERS.join(', ')})`);
    const installed = await ctx.fact(installedPackagesFact, undefined);
    const candidates = wanted.includes('auto') ? installed.managers : installed.managers.filter((m) => wanted.includes(m));
    if (candidates.length === 0) throw new ModuleFailure(`Could not detect a supported package manager from the following list: ${wanted.join(', ')}`);
    const used = args.strategy === 'first' ? candidates.slice(0, 1) : candidates;
    const packages: Record<string, unknown[]> = {};
    for (const [name, list] of Object.entries(installed.packages)) {
      const chosen = list.filter((p) => used.includes(p.source));
      if (chosen.length > 0) packages[name] = chosen;
    }
    return { steps: [], data: { ansible_facts: { packages } } };
  },
});
