// pip: Python packages installed with the host's pip, system-wide or in a virtualenv (created
// when missing). For plain package names the installed packages are read first (facts/
// pip-packages.ts), so a package already there is no step and check mode knows the change.
// What cannot be known before pip runs (a requirements file, a path, a URL, state latest or
// forcereinstall) is always a step; as in ansible-core 2.14, such a run counts as changed only
// when pip says "Successfully installed"/"Successfully uninstalled", and check mode reports it
// as a change. Unlike 2.14, a package already installed is not handed to pip again: on Debian 12
// a system-wide `pip install` of it fails there (PEP 668) unless extra_args says
// --break-system-packages; here it is simply no change.
import { defineModule, type Step } from '../types.js';
import { ModuleFailure } from '../../errors.js';
import { pipPackagesFact } from '../../facts/pip-packages.js';
import { quote, splitWords } from '../../util/shell.js';
import type { OptionSpecs } from '../../argspec/declaration.js';

const PIP_OPTIONS = {
  name: {
    type: 'list',
    elements: 'str',
    description: 'Packages: names with optional version specifiers (`requests>=2.28`), paths to wheels or folders, or URLs.',
  },
  version: { description: 'The version of the one package in name (name==VERSION).' },
  state: {
    choices: ['present', 'absent', 'latest', 'forcereinstall'],
    default: 'present',
    description: 'present installs what is missing, absent uninstalls, latest upgrades, forcereinstall reinstalls.',
  },
  requirements: { description: 'A requirements file on the host (pip install -r).' },
  virtualenv: {
    type: 'path',
    aliases: ['virtualenv_path'],
    description: 'A virtualenv to install into; created with virtualenv_command when it has no bin/activate.',
  },
  virtualenv_command: { default: 'virtualenv', description: 'What creates the virtualenv, e.g. `python3 -m venv`.' },
  virtualenv_site_packages: { type: 'bool', default: false, description: "The virtualenv sees the system's packages (--system-site-packages)." },
  executable: { description: "The pip to run (a name on PATH or a path); by default the virtualenv's bin/pip, else pip3." },
  extra_args: { description: 'More pip arguments, as a shell would split them (e.g. `--no-index --find-links /srv/wheels`).' },
  chdir: { type: 'path', description: 'The folder pip runs in.' },
} as const satisfies OptionSpecs;

/** A name pip can be asked about before installing: NAME[extras] with optional specifiers. */
interface Requirement {
  text: string;
  name: string;
  specifiers: Array<[string, string]>;
}

const REQUIREMENT = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)(\[[^\]]*\])?\s*((?:[<>=!~]=?|===)\s*[^<>=!~,\s][^,]*(?:,\s*(?:[<>=!~]=?|===)\s*[^,]+)*)?$/;

/** A path, an archive or a URL is installed by pip without being looked up first. */
const NOT_A_NAME = /[/:]|\.(whl|zip|tar\.gz|tgz|tar\.bz2)$/;

function requirementOf(text: string): Requirement | undefined {
  if (NOT_A_NAME.test(text.trim())) return undefined;
  const m = REQUIREMENT.exec(text.trim());
  if (!m) return undefined;
  const specifiers = (m[3] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      const op = /^(===|==|!=|>=|<=|~=|>|<)/.exec(s)![1]!;
      return [op, s.slice(op.length).trim()] as [string, string];
    });
  return { text: text.trim(), name: m[1]!, specifiers };
}

/** PEP 503: names compare lower-cased with runs of -, _ and . as one '-'. */
function normalized(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** Release numbers compared part by part (1.10 > 1.9); a part that is not a number compares as text. */
function compareVersions(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '0';
    const y = pb[i] ?? '0';
    const nx = /^\d+$/.test(x) ? Number(x) : NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : NaN;
    const c = !Number.isNaN(nx) && !Number.isNaN(ny) ? nx - ny : x.localeCompare(y);
    if (c !== 0) return Math.sign(c);
  }
  return 0;
}

function satisfies(installed: string, [op, wanted]: [string, string]): boolean {
  if (wanted.endsWith('.*') && (op === '==' || op === '!=')) {
    const prefix = installed === wanted.slice(0, -2) || installed.startsWith(wanted.slice(0, -1));
    return op === '==' ? prefix : !prefix;
  }
  const c = compareVersions(installed, wanted);
  switch (op) {
    case '==':
    case '===':
      return c === 0;
    case '!=':
      return c !== 0;
    case '>=':
      return c >= 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '<':
      return c < 0;
    default: {
      // ~=X.Y: >= X.Y and the same release up to the last part given
      const stem = wanted.split('.').slice(0, -1);
      return c >= 0 && installed.split('.').slice(0, stem.length).join('.') === stem.join('.');
    }
  }
}

function installedVersion(packages: Record<string, string>, name: string): string | undefined {
  const wanted = normalized(name);
  const found = Object.keys(packages).find((k) => normalized(k) === wanted);
  return found === undefined ? undefined : packages[found];
}

export const pipModule = defineModule({
  name: 'pip',
  checkMode: 'plan',
  spec: {
    short_description: 'Install Python packages with pip',
    description: [
      "Installs, upgrades or removes Python packages with the host's pip, system-wide or in a virtualenv, which is created when it is missing.",
      'Packages named plainly are compared with what pip lists first: one already there is no change, and check mode knows. A requirements file, a path or URL, latest and forcereinstall always run pip; the task is changed when pip installed or removed something.',
    ],
    options: PIP_OPTIONS,
    mutually_exclusive: [['name', 'requirements']],
    required_one_of: [['name', 'requirements']],
    examples: ['- pip:', '    name: [jmespath==1.0.1]', '    virtualenv: /srv/tools', '    virtualenv_command: python3 -m venv'].join('\n'),
    returns: {
      cmd: { description: 'The pip command line', type: 'str', returned: 'when pip ran or would run' },
      stdout: { description: "pip's output", type: 'str', returned: 'when pip ran' },
    },
  },
  async plan(args, ctx) {
    const names = args.name ?? [];
    if (args.version !== undefined && names.length > 1)
      throw new ModuleFailure(
        "'version' argument is ambiguous when installing multiple package distributions. Please specify version restrictions next to each package in 'name' argument.",
      );
    if (args.version !== undefined && (requirementOf(names[0] ?? '')?.specifiers.length ?? 0) > 0)
      throw new ModuleFailure(
        "The 'version' argument conflicts with any version specifier provided along with a package name. Please keep the version specifier, but remove the 'version' argument.",
      );
    const requirements = names.map((n, i) => requirementOf(i === 0 && args.version !== undefined ? `${n}==${args.version}` : n));
    const venv = args.virtualenv;
    const pip = args.executable !== undefined ? quote(args.executable) : venv !== undefined ? quote(`${venv}/bin/pip`) : 'pip3';
    const state = await ctx.fact(pipPackagesFact, { pip, ...(venv !== undefined ? { virtualenv: venv } : {}) });
    const cd = args.chdir !== undefined ? `cd ${quote(args.chdir)} && ` : '';
    const steps: Step[] = [];
    if (state.virtualenv === 'absent') {
      const create = [...splitWords(args.virtualenv_command), ...(args.virtualenv_site_packages ? ['--system-site-packages'] : [])];
      steps.push({ describe: `create virtualenv ${venv!}`, command: `${cd}${create.map(quote).join(' ')} ${quote(venv!)}` });
    } else if (state.pip === 'missing') throw new ModuleFailure(`Unable to run pip (${pip}): ${state.error}`);
    const installed = state.virtualenv === 'absent' ? {} : state.packages;
    const extra = args.extra_args !== undefined ? splitWords(args.extra_args) : [];
    const words = (verb: string[], targets: string[]): string => `${cd}${pip} ${[...verb, ...extra, ...targets].map(quote).join(' ')}`;
    const texts = requirements.map((r, i) => r?.text ?? names[i]!);
    let cmd: string | undefined;
    if (args.requirements !== undefined) cmd = words(['install', ...(args.state === 'latest' ? ['-U'] : [])], ['-r', args.requirements]);
    else if (args.state === 'latest') cmd = words(['install', '-U'], texts);
    else if (args.state === 'forcereinstall') cmd = words(['install', '-U', '--force-reinstall'], texts);
    else if (args.state === 'absent') {
      // a name that is not a plain requirement cannot be looked up: pip is asked to remove it
      const present = requirements
        .map((r, i) => (r === undefined || installedVersion(installed, r.name) !== undefined ? texts[i]! : undefined))
        .filter((t) => t !== undefined);
      if (present.length > 0) cmd = words(['uninstall', '-y'], present);
    } else {
      const missing = requirements
        .map((r, i) => {
          if (r === undefined) return texts[i]!;
          const version = installedVersion(installed, r.name);
          return version === undefined || !r.specifiers.every((s) => satisfies(version, s)) ? r.text : undefined;
        })
        .filter((t) => t !== undefined);
      if (missing.length > 0) cmd = words(['install'], missing);
    }
    if (cmd !== undefined) steps.push({ describe: cmd, command: cmd });
    const data = {
      name: names,
      version: args.version ?? null,
      state: args.state,
      requirements: args.requirements ?? null,
      virtualenv: venv ?? null,
      ...(cmd !== undefined ? { cmd } : {}),
    };
    return { steps, data };
  },
  summarize(args, plan, outputs) {
    const stdout = outputs.map((o) => o.stdout).join('');
    const venvCreated = plan.steps[0]?.describe.startsWith('create virtualenv') ?? false;
    // what pip cannot be asked beforehand counts as changed only when pip says it did something
    const word = args.state === 'absent' ? 'Successfully uninstalled' : 'Successfully installed';
    return { stdout, changed: venvCreated || stdout.includes(word) };
  },
});
