// apt / package: Debian packages present or absent, idempotent through dpkg-query (nothing
// runs when every package is already as asked).
import { defineModule, type Step } from '../types.js';
import { BOOL, STRING_OR_LIST, bool, listArg } from '../lib/args.js';
import { dpkgPackagesFact } from '../../facts/dpkg-packages.js';
import { commandLine } from '../../util/shell.js';

interface AptArgs {
  name?: string | string[];
  pkg?: string | string[];
  state?: 'present' | 'absent' | 'installed' | 'removed' | 'latest';
  update_cache?: boolean | string;
  install_recommends?: boolean | string;
  purge?: boolean | string;
  cache_valid_time?: number;
}

const ENV = 'DEBIAN_FRONTEND=noninteractive';

export function planPackages(args: AptArgs, installed: Record<string, { installed: boolean }>): { steps: Step[]; missing: string[]; present: string[] } {
  const names = listArg(args.name ?? args.pkg);
  const state = args.state ?? 'present';
  const steps: Step[] = [];
  const missing = names.filter((n) => !installed[n.split('=')[0]!]?.installed);
  const present = names.filter((n) => installed[n.split('=')[0]!]?.installed);
  if (state === 'absent' || state === 'removed') {
    if (present.length) steps.push({ describe: `remove ${present.join(' ')}`, command: `${ENV} ${commandLine('apt-get', bool(args.purge) ? 'purge' : 'remove', '-y', '-q', ...present)}` });
    return { steps, missing, present };
  }
  const toInstall = state === 'latest' ? names : missing;
  if (toInstall.length) {
    if (bool(args.update_cache)) steps.push({ describe: 'apt-get update', command: `${ENV} apt-get update -q` });
    const recommends = args.install_recommends === undefined ? [] : [bool(args.install_recommends) ? '--install-recommends' : '--no-install-recommends'];
    steps.push({ describe: `install ${toInstall.join(' ')}`, command: `${ENV} ${commandLine('apt-get', 'install', '-y', '-q', '-o', 'Dpkg::Options::=--force-confold', ...recommends, ...toInstall)}` });
  }
  return { steps, missing, present };
}

function aptModule(name: string, aliases: string[]) {
  return defineModule<AptArgs>({
    name,
    aliases,
    checkMode: 'plan',
    argsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        name: STRING_OR_LIST,
        pkg: STRING_OR_LIST,
        state: { type: 'string', enum: ['present', 'absent', 'installed', 'removed', 'latest'] },
        update_cache: BOOL,
        install_recommends: BOOL,
        purge: BOOL,
        cache_valid_time: { type: 'integer' },
      },
    },
    async plan(args, ctx) {
      const names = listArg(args.name ?? args.pkg).map((n) => n.split('=')[0]!);
      if (names.length === 0) {
        if (bool(args.update_cache)) return { steps: [{ describe: 'apt-get update', command: `${ENV} apt-get update -q` }] };
        return { steps: [], msg: 'no packages named' };
      }
      const installed = await ctx.fact(dpkgPackagesFact, { names });
      const { steps, missing } = planPackages(args, installed);
      return { steps, ...(steps.length ? { msg: `${args.state === 'absent' ? 'removing' : 'installing'}: ${(args.state === 'absent' ? names.filter((n) => installed[n]?.installed) : missing).join(', ')}` } : {}) };
    },
  });
}

export const aptModuleDef = aptModule('apt', []);
export const packageModuleDef = aptModule('package', []);
