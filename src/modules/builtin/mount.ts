// mount: a mount point in fstab and mounted, as ansible.posix 1.5's mount (Ansible 7) manages
// it on Linux: present/absent/absent_from_fstab edit fstab (lib/fstab.ts) through the one file
// writer; mounted also creates the folder and mounts (or remounts when the entry changed);
// unmounted unmounts; absent also unmounts and removes the folder; remounted always remounts.
// An alternate fstab reaches mount as -T FILE. ephemeral (no fstab) is not supported.
import { defineModule, type ContentDiff, type Step } from '../types.js';
import { planManagedFile } from '../lib/managed-file.js';
import { setFstabEntry, unsetFstabEntry } from '../lib/fstab.js';
import { fileStateFact } from '../../facts/file-state.js';
import { mountPointFact } from '../../facts/mount-point.js';
import { ModuleFailure } from '../../errors.js';
import { commandLine, quote } from '../../util/shell.js';

const FSTAB = '/etc/fstab';
const REMOUNT_WITH_OPTIONS_FAILED =
  'Options were specified with remounted, but the remount command failed: unmount and mount with the options instead (state unmounted, then mounted)';

export const mountModule = defineModule({
  name: 'mount',
  checkMode: 'plan',
  spec: {
    short_description: 'A mount point in fstab, mounted or not',
    description: [
      "As ansible.posix's mount (Ansible 7) on Linux: an fstab entry is found by its mount point and written as six single-space-separated fields, other lines kept.",
      'mounted creates the folder, writes the entry and mounts (remounts when the entry changed); unmounted unmounts only; absent removes the entry, unmounts and removes the folder; remounted always remounts.',
    ],
    options: {
      path: { type: 'path', required: true, aliases: ['name'], description: 'The mount point.' },
      src: { type: 'path', description: 'The device, or what is mounted (tmpfs, a folder for a bind mount). Required for mounted and present.' },
      fstype: { description: 'The file system type. Required for mounted and present.' },
      opts: { description: 'Mount options (default: defaults).' },
      dump: { default: '0', description: 'fstab dump field.' },
      passno: { default: '0', description: 'fstab pass number.' },
      state: {
        required: true,
        choices: ['absent', 'absent_from_fstab', 'mounted', 'present', 'unmounted', 'remounted'],
        description: 'mounted, present (fstab only), unmounted (fstab untouched), absent (fstab, mount and folder), absent_from_fstab, remounted.',
      },
      fstab: { description: 'The fstab file to edit (default /etc/fstab); another one is passed to mount as -T.' },
      boot: { type: 'bool', default: true, description: 'false adds noauto to opts (unless opts has defaults or noauto).' },
      backup: { type: 'bool', default: false, description: 'Keep the old fstab as FSTAB.PID.DATE~ (returned as backup_file).' },
    },
    required_if: [
      ['state', 'mounted', ['src', 'fstype']],
      ['state', 'present', ['src', 'fstype']],
    ],
    examples: ['- mount:', '    path: /srv/cache', '    src: tmpfs', '    fstype: tmpfs', '    opts: size=64m', '    state: mounted'].join('\n'),
    returns: {
      name: { description: 'the mount point', type: 'str', returned: 'always' },
      fstab: { description: 'the fstab file', type: 'str', returned: 'always' },
      backup_file: { description: 'where the old fstab was kept', type: 'str', returned: 'always (empty without backup)' },
    },
  },
  async plan(args, ctx) {
    const name = args.path;
    const fstab = args.fstab ?? FSTAB;
    let opts = args.opts ?? 'defaults';
    const warnings: string[] = [];
    const words = opts.split(',');
    if (words.includes('noauto')) warnings.push("Ignore the 'boot' due to 'opts' contains 'noauto'.");
    else if (!args.boot) {
      if (words.includes('defaults')) warnings.push("Ignore the 'boot' due to 'opts' contains 'defaults'.");
      else opts = [...words, 'noauto'].join(',');
    }
    const state = args.state;
    const usesFstab = state !== 'unmounted' && state !== 'remounted';
    const [file, point] = await Promise.all([
      usesFstab ? ctx.fact(fileStateFact, { path: fstab, withContent: true }) : undefined,
      ctx.fact(mountPointFact, { path: name }),
    ]);
    if (file !== undefined && file.kind !== 'file' && file.kind !== 'absent') throw new ModuleFailure(`${fstab} is a ${file.kind}, not a file`);
    const text = file?.kind === 'file' ? (file.content ?? '') : '';
    const fstabArgs = fstab !== FSTAB ? ['-T', fstab] : [];
    const mountStep = (): Step => ({ describe: `mount ${name}`, command: commandLine('mount', ...fstabArgs, name) });
    const umountStep = (): Step => ({ describe: `umount ${name}`, command: commandLine('umount', name) });
    const remountStep = (withOpts: boolean): Step => {
      const remount = commandLine('mount', '-o', withOpts && opts !== 'defaults' ? `remount,${opts}` : 'remount', ...fstabArgs, name);
      // as Ansible: where remount is refused, unmount and mount (not when options were asked for)
      const fallback =
        withOpts && opts !== 'defaults' ? `echo ${quote(REMOUNT_WITH_OPTIONS_FAILED)} >&2; exit 1` : `${commandLine('umount', name)} && ${mountStep().command}`;
      return { describe: `remount ${name}`, command: `${remount} 2>/dev/null || { ${fallback}; }` };
    };
    const steps: Step[] = [];
    const diff: ContentDiff[] = [];
    let backupFile = '';
    const writeFstab = async (content: string): Promise<void> => {
      const written = await planManagedFile(ctx.fact, {
        path: fstab,
        content,
        backup: args.backup,
        createParents: true,
        ...(file?.kind === 'absent' ? { mode: '0644' } : {}),
      });
      steps.push(...written.steps);
      diff.push(...written.diff);
      backupFile = written.backupFile ?? '';
    };
    const entry = { src: args.src ?? '', name, fstype: args.fstype ?? '', opts, dump: args.dump, passno: args.passno };
    if (state === 'present' || state === 'mounted') {
      const set = setFstabEntry(text, entry, args.src !== undefined);
      if (state === 'mounted' && !point.exists) steps.push({ describe: `mkdir -p ${name}`, command: `mkdir -p -- ${quote(name)}` });
      if (set.changed) await writeFstab(set.text);
      if (state === 'mounted') {
        if (!point.mounted) steps.push(mountStep());
        else if (set.changed) steps.push(remountStep(false));
      }
    } else if (state === 'absent' || state === 'absent_from_fstab') {
      const unset = unsetFstabEntry(text, name, args.src);
      if (unset.changed) {
        await writeFstab(unset.text);
        if (state === 'absent') {
          if (point.mounted) steps.push(umountStep());
          if (point.exists) steps.push({ describe: `rmdir ${name}`, command: `rmdir -- ${quote(name)}` });
        }
      }
    } else if (state === 'unmounted') {
      if (point.mounted) steps.push(umountStep());
    } else {
      steps.push(remountStep(true));
    }
    const data = {
      name,
      src: args.src,
      fstype: args.fstype,
      opts,
      dump: args.dump,
      passno: args.passno,
      fstab,
      boot: !args.boot && !words.includes('noauto') ? 'no' : 'yes',
      backup_file: backupFile,
    };
    return {
      steps,
      diff,
      data: Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined)),
      ...(warnings.length ? { msg: warnings.join(' ') } : {}),
    };
  },
});
