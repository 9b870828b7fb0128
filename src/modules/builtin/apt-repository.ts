// apt_repository: a one-line apt source present or absent, as ansible-core 2.14 manages it
// (lib/apt-sources.ts): a repository already in any sources file, even commented out, is not
// added again (a commented one is enabled); a new one goes to the file named after its URI.
// Files go through the one writer; the package lists are refreshed only when a file changed.
import { defineModule, type ContentDiff, type Step } from '../types.js';
import { planManagedFile } from '../lib/managed-file.js';
import { editSources, repositorySource, SOURCES_DIR, SOURCES_LIST, sourcesFileFor } from '../lib/apt-sources.js';
import { APT_UPDATE } from './apt.js';
import { fileStateFact } from '../../facts/file-state.js';
import { globMatchesFact } from '../../facts/glob-matches.js';
import { ModuleFailure } from '../../errors.js';
import { quote } from '../../util/shell.js';

export const aptRepositoryModule = defineModule({
  name: 'apt_repository',
  checkMode: 'plan',
  spec: {
    short_description: 'Add or remove an apt repository (a one-line source)',
    description: [
      'Reads /etc/apt/sources.list and /etc/apt/sources.list.d/*.list. A repository already there, in any file, is not added again; a commented-out one is enabled.',
      "When something changes, every sources file is written back normalised as ansible-core 2.14 writes it (single spaces, '# comment'), and a file left without lines is deleted.",
      'ppa: repositories (Launchpad) are not supported.',
    ],
    options: {
      repo: { required: true, description: 'The source line, e.g. `deb [signed-by=/etc/apt/keyrings/x.gpg] http://deb.example.org/debian bookworm main`.' },
      state: {
        choices: ['present', 'absent'],
        default: 'present',
        description: 'present adds (or enables) the line; absent removes every enabled copy of it.',
      },
      mode: { type: 'raw', format: 'mode', description: 'Mode of a file that gains the line (a new file is 0644 when unset; an existing one keeps its mode).' },
      update_cache: { type: 'bool', default: true, aliases: ['update-cache'], description: 'Run apt-get update when a file changed (never in check mode).' },
      update_cache_retries: { type: 'int', default: 5, description: 'Accepted for Ansible compatibility: apt-get update runs once.' },
      update_cache_retry_max_delay: { type: 'int', default: 12, description: 'Accepted for Ansible compatibility.' },
      filename: {
        description:
          'The file under /etc/apt/sources.list.d for a new line, without .list; by default derived from the URI (deb.example.org/debian -> deb_example_org_debian.list).',
      },
      codename: { description: 'Accepted for Ansible compatibility (it names ppa: files, which are not supported).' },
      install_python_apt: { type: 'bool', default: true, description: 'Accepted for Ansible compatibility: nothing is installed on the host.' },
      validate_certs: { type: 'bool', default: true, description: 'Accepted for Ansible compatibility.' },
    },
    examples: [
      '- apt_repository:',
      '    repo: deb [signed-by=/etc/apt/keyrings/example.gpg] http://deb.example.org/debian bookworm main',
      '    filename: example',
      '    update_cache: false',
    ].join('\n'),
    returns: {
      repo: { description: 'the repository as the task named it', type: 'str', returned: 'always' },
      state: { description: 'the state asked for', type: 'str', returned: 'always' },
    },
  },
  async plan(args, ctx) {
    const { repo, state } = args;
    if (repo.trim() === '') throw new ModuleFailure("Please set argument 'repo' to a non-empty value");
    if (repo.startsWith('ppa:')) throw new ModuleFailure(`apt_repository: ppa: repositories (Launchpad) are not supported: ${repo}`);
    const source = repositorySource(repo);
    if (source === undefined) throw new ModuleFailure(`Invalid repository string: ${repo}`);
    const parts = await ctx.fact(globMatchesFact, { pattern: `${SOURCES_DIR}/*.list` });
    const paths = [SOURCES_LIST, ...parts];
    const states = await Promise.all(paths.map((path) => ctx.fact(fileStateFact, { path, withContent: true })));
    const files = new Map<string, string>();
    states.forEach((s, i) => {
      if (s.kind === 'file') files.set(paths[i]!, s.content ?? '');
    });
    const edit = editSources(files, source, state, sourcesFileFor(source, args.filename));
    const steps: Step[] = [];
    const diff: ContentDiff[] = [];
    for (const [path, text] of edit.changes) {
      if (text === null) {
        steps.push({ describe: `remove ${path}`, command: `rm -f -- ${quote(path)}` });
        diff.push({ label: path, before: files.get(path) ?? '', after: '' });
        continue;
      }
      const mode = edit.added.has(path) ? (args.mode ?? (files.has(path) ? undefined : '0644')) : undefined;
      const written = await planManagedFile(ctx.fact, { path, content: text, ...(mode !== undefined ? { mode } : {}), createParents: true });
      steps.push(...written.steps);
      diff.push(...written.diff);
    }
    if (steps.length && args.update_cache) steps.push(APT_UPDATE);
    return { steps, diff, data: { repo, state } };
  },
});
