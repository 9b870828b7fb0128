// apt / package: Debian packages present, latest or absent, idempotent through dpkg-query
// (and apt-cache policy for latest): nothing runs when every package is already as asked.
import { defineModule, type Step } from '../types.js';
import { BOOL, INT, STRING_OR_LIST, bool, listArg, resolveAliases } from '../lib/args.js';
import { dpkgPackagesFact, type PackageState } from '../../facts/dpkg-packages.js';
import { aptPolicyFact, type AptPolicy } from '../../facts/apt-policy.js';
import { commandLine } from '../../util/shell.js';

interface AptArgs {
  name?: string | string[];
  pkg?: string | string[];
  package?: string | string[];
  state?: 'present' | 'absent' | 'installed' | 'removed' | 'latest';
  update_cache?: boolean | string;
  install_recommends?: boolean | string;
  purge?: boolean | string;
  autoremove?: boolean | string;
  cache_valid_time?: number | string;
  use?: 'auto' | 'apt';
}

const ENV = 'DEBIAN_FRONTEND=noninteractive';
const UPDATE: Step = { describe: 'apt-get update', command: `${ENV} apt-get update -q` };

/** Base package name of `nginx`, `nginx=1.2-1` or `nginx:amd64`. */
const baseName = (n: string): string => n.split('=')[0]!.split(':')[0]!;

export interface PackagePlan {
  steps: Step[];
  /** Named packages to install or upgrade (as written, versions kept). */
  install: string[];
  /** Named packages to remove. */
  remove: string[];
}

export function planPackages(args: AptArgs, installed: Record<string, PackageState>, policy: Record<string, AptPolicy> = {}): PackagePlan {
  const names = listArg(args.name ?? args.pkg);
  const state = args.state ?? 'present';
  const isInstalled = (n: string): boolean => installed[baseName(n)]?.installed === true;
  if (state === 'absent' || state === 'removed') {
    const remove = names.filter(isInstalled);
    const steps: Step[] = remove.length
      ? [
          {
            describe: `remove ${remove.join(' ')}`,
            command: `${ENV} ${commandLine('apt-get', bool(args.purge) ? 'purge' : 'remove', '-y', '-q', ...(bool(args.autoremove) ? ['--autoremove'] : []), ...remove)}`,
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
    if (bool(args.update_cache)) steps.push(UPDATE);
    const recommends = args.install_recommends === undefined ? [] : [bool(args.install_recommends) ? '--install-recommends' : '--no-install-recommends'];
    steps.push({
      describe: `install ${install.join(' ')}`,
      command: `${ENV} ${commandLine('apt-get', 'install', '-y', '-q', '-o', 'Dpkg::Options::=--force-confold', ...recommends, ...install)}`,
    });
  }
  return { steps, install, remove: [] };
}

function aptModule(name: string, extra: Record<string, unknown>) {
  return defineModule<AptArgs>({
    name,
    checkMode: 'plan',
    argsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        name: STRING_OR_LIST,
        pkg: STRING_OR_LIST,
        package: STRING_OR_LIST,
        state: { type: 'string', enum: ['present', 'absent', 'installed', 'removed', 'latest'] },
        update_cache: BOOL,
        install_recommends: BOOL,
        purge: BOOL,
        autoremove: BOOL,
        cache_valid_time: INT,
        ...extra,
      },
    },
    async plan(given, ctx) {
      const args = resolveAliases(given, { package: 'name', pkg: 'name' }, name);
      const names = [...new Set(listArg(args.name ?? args.pkg).map(baseName))];
      if (names.length === 0) {
        if (bool(args.update_cache)) return { steps: [UPDATE] };
        return { steps: [], msg: 'no packages named' };
      }
      const installed = await ctx.fact(dpkgPackagesFact, { names });
      const policy = args.state === 'latest' ? await ctx.fact(aptPolicyFact, { names }) : {};
      const plan = planPackages(args, installed, policy);
      const msg = plan.remove.length ? `removing: ${plan.remove.join(', ')}` : plan.install.length ? `installing: ${plan.install.join(', ')}` : undefined;
      return { steps: plan.steps, ...(msg ? { msg } : {}) };
    },
  });
}

export const aptModuleDef = aptModule('apt', {});
/** Ansible's generic `package`: on the Debian hosts lvsplay manages, apt. */
export const packageModuleDef = aptModule('package', { use: { type: 'string', enum: ['auto', 'apt'] } });
