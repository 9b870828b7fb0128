// deb822_repository (ansible-core 2.15): one apt source in deb822 form, in
// /etc/apt/sources.list.d/NAME.sources, written whole (lib/deb822-source.ts) through the one
// writer (atomic, mode kept in line, diff), so a rerun with the same options changes nothing.
// state=absent removes the file and a key Ansible would have put in /etc/apt/keyrings for it.
// Built from Ansible's documentation and behaviour (no 2.15 here to compare with).
import { defineModule, type ContentDiff, type Step } from '../types.js';
import { planManagedFile } from '../lib/managed-file.js';
import { deb822Slug, renderDeb822 } from '../lib/deb822-source.js';
import { fileStateFact } from '../../facts/file-state.js';
import { ModuleFailure } from '../../errors.js';
import { quote } from '../../util/shell.js';

const KEYRINGS = '/etc/apt/keyrings';

const field = (description: string) => ({ type: 'bool', description }) as const;
const words = (description: string) => ({ type: 'list', elements: 'str', description }) as const;

export const deb822RepositoryModule = defineModule({
  name: 'deb822_repository',
  checkMode: 'plan',
  spec: {
    short_description: 'Add or remove an apt source in deb822 form (a .sources file)',
    description: [
      'Writes /etc/apt/sources.list.d/NAME.sources (NAME: the name in lower case, blanks and _ as -, other characters dropped) with one field per option given, as ansible-core 2.15 writes it; the package lists are not refreshed (run apt with update_cache).',
      'signed_by is a key file on the host or an inline ASCII-armoured key (written into the file); a URL is not supported: download the key with get_url into /etc/apt/keyrings and give its path.',
    ],
    options: {
      name: { required: true, description: 'The repository (X-Repolib-Name) and the name of its file.' },
      types: { type: 'list', elements: 'str', choices: ['deb', 'deb-src'], default: ['deb'], description: 'deb (binary packages) and/or deb-src (sources).' },
      uris: words('The repository URIs.'),
      suites: words('Suites (a path ending in / for a flat repository).'),
      components: words('Components (none for a flat repository).'),
      signed_by: { description: 'The key: a key file on the host, or an inline ASCII-armoured key.' },
      architectures: words('Architectures to fetch.'),
      languages: words('Languages of the translations to fetch.'),
      targets: words('The index files (targets) to fetch.'),
      enabled: field('Enabled: no keeps the source in the file without using it.'),
      trusted: field('Trust the repository even without a valid signature.'),
      allow_insecure: field('Allow an unsigned repository.'),
      allow_weak: field('Allow a repository signed with a weak algorithm.'),
      allow_downgrade_to_insecure: field('Allow a signed repository to become unsigned.'),
      by_hash: field('Fetch indexes by their hash.'),
      check_date: field("Check the Release file's date."),
      check_valid_until: field("Check the Release file's Valid-Until."),
      pdiffs: field('Fetch index diffs.'),
      date_max_future: { type: 'int', description: 'Seconds a Release file may be dated in the future.' },
      inrelease_path: { description: 'Where the InRelease file is, when not at its usual place.' },
      install_python_debian: { type: 'bool', default: true, description: 'Accepted for Ansible compatibility: nothing is installed on the host.' },
      mode: { type: 'raw', format: 'mode', default: '0644', description: 'The mode of the .sources file.' },
      state: {
        choices: ['present', 'absent'],
        default: 'present',
        description: 'present writes the file; absent removes it (and its key in /etc/apt/keyrings, if any).',
      },
    },
    examples: [
      '- deb822_repository:',
      '    name: example',
      '    uris: http://deb.example.org/debian',
      '    suites: bookworm',
      '    components: main',
      '    signed_by: /etc/apt/keyrings/example.asc',
    ].join('\n'),
    returns: {
      repo: { description: 'the file written (null with state=absent)', type: 'str', returned: 'always' },
      dest: { description: 'the path of the .sources file', type: 'str', returned: 'always' },
      key_filename: {
        description: 'a key file Ansible downloaded (never, here: null), or with state=absent the .gpg key path it looked at',
        type: 'str',
        returned: 'always',
      },
    },
  },
  async plan(args, ctx) {
    const slug = deb822Slug(args.name);
    if (slug === '') throw new ModuleFailure(`deb822_repository: name '${args.name}' leaves no file name (letters, digits and - are kept)`);
    const dest = `/etc/apt/sources.list.d/${slug}.sources`;
    if (args.state === 'absent') {
      const paths = [dest, `${KEYRINGS}/${slug}.asc`, `${KEYRINGS}/${slug}.gpg`];
      const states = await Promise.all(paths.map((path) => ctx.fact(fileStateFact, { path, withContent: true })));
      const steps: Step[] = [];
      const diff: ContentDiff[] = [];
      states.forEach((s, i) => {
        if (s.kind === 'absent') return;
        steps.push({ describe: `remove ${paths[i]!}`, command: `rm -f -- ${quote(paths[i]!)}` });
        if (i === 0) diff.push({ label: dest, before: s.content ?? '', after: '' });
      });
      // Ansible names the last key path it looked at
      return { steps, diff, data: { repo: null, dest, key_filename: paths[2] } };
    }
    const signedBy = args.signed_by;
    if (signedBy !== undefined && /^[a-z][a-z0-9+.-]*:/i.test(signedBy.trim()))
      throw new ModuleFailure(
        `deb822_repository: signed_by as a URL is not supported (${signedBy}); download the key with get_url into ${KEYRINGS} and give its path`,
      );
    const { mode, state: _state, install_python_debian: _install, ...fields } = args;
    const repo = renderDeb822(fields);
    const written = await planManagedFile(ctx.fact, { path: dest, content: repo, mode });
    return { steps: written.steps, diff: written.diff, data: { repo, dest, key_filename: null } };
  },
});
