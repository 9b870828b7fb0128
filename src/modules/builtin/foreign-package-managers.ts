// yum, dnf, dnf5, zypper, apk, pacman: other distributions' package managers. lvsplay manages
// Debian hosts with apt, so these are known modules whose arguments are checked like any other
// (a role that dispatches by os_family loads, and its `when: ansible_os_family == 'RedHat'`
// tasks are simply skipped); run on a host, the task fails with one line naming the host's own
// package manager, from the facts setup gathers.
import { defineModule, type ModuleDefinition } from '../types.js';
import type { ArgumentSpec, OptionSpecs } from '../../argspec/declaration.js';
import { hostFactsFact } from '../../facts/host-facts.js';
import { ModuleFailure } from '../../errors.js';

const NAME = { type: 'list', elements: 'str', aliases: ['pkg'], description: 'Packages, as a list or comma-separated.' } as const;
const STATE_WORDS = 'present (installed), latest, absent (removed)';

/** What yum and dnf share (Ansible's names and types). */
const RPM_OPTIONS = {
  name: NAME,
  state: { choices: ['absent', 'installed', 'latest', 'present', 'removed'], description: `${STATE_WORDS}.` },
  list: { description: 'List packages or repositories instead of changing them.' },
  enablerepo: { type: 'list', elements: 'str', description: 'Repositories to enable for this run.' },
  disablerepo: { type: 'list', elements: 'str', description: 'Repositories to disable for this run.' },
  exclude: { type: 'list', elements: 'str', description: 'Packages not to install or update.' },
  conf_file: { description: 'The configuration file to use.' },
  disable_gpg_check: { type: 'bool', default: false, description: 'Do not check package signatures.' },
  update_cache: { type: 'bool', default: false, aliases: ['expire-cache'], description: 'Refresh the metadata first.' },
  update_only: { type: 'bool', default: false, description: 'With latest: only update installed packages.' },
  installroot: { default: '/', description: 'Root of the installation.' },
  security: { type: 'bool', default: false, description: 'With latest: only security updates.' },
  bugfix: { type: 'bool', default: false, description: 'With latest: only bugfix updates.' },
  allow_downgrade: { type: 'bool', default: false, description: 'Allow installing an older version.' },
  enable_plugin: { type: 'list', elements: 'str', description: 'Plugins to enable for this run.' },
  disable_plugin: { type: 'list', elements: 'str', description: 'Plugins to disable for this run.' },
  releasever: { description: 'The release version to install from.' },
  autoremove: { type: 'bool', default: false, description: 'Remove packages nothing depends on any more.' },
  disable_excludes: { description: 'Which configured excludes to ignore (all, main or a repository id).' },
  validate_certs: { type: 'bool', default: true, description: 'Check TLS certificates.' },
  sslverify: { type: 'bool', default: true, description: 'Check TLS certificates of repositories.' },
  skip_broken: { type: 'bool', default: false, description: 'Skip packages with broken dependencies.' },
  lock_timeout: { type: 'int', default: 30, description: 'Seconds to wait for the package manager lock.' },
  install_weak_deps: { type: 'bool', default: true, description: 'Install weak dependencies (recommends).' },
  download_only: { type: 'bool', default: false, description: 'Download packages, do not install them.' },
  download_dir: { description: 'Where download_only puts packages.' },
  cacheonly: { type: 'bool', default: false, description: 'Use the cache only.' },
  install_repoquery: { type: 'bool', default: true, description: 'Accepted for compatibility.' },
} as const satisfies OptionSpecs;

const DNF_OPTIONS = {
  ...RPM_OPTIONS,
  allowerasing: { type: 'bool', default: false, description: 'Allow removing installed packages to resolve conflicts.' },
  nobest: { type: 'bool', default: false, description: 'Do not insist on the best candidate.' },
} as const satisfies OptionSpecs;

const ZYPPER_OPTIONS = {
  name: NAME,
  state: {
    choices: ['present', 'latest', 'absent', 'dist-upgrade', 'installed', 'removed'],
    default: 'present',
    description: `${STATE_WORDS}, or dist-upgrade.`,
  },
  type: { choices: ['package', 'patch', 'pattern', 'product', 'srcpackage', 'application'], default: 'package', description: 'What name names.' },
  extra_args_precommand: { description: 'Arguments before the zypper command.' },
  extra_args: { description: 'Arguments after the zypper command.' },
  disable_gpg_check: { type: 'bool', default: false, description: 'Do not check package signatures.' },
  disable_recommends: { type: 'bool', default: true, description: 'Do not install recommended packages.' },
  force: { type: 'bool', default: false, description: 'Allow downgrades and reinstalls.' },
  force_resolution: { type: 'bool', default: false, description: 'Let the solver resolve conflicts.' },
  update_cache: { type: 'bool', default: false, aliases: ['refresh'], description: 'Refresh the repositories first.' },
  oldpackage: { type: 'bool', default: false, description: 'Allow an older version.' },
  clean_deps: { type: 'bool', default: false, description: 'With absent: remove unneeded dependencies too.' },
  replacefiles: { type: 'bool', default: false, description: "Replace other packages' files." },
  allow_vendor_change: { type: 'bool', default: false, description: 'Allow changing the vendor.' },
} as const satisfies OptionSpecs;

const APK_OPTIONS = {
  name: { ...NAME, aliases: [] },
  state: { choices: ['present', 'absent', 'latest', 'installed', 'removed'], default: 'present', description: `${STATE_WORDS}.` },
  available: { type: 'bool', default: false, description: 'With latest: also downgrade to what the repositories have.' },
  no_cache: { type: 'bool', default: false, description: 'Do not use the local cache.' },
  repository: { type: 'list', elements: 'str', description: 'Repositories to use.' },
  update_cache: { type: 'bool', default: false, description: 'Refresh the index first.' },
  upgrade: { type: 'bool', default: false, description: 'Upgrade every package.' },
  world: { default: '/etc/apk/world', description: 'The world file.' },
} as const satisfies OptionSpecs;

const PACMAN_OPTIONS = {
  name: { ...NAME, aliases: ['package', 'pkg'] },
  state: { choices: ['absent', 'installed', 'latest', 'present', 'removed'], default: 'present', description: `${STATE_WORDS}.` },
  executable: { default: 'pacman', description: 'The pacman-compatible program.' },
  extra_args: { default: '', description: 'Extra arguments.' },
  force: { type: 'bool', default: false, description: 'Remove or upgrade forcibly.' },
  remove_nosave: { type: 'bool', default: false, description: 'With absent: remove configuration files too.' },
  reason: { choices: ['dependency', 'explicit'], description: 'Install reason to record.' },
  reason_for: { choices: ['all', 'new'], default: 'new', description: 'Which packages reason applies to.' },
  update_cache: { type: 'bool', description: 'Refresh the package database first.' },
  update_cache_extra_args: { default: '', description: 'Extra arguments for the refresh.' },
  upgrade: { type: 'bool', description: 'Upgrade every package.' },
  upgrade_extra_args: { default: '', description: 'Extra arguments for the upgrade.' },
} as const satisfies OptionSpecs;

/** A package manager lvsplay knows by name and refuses to run. */
function refusedPackageManager<O extends OptionSpecs>(name: string, distributions: string, options: O): ModuleDefinition<object> {
  const spec: ArgumentSpec<O> = {
    short_description: `${distributions} packages: known, refused (lvsplay manages Debian hosts with apt)`,
    description: [
      `The arguments are checked as Ansible's ${name} module declares them, so a role that dispatches by os_family loads and skips its ${distributions} tasks.`,
      "Run on a host, the task fails with a message naming the host's package manager (ansible_pkg_mgr).",
    ],
    options,
    examples: `- ${name}:\n    name: keepalived\n  when: ansible_os_family == 'RedHat'`,
  };
  return defineModule<O>({
    name,
    checkMode: 'plan',
    spec,
    async plan(_args, ctx) {
      const facts = await ctx.fact(hostFactsFact, undefined);
      const own = typeof facts['ansible_pkg_mgr'] === 'string' ? facts['ansible_pkg_mgr'] : 'unknown';
      throw new ModuleFailure(`${name} is not supported by lvsplay: this host's package manager (ansible_pkg_mgr) is ${own}; use apt or package`);
    },
  });
}

export const yumModule = refusedPackageManager('yum', 'RedHat', RPM_OPTIONS);
export const dnfModule = refusedPackageManager('dnf', 'RedHat', DNF_OPTIONS);
export const dnf5Module = refusedPackageManager('dnf5', 'RedHat', DNF_OPTIONS);
export const zypperModule = refusedPackageManager('zypper', 'SUSE', ZYPPER_OPTIONS);
export const apkModule = refusedPackageManager('apk', 'Alpine', APK_OPTIONS);
export const pacmanModule = refusedPackageManager('pacman', 'Archlinux', PACMAN_OPTIONS);
