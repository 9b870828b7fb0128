// getent: a database of the host's name service (passwd, group, hosts, services, ...) read into
// ansible_facts.getent_<database> as ansible-core 2.14 shapes it: each entry's first field is
// its key, the other fields its list (':' separates them in passwd, group, shadow and gshadow,
// blanks elsewhere). Never a change.
import { defineModule } from '../types.js';
import { ModuleFailure } from '../../errors.js';
import { getentFact } from '../../facts/getent.js';

const COLON_DATABASES = ['passwd', 'group', 'shadow', 'gshadow'];

export const getentModule = defineModule({
  name: 'getent',
  checkMode: 'plan',
  spec: {
    short_description: 'Read a name service database (getent) into facts',
    description: ['The entries become ansible_facts.getent_DATABASE: a mapping from each first field to the list of the other fields.'],
    options: {
      database: { required: true, description: 'The database: passwd, group, hosts, services, shadow, ...' },
      key: { description: 'Only this entry (a name, a number); several keys separated by commas.' },
      service: { description: 'The NSS service to ask (getent -s).' },
      split: { description: "What separates the fields (default ':' for passwd, group, shadow and gshadow, blanks otherwise)." },
      fail_key: { type: 'bool', default: true, description: 'Fail when a key is not found; otherwise the key maps to null.' },
    },
    examples: ['- getent:', '    database: passwd', '    key: root', '- debug: var=ansible_facts.getent_passwd.root'].join('\n'),
    returns: { ansible_facts: { description: 'getent_DATABASE: the entries by key', type: 'dict', returned: 'success' } },
  },
  async plan(args, ctx) {
    const keys =
      args.key === undefined
        ? []
        : args.key
            .split(',')
            .map((k) => k.trim())
            .filter((k) => k !== '');
    const out = await ctx.fact(getentFact, { database: args.database, keys, ...(args.service !== undefined ? { service: args.service } : {}) });
    // Ansible's messages, word for word
    if (out.exitCode === 1) throw new ModuleFailure('Missing arguments, or database unknown.');
    if (out.exitCode === 3) throw new ModuleFailure('Enumeration not supported on this database.');
    const separator = args.split ?? (COLON_DATABASES.includes(args.database) ? ':' : undefined);
    const entries: Record<string, string[] | null> = {};
    for (const line of out.lines) {
      const fields = separator === undefined ? line.trim().split(/\s+/) : line.split(separator);
      entries[fields[0]!] = fields.slice(1);
    }
    const facts = { [`getent_${args.database}`]: entries };
    if (out.exitCode === 2) {
      const msg = 'One or more supplied key could not be found in the database.';
      if (args.fail_key) throw new ModuleFailure(msg);
      for (const k of keys) if (!(k in entries)) entries[k] = null;
      return { steps: [], msg, data: { ansible_facts: facts } };
    }
    return { steps: [], data: { ansible_facts: facts } };
  },
});
