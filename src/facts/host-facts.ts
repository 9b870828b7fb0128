// The facts `gather_facts` and the setup module collect, named as Ansible's setup names them,
// in one round trip: the collectors a gather_subset selects (setup/*.ts) each add a few
// sections to one shell script; their parsers turn the sections into ansible_* facts.
import { FactParseError } from '../errors.js';
import type { FactDefinition } from './types.js';
import { READ_SMALL_FILES, type Facts, type Sections } from './setup/collector.js';
import { COLLECTORS, collectorsFor } from './setup/subsets.js';

export interface HostFacts extends Facts {
  ansible_hostname: string;
  ansible_nodename: string;
  ansible_service_mgr?: string;
  ansible_os_family?: string;
  [key: `ansible_${string}`]: unknown;
}

/** Without arguments: Ansible's default gather_subset (all). */
export type HostFactsArgs = { subset: string[] } | undefined;

const SECTION = '@@lvsplay:';

export const hostFactsFact: FactDefinition<HostFacts, HostFactsArgs> = {
  name: 'host_facts',
  needsBecome: false,
  command(args) {
    const chosen = args === undefined ? COLLECTORS : collectorsFor(args.subset);
    // a bad subset word reads nothing; parse() names it
    if (typeof chosen === 'string') return 'true';
    const sections = chosen.flatMap((c) => Object.entries(c.sections));
    return [READ_SMALL_FILES, ...sections.map(([name, cmd]) => `echo '${SECTION}${name}'; ${cmd}`), 'true'].join('; ');
  },
  parse(result, args) {
    const sections = new Map<string, string[]>();
    let current: string[] | undefined;
    for (const line of result.stdout.split('\n')) {
      if (line.startsWith(SECTION)) {
        current = [];
        sections.set(line.slice(SECTION.length), current);
      } else if (current && line !== '') current.push(line);
    }
    const collectors = selected(args);
    const expected = collectors.flatMap((c) => Object.keys(c.sections));
    const missing = expected.filter((name) => !sections.has(name));
    if (missing.length > 0) throw new FactParseError('host_facts', `missing sections in output: ${missing.join(', ')}`, result.stdout);
    return collectFacts(collectors, sections) as HostFacts;
  },
};

function selected(args: HostFactsArgs): typeof COLLECTORS {
  if (args === undefined) return COLLECTORS;
  const chosen = collectorsFor(args.subset);
  if (typeof chosen === 'string') throw new FactParseError('host_facts', chosen);
  return chosen;
}

function collectFacts(collectors: typeof COLLECTORS, sections: Sections): Facts {
  const facts: Facts = {};
  for (const collector of collectors) Object.assign(facts, collector.collect(sections, facts));
  return facts;
}
