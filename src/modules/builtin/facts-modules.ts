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
import { INT, STRING_OR_LIST } from '../lib/args.js';

export const setupModule = defineModule<{
  gather_subset?: string | string[];
  gather_timeout?: number | string;
  filter?: string | string[];
  fact_path?: string;
}>({
  name: 'setup',
  checkMode: 'plan',
  argsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { gather_subset: STRING_OR_LIST, gather_timeout: INT, filter: STRING_OR_LIST, fact_path: { type: 'string' } },
  },
  async plan(args, ctx) {
    const subset = args.gather_subset !== undefined ? gatherSubsetWords(args.gather_subset) : ['all'];
    const problem = collectorsFor(subset);
    if (typeof problem === 'string') throw new ModuleFailure(problem);
    const facts: Record<string, unknown> = { ...(await ctx.fact(hostFactsFact, hostFactsArgsFor(subset))), gather_subset: subset, module_setup: true };
    const patterns = args.filter !== undefined ? gatherSubsetWords(args.filter).map(fnmatchToRegExp) : [];
    // A filter matches the name with or without its ansible_ prefix (ansible_eth* or eth*).
    const kept =
      patterns.length === 0
        ? facts
        : Object.fromEntries(Object.entries(facts).filter(([k]) => patterns.some((p) => p.test(k) || p.test(k.replace(/^ansible_/, '')))));
    return { steps: [], data: { ansible_facts: kept } };
  },
});

export const serviceFactsModule = defineModule<Record<string, never>>({
  name: 'service_facts',
  checkMode: 'plan',
  argsSchema: { type: 'object', additionalProperties: false, properties: {} },
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

export const packageFactsModule = defineModule<{ manager?: string | string[]; strategy?: 'first' | 'all' }>({
  name: 'package_facts',
  checkMode: 'plan',
  argsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { manager: STRING_OR_LIST, strategy: { type: 'string', enum: ['first', 'all'] } },
  },
  async plan(args, ctx) {
    const wanted = gatherSubsetWords(args.manager ?? 'auto');
    const unknown = wanted.filter((m) => m !== 'auto' && !(MANAGERS as string[]).includes(m));
    if (unknown.length > 0) throw new ModuleFailure(`Unsupported package manager(s): ${unknown.join(', ')} (lvsplay reads: auto, ${MANAGERS.join(', ')})`);
    const installed = await ctx.fact(installedPackagesFact, undefined);
    const candidates = wanted.includes('auto') ? installed.managers : installed.managers.filter((m) => wanted.includes(m));
    if (candidates.length === 0) throw new ModuleFailure(`Could not detect a supported package manager from the following list: ${wanted.join(', ')}`);
    const used = (args.strategy ?? 'first') === 'first' ? candidates.slice(0, 1) : candidates;
    const packages: Record<string, unknown[]> = {};
    for (const [name, list] of Object.entries(installed.packages)) {
      const chosen = list.filter((p) => used.includes(p.source));
      if (chosen.length > 0) packages[name] = chosen;
    }
    return { steps: [], data: { ansible_facts: { packages } } };
  },
});
