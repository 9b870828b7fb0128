// apt / package: Debian packages present, latest or absent, idempotent through dpkg-query
// (and apt-cache policy for latest): nothing runs when every package is already as asked.
import { defineModule, type ModuleContext, type Plan, type Step } from '../types.js';
import type { ArgsOf, OptionSpecs } from '../../argspec/declaration.js';
import { dpkgPackagesFact, type PackageState } from '../../facts/dpkg-packages.js';
import { aptPolicyFact, type AptPolicy } from '../../facts/apt-policy.js';
import { commandLine } from '../../util/shell.js';

const APT_OPTIONS = {
  name: { type: 'list', elements: 'str', aliases: ['pkg', 'package'], description: 'Packages, as a list or comma-separated; name=version pins a version.' },
  state: {
    choices: ['present', 'absent', 'installed', 'removed', 'latest'],
    default: 'present',
    description: 'present (installed) installs what is missing, latest also upgrades, absent (removed) removes.',
  },
  update_cache: { type: 'bool', default: false, description: 'Run apt-get update first (alone when no package is named).' },
  install_recommends: { type: 'bool', description: 'Install recommended packages too (default: as apt is configured).' },
  purge: { type: 'bool', default: false, description: 'With state=absent: remove configuration files too.' },
  autoremove: { type: 'bool', default: false, description: 'Remove packages nothing depends on any more.' },
  cache_valid_time: { type: 'int', description: 'Accepted for Ansible compatibility: update_cache always updates.' },
} as const satisfies OptionSpecs;

type AptArgs = ArgsOf<typeof APT_OPTIONS>;

const ENV = 'DEBIAN_FRONTEND=noninteractive';
/** Refresh the package lists (apt, package, apt_repository's update_cache). */
export const APT_UPDATE: Step = { describe: 'apt-get update', command: `${ENV} apt-get update -q` };

/** Base package name of `nginx`, `nginx=1.2-1` or `nginx:amd64`. */
const baseName = (n: string): string => n.split('=')[0]!.split(':')[0]!;

export interface PackagePlan {
  steps: Step[];
  /** Named packages to install or upgrade (as written, versions kept). */
  install: string[];
  /** Named packages to remove. */
  remove: string[];
}

/** The packages named: `name: "a, b"` arrives as ["a", " b"] (Ansible's list), read as a and b. */
function packageNames(args: AptArgs): string[] {
  return (args.name ?? []).map((s) => s.trim()).filter(Boolean);
}

export function planPackages(args: AptArgs, installed: Record<string, PackageState>, policy: Record<string, AptPolicy> = {}): PackagePlan {
  const names = packageNames(args);
  const state = args.state;
  const isInstalled = (n: string): boolean => installed[baseName(n)]?.installed === true;
  if (state === 'absent' || state === 'removed') {
    const remove = names.filter(isInstalled);
    const steps: Step[] = remove.length
      ? [
          {
            describe: `remove ${remove.join(' ')}`,
            command: `${ENV} ${commandLine('apt-get', args.purge ? 'purge' : 'remove', '-y', '-q', ...(args.autoremove ? ['--autoremove'] : []), ...remove)}`,
          },
        ]
      : [];
    return { steps, install: [], remove };
  }
  // A pinned version (name=1.2) counts as present only when exactly that version is installed.
  const satisfied = (n: string): boolean => {
    if (!isInstalled(n)) return false;
    const pinned = n.includes('=') ? n.slice(n.indexOf('=') + 1) : undefined;
    if (pinned !== undefined) return installed[baseName(n)]?.version === pinned;
    if (state !== 'latest') return true;
    const p = policy[baseName(n)];
    return p?.candidate === undefined || p.candidate === p.installed;
  };
  const install = names.filter((n) => !satisfied(n));
  const steps: Step[] = [];
  if (install.length) {
    // The cache is refreshed only when something is installed: an update alone is no change.
    if (args.update_cache) steps.push(APT_UPDATE);
    const recommends = args.install_recommends === undefined ? [] : [args.install_recommends ? '--install-recommends' : '--no-install-recommends'];
    steps.push({
      describe: `install ${install.join(' ')}`,
      command: `${ENV} ${commandLine('apt-get', 'install', '-y', '-q', '-o', 'Dpkg::Options::=--force-confold', ...recommends, ...install)}`,
    });
  }
  return { steps, install, remove: [] };
}

async function planApt(args: AptArgs, ctx: ModuleContext): Promise<Plan> {
  const names = [...new Set(packageNames(args).map(baseName))];
  if (names.length === 0) {
    if (args.update_cache) return { steps: [APT_UPDATE] };
    return { steps: [], msg: 'no packages named' };
  }
  const installed = await ctx.fact(dpkgPackagesFact, { names });
  const policy = args.state === 'latest' ? await ctx.fact(aptPolicyFact, { names }) : {};
  const plan = planPackages(args, installed, policy);
  const msg = plan.remove.length ? `removing: ${plan.remove.join(', ')}` : plan.install.length ? `installing: ${plan.install.join(', ')}` : undefined;
  return { steps: plan.steps, ...(msg ? { msg } : {}) };
}

const EXAMPLES = '- apt:\n    name: [ipvsadm, keepalived]\n    update_cache: yes\n\n- apt: name=nginx state=absent purge=yes';

export const aptModuleDef = defineModule({
  name: 'apt',
  checkMode: 'plan',
  spec: {
    short_description: 'Debian packages present, latest or absent',
    description: ['Idempotent through dpkg-query (and apt-cache policy for latest): nothing runs when every package is already as asked.'],
    options: APT_OPTIONS,
    examples: EXAMPLES,
  },
  plan: planApt,
});

/** Ansible's generic `package`: on the Debian hosts lvsplay manages, apt. */
export const packageModuleDef = defineModule({
  name: 'package',
  checkMode: 'plan',
  spec: {
    short_description: "Packages present, latest or absent (Ansible's generic package: apt on Debian)",
    options: { ...APT_OPTIONS, use: { choices: ['auto', 'apt'], description: 'The package manager: apt on the hosts lvsplay manages.' } },
    examples: EXAMPLES.replace(/apt:/g, 'package:'),
  },
  plan: planApt,
});
