// user: a local account present (useradd, or usermod for what differs) or absent (userdel), read
// through getent (and the shadow entry when a password is managed). Decisions and result fields
// follow ansible-core 2.14's user module on Debian 12 (compared side by side): the supplementary
// groups it compares leave out the primary group, a locked password compares without its '!',
// an existing account whose home is missing gets one made from the skeleton. The ids a new
// account receives are read back after useradd, so the result carries them as Ansible's does.
import { defineModule, type Step } from '../types.js';
import type { ArgsOf, OptionSpecs } from '../../argspec/declaration.js';
import { ModuleFailure } from '../../errors.js';
import { getentFact } from '../../facts/getent.js';
import { shadowEntryFact } from '../../facts/shadow-entry.js';
import { fileStateFact } from '../../facts/file-state.js';
import { commandLine } from '../../util/shell.js';
import { findGroup, groupEntries, passwdEntry, passwdResultFields, readBackStep, type GroupEntry, type PasswdEntry } from '../lib/accounts.js';

const OPTIONS = {
  name: { required: true, aliases: ['user'], description: 'The account.' },
  state: { choices: ['present', 'absent'], default: 'present', description: 'Whether the account should exist.' },
  uid: { type: 'int', minimum: 0, description: 'Its user id.' },
  non_unique: { type: 'bool', default: false, description: 'Allow a uid another account already has (-o); needs uid.' },
  group: { description: 'Its primary group, by name or number; the group must exist. By default a new account gets the group useradd gives it.' },
  groups: {
    type: 'list',
    elements: 'str',
    description: 'Its supplementary groups; each must exist. An empty list removes it from all of them (unless append).',
  },
  append: { type: 'bool', default: false, description: 'Add the groups to those it has rather than replace them.' },
  comment: { description: 'The GECOS field (full name).' },
  home: { type: 'path', description: 'Its home directory.' },
  move_home: { type: 'bool', default: false, description: 'When home changes, move the old home there (usermod -m).' },
  shell: { description: 'Its login shell.' },
  create_home: {
    type: 'bool',
    default: true,
    aliases: ['createhome'],
    description: 'Make the home directory (from the skeleton) for a new account, and for an existing one whose home is missing.',
  },
  skeleton: { type: 'path', description: 'The skeleton directory a new home is copied from (useradd -k).' },
  system: { type: 'bool', default: false, description: 'Create it as a system account (ids from the system range); no effect on an existing account.' },
  password: { no_log: true, description: 'The password as its crypt(3) hash, as it is stored in /etc/shadow.' },
  update_password: {
    choices: ['always', 'on_create'],
    default: 'always',
    description: 'always: set the password when it differs; on_create: only for a new account.',
  },
  password_lock: { type: 'bool', description: 'Lock (true) or unlock (false) the password (usermod -L / -U).' },
  remove: { type: 'bool', default: false, description: 'With state absent: remove its home and mail spool too (userdel -r).' },
  force: { type: 'bool', default: false, description: 'With state absent: remove it even while it is logged in (userdel -f).' },
} as const satisfies OptionSpecs;

export const userModule = defineModule({
  name: 'user',
  checkMode: 'plan',
  spec: {
    short_description: 'Add, change or remove a local user account',
    description: [
      'useradd, usermod and userdel, run only for what differs from the account database (read with getent).',
      "The result's fields are Ansible 2.14's: name, state, uid, group (the primary gid), comment, home, shell, groups.",
    ],
    options: OPTIONS,
    required_if: [['non_unique', true, ['uid']]],
    examples: ['- user:', '    name: deploy', '    shell: /bin/bash', '    groups: [adm]', '    append: true'].join('\n'),
    returns: {
      name: { description: 'The account', type: 'str', returned: 'always' },
      state: { description: 'present or absent', type: 'str', returned: 'always' },
      uid: { description: 'Its user id', type: 'int', returned: 'when state is present' },
      group: { description: 'Its primary group id', type: 'int', returned: 'when state is present' },
      comment: { description: 'Its GECOS field', type: 'str', returned: 'when state is present' },
      home: { description: 'Its home directory', type: 'str', returned: 'when state is present' },
      shell: { description: 'Its login shell', type: 'str', returned: 'when state is present' },
      groups: { description: 'The supplementary groups asked for, comma-separated', type: 'str', returned: 'when groups is given' },
      system: { description: 'Whether it was created as a system account', type: 'bool', returned: 'when the account is created' },
      create_home: { description: 'Whether a home was asked for', type: 'bool', returned: 'when the account is created' },
      append: { description: 'The append option', type: 'bool', returned: 'when the account existed' },
      move_home: { description: 'The move_home option', type: 'bool', returned: 'when the account existed' },
      force: { description: 'The force option', type: 'bool', returned: 'when an account is removed' },
      remove: { description: 'The remove option', type: 'bool', returned: 'when an account is removed' },
      stderr: { description: 'What useradd, usermod or userdel printed on standard error (when it did)', type: 'str', returned: 'when not empty' },
    },
  },
  async plan(args, ctx) {
    const { name, state } = args;
    const [passwdOut, groupOut] = await Promise.all([
      ctx.fact(getentFact, { database: 'passwd', keys: [name] }),
      ...(state === 'present' ? [ctx.fact(getentFact, { database: 'group', keys: [] })] : []),
    ]);
    const account = passwdEntry(passwdOut);
    if (state === 'absent') {
      if (!account) return { steps: [], data: { name, state } };
      const words = [...(args.force ? ['-f'] : []), ...(args.remove ? ['-r'] : []), name];
      return {
        steps: [{ describe: `userdel ${words.join(' ')}`, command: commandLine('userdel', ...words) }],
        data: { name, state, force: args.force, remove: args.remove },
      };
    }
    const groups = groupEntries(groupOut!);
    const common = {
      name,
      state,
      ...(args.groups !== undefined ? { groups: args.groups.join(',') } : {}),
      ...(args.password !== undefined ? { password: 'NOT_LOGGING_PASSWORD' } : {}),
    };
    if (!account) {
      // As Ansible's: the groups of a new account are not checked while planning (in check mode
      // an earlier task may be about to create them); useradd says which one is missing.
      const words = useraddWords(args, askedGroups(args.groups), groups);
      return {
        steps: [{ describe: `useradd ${shown(words)}`, command: commandLine('useradd', ...words) }, readBackStep('passwd', name)],
        data: { ...common, system: args.system, create_home: args.create_home },
      };
    }
    const wanted = askedGroups(args.groups);
    for (const g of wanted ?? []) if (!findGroup(groups, g)) throw new ModuleFailure(`Group ${g} does not exist`);
    const primary = args.group === undefined ? undefined : findGroup(groups, args.group);
    if (args.group !== undefined && !primary) throw new ModuleFailure(`Group ${args.group} does not exist`);
    const shadow = args.password !== undefined || args.password_lock !== undefined ? ctx.fact(shadowEntryFact, { name }) : undefined;
    const home = args.create_home ? ctx.fact(fileStateFact, { path: args.home ?? account.home }) : undefined;
    const [shadowEntry, homeState] = await Promise.all([shadow, home]);
    const words = usermodWords(args, account, primary, wanted, groups, shadowEntry?.password);
    const steps: Step[] = words.length ? [{ describe: `usermod ${shown([...words, name])}`, command: commandLine('usermod', ...words, name) }] : [];
    if (homeState?.kind === 'absent' && !(args.move_home && words.includes('-m')))
      steps.push({ describe: `mkhomedir_helper ${name}`, command: commandLine('mkhomedir_helper', name) });
    if (steps.length) steps.push(readBackStep('passwd', name));
    // As Ansible's: the account as it is now (check mode shows these; a real run reads it back).
    const current = { uid: account.uid, group: account.gid, comment: account.comment, home: account.home, shell: account.shell };
    return { steps, data: { ...common, append: args.append, move_home: args.move_home, ...current } };
  },
  summarize(args, plan, outputs) {
    if (args.state === 'absent' || outputs.length === 0) return printed(outputs[0]);
    return { ...printed(outputs[0]), ...passwdResultFields(outputs[plan.steps.length - 1]?.stdout ?? '') };
  },
});

type Args = ArgsOf<typeof OPTIONS>;

/** The supplementary groups asked for, in the order given, once each. */
function askedGroups(asked: string[] | undefined): string[] | undefined {
  return asked === undefined ? undefined : [...new Set(asked.map((g) => g.trim()).filter((g) => g !== ''))];
}

function useraddWords(args: Args, wanted: string[] | undefined, groups: GroupEntry[]): string[] {
  const words: string[] = [];
  if (args.uid !== undefined) words.push('-u', String(args.uid), ...(args.non_unique ? ['-o'] : []));
  if (args.group !== undefined) words.push('-g', args.group);
  // A group named as the account exists already: useradd would fail to create its user group.
  else if (findGroup(groups, args.name)) words.push('-N');
  if (wanted?.length) words.push('-G', wanted.join(','));
  if (args.comment !== undefined) words.push('-c', args.comment);
  if (args.home !== undefined) words.push('-d', args.home);
  if (args.shell !== undefined) words.push('-s', args.shell);
  if (args.password !== undefined) words.push('-p', args.password);
  if (args.create_home) words.push('-m', ...(args.skeleton !== undefined ? ['-k', args.skeleton] : []));
  else words.push('-M');
  if (args.system) words.push('-r');
  words.push(args.name);
  return words;
}

/** usermod's options for what differs (without the account's name); none when nothing does. */
function usermodWords(
  args: Args,
  account: PasswdEntry,
  primary: GroupEntry | undefined,
  wanted: string[] | undefined,
  groups: GroupEntry[],
  password: string | undefined,
): string[] {
  const words: string[] = [];
  if (args.uid !== undefined && args.uid !== account.uid) words.push('-u', String(args.uid), ...(args.non_unique ? ['-o'] : []));
  if (primary && primary.gid !== account.gid) words.push('-g', args.group!);
  if (wanted !== undefined) {
    // The groups it is a member of, its primary group left out (as Ansible compares them).
    const current = groups.filter((g) => g.members.includes(account.name) && g.gid !== account.gid).map((g) => g.name);
    const differing = [...current.filter((g) => !wanted.includes(g)), ...wanted.filter((g) => !current.includes(g))];
    const needed = wanted.length === 0 ? current.length > 0 && !args.append : args.append ? wanted.some((g) => differing.includes(g)) : differing.length > 0;
    if (needed) words.push(...(args.append ? ['-a'] : []), '-G', wanted.join(','));
  }
  if (args.comment !== undefined && args.comment !== account.comment) words.push('-c', args.comment);
  if (args.home !== undefined && args.home !== account.home) words.push(...(args.move_home ? ['-m'] : []), '-d', args.home);
  if (args.shell !== undefined && args.shell !== account.shell) words.push('-s', args.shell);
  const locked = password?.startsWith('!') ?? false;
  if (args.password !== undefined && args.update_password === 'always' && password !== undefined && stripLock(password) !== stripLock(args.password))
    // A new hash and a lock in one: the hash stored locked (usermod takes -p or -L, not both).
    words.push('-p', args.password_lock ? `!${stripLock(args.password)}` : args.password);
  else if (args.password_lock === true && !locked) words.push('-L');
  else if (args.password_lock === false && locked) words.push('-U');
  return words;
}

/** A command's words as -v shows them: the password hash hidden, as Ansible's no_log hides it. */
function shown(words: string[]): string {
  return words.map((w, i) => (words[i - 1] === '-p' ? '********' : w)).join(' ');
}

function stripLock(hash: string): string {
  return hash.replace(/^!+/, '');
}

/** What a command printed, under Ansible's result names, when it printed anything. */
function printed(output: { stdout: string; stderr: string } | undefined): Record<string, string> {
  if (!output) return {};
  return { ...(output.stdout ? { stdout: output.stdout } : {}), ...(output.stderr ? { stderr: output.stderr } : {}) };
}
