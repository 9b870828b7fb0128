// unarchive: a tar archive (gzip, bzip2, xz: GNU tar on the host detects them) or a zip (unzip on
// the host) unpacked into a folder that exists, as ansible-core 2.14 does it: from the controller
// (sent with the step) or already on the host (remote_src), unpacked only when a name is missing
// or differs on disk (lib/unarchive-handlers.ts), then mode/owner/group set on every name it
// holds. Ansible's tar handlers do not run in check mode (the task is skipped), and neither do
// these; its zip handler does, and so does this one. A URL with remote_src is fetched by the host,
// as Ansible's module does: once into a private folder to read it (removed after the plan, in
// check mode too, as Ansible downloads there too), and again by the step that unpacks it.
import { readFileSync } from 'node:fs';
import { defineModule, type ModuleContext, type Plan, type Step } from '../types.js';
import { FILE_ATTRIBUTE_OPTIONS } from '../lib/file-options.js';
import { applySymbolicMode, attributeSteps, normaliseMode } from '../lib/managed-file.js';
import { isZip, problemMessage, readTar, readZip, type ArchiveOptions } from '../lib/unarchive-handlers.js';
import { quote } from '../../util/shell.js';
import { hostFetchScript } from '../../util/host-download.js';
import { fileStateFact } from '../../facts/file-state.js';
import type { FactDefinition } from '../../facts/types.js';
import { ModuleFailure } from '../../errors.js';

/** A step's shell that writes the base64 archive on stdin to $tmp (removed on exit) first. */
const RECEIVE = `tmp=$(mktemp) || exit 3; cleanup=$tmp; trap 'rm -f -- "$tmp"' EXIT; base64 -d > "$tmp" || exit 3`;

/** What the unpacking plan reads of unarchive's checked arguments. */
type UnpackArgs = ArchiveOptions & { list_files: boolean; mode?: string | number | undefined };

/** A src Ansible fetches on the host (with remote_src): scheme://... */
const URL_SRC = /^[a-z][a-z0-9+.-]*:\/\//i;

/** The URL's last path part as the file's name on the host (the handlers name it in messages), else 'archive'. */
function fetchedName(url: string): string {
  const last =
    url
      .replace(/[?#].*$/, '')
      .replace(/\/+$/, '')
      .split('/')
      .pop() ?? '';
  return /^[\w.+-]+$/.test(last) && !url.endsWith('//' + last) ? last : 'archive';
}

/** The tar call (as Ansible's extract_results.cmd lists it) of the plans that unpack. */
const unpackingCall = new WeakMap<Plan, string[]>();

/** The archive's names and their top folders, as Ansible sets attributes on them. */
function namesToFix(files: string[]): string[] {
  const tops = files.filter((f) => f.includes('/')).map((f) => f.split('/')[0]!);
  return [...new Set([...files, ...tops].map((f) => f.replace(/\/+$/, '')))];
}

export const unarchiveModule = defineModule({
  name: 'unarchive',
  checkMode: 'plan',
  spec: {
    short_description: 'Unpack a tar archive (.tar, .tar.gz/.tgz, .tar.bz2, .tar.xz) or a zip into a folder',
    description: [
      "With GNU tar on the host (Debian's tar) for tar archives, unzip for zips (told by their first bytes, as Ansible tries its zip handler first). The archive is on the controller (the role's files/, sent with the step) or, with remote_src, on the host. It is unpacked only when a name in it is missing or different on disk (for tar, what `tar --diff` finds; for a zip, its type, size, mtime, content, mode and owner), the comparison Ansible makes, so a rerun changes nothing.",
      "dest must be an existing folder. mode, owner and group are set on every name in the archive and on its top folders. As in Ansible, --check skips the task for a tar archive (Ansible's tar handlers do not support check mode) and reports whether a zip would be unpacked.",
      "A URL as src with remote_src (as in Ansible) is fetched by the host with curl, or wget where curl is missing: once to compare, into a private folder that is removed again (also in check mode, where Ansible downloads it too), and again to unpack. It must answer within 30 s. Unlike ansible-core 2.14, the result's src stays the URL (2.14 gives its temporary copy's path), and a URL that fails says `Failure downloading URL, REASON` (2.14 reads the empty file it saved: `Invalid archive ..., the file is 0 bytes`).",
    ],
    options: {
      src: {
        type: 'path',
        required: true,
        description: 'The archive: on the controller, or on the host with remote_src, or a URL the host fetches with remote_src.',
      },
      dest: { type: 'path', required: true, description: 'The folder to unpack into; it must exist.' },
      remote_src: { type: 'bool', default: false, description: 'src is on the host already.' },
      copy: { type: 'bool', description: 'The old spelling: copy false is remote_src true.' },
      creates: { type: 'path', description: 'When this path exists on the host, the task is skipped.' },
      list_files: { type: 'bool', default: false, description: 'Return the names in the archive as files.' },
      keep_newer: { type: 'bool', default: false, description: 'Do not replace files newer than those in the archive (tar --keep-newer-files, unzip -u).' },
      exclude: { type: 'list', elements: 'str', default: [], description: 'Names (globs) in the archive to leave out.' },
      include: { type: 'list', elements: 'str', default: [], description: 'Only these names from the archive.' },
      extra_opts: { type: 'list', elements: 'str', default: [], description: 'More tar options (e.g. --strip-components=1), or unzip options for a zip.' },
      decrypt: { type: 'bool', default: true, description: 'Accepted as in Ansible (vaulted archives are not opened).' },
      validate_certs: {
        type: 'bool',
        default: true,
        description: 'For a URL src: check the server certificate (curl -k / wget --no-check-certificate when false).',
      },
      io_buffer_size: { type: 'int', default: 65536, description: 'Accepted as in Ansible (its download buffer; curl and wget use their own).' },
      ...FILE_ATTRIBUTE_OPTIONS,
    },
    mutually_exclusive: [
      ['include', 'exclude'],
      ['copy', 'remote_src'],
    ],
    examples: ['- unarchive:', '    src: exporter-1.2.tar.gz', '    dest: /opt', '    creates: /opt/exporter-1.2/exporter'].join('\n'),
    returns: {
      dest: { description: 'the folder', type: 'str', returned: 'always' },
      src: { description: 'the archive', type: 'str', returned: 'always' },
      handler: { description: 'TgzArchive (gzip), TarArchive (what tar detects itself) or ZipArchive, as Ansible names them', type: 'str', returned: 'always' },
      files: { description: 'the names in the archive', type: 'list', returned: 'list_files' },
      extract_results: { description: 'cmd, rc, out and err of the unpacking tar or unzip', type: 'dict', returned: 'when unpacked' },
      mode: { description: 'the mode of dest', type: 'str', returned: 'always' },
      owner: { description: 'the owner of dest', type: 'str', returned: 'always' },
      group: { description: 'the group of dest', type: 'str', returned: 'always' },
      uid: { description: 'the uid of dest', type: 'int', returned: 'always' },
      gid: { description: 'the gid of dest', type: 'int', returned: 'always' },
      size: { description: 'the size of dest', type: 'int', returned: 'always' },
      state: { description: 'directory', type: 'str', returned: 'always' },
    },
  },
  async plan(args, ctx) {
    const remote = args.copy !== undefined ? !args.copy : args.remote_src;
    const { src } = args;
    if (args.creates !== undefined && (await ctx.fact(fileStateFact, { path: args.creates })).kind !== 'absent') {
      return { steps: [], msg: `skipped, since ${args.creates} exists`, data: { skipped: true } };
    }
    if (!remote || !URL_SRC.test(src)) return planUnpacking(args, ctx, remote);
    // A private folder (mktemp -d): the step makes it again by name with mkdir, which fails
    // rather than follow anything put there meanwhile.
    const made = await ctx.read('mktemp -d /tmp/lvsplay-unarchive.XXXXXXXX');
    if (made.exitCode !== 0) throw new ModuleFailure(`unarchive: no temporary folder on ${ctx.host} to fetch ${src} into: ${made.stderr.trim()}`);
    const folder = made.stdout.trim();
    const file = `${folder}/${fetchedName(src)}`;
    const fetch = hostFetchScript({ url: src, file, timeoutSeconds: 30, validateCerts: args.validate_certs });
    try {
      const fetched = await ctx.read(fetch);
      if (fetched.exitCode !== 0) throw new ModuleFailure(fetched.stderr.trim() || `Failure downloading ${src}`);
      const prefix = `fetched=${quote(folder)}; mkdir -m 0700 -- "$fetched" || exit 3; trap 'rm -rf -- "$fetched"' EXIT\n${fetch}`;
      const plan = await planUnpacking({ ...args, src: file }, ctx, true, prefix);
      return { ...plan, data: { ...plan.data, src } };
    } finally {
      await ctx.read(`rm -rf -- ${quote(folder)}`);
    }
  },
  summarize(_args, plan, outputs) {
    const cmd = unpackingCall.get(plan);
    const [first] = outputs;
    if (cmd === undefined || first === undefined) return {};
    return { extract_results: { cmd, rc: first.exitCode, out: first.stdout, err: first.stderr } };
  },
});

/**
 * The plan for an archive sent from the controller or on the host (remote): what differs on disk
 * decides whether it is unpacked. `stepPrefix` runs before the unpacking step's command (a URL:
 * the host fetches the archive again there).
 */
async function planUnpacking(args: UnpackArgs, ctx: ModuleContext, remote: boolean, stepPrefix?: string): Promise<Plan> {
  const { src, dest } = args;
  const mode = normaliseMode(args.mode);
  let stdin: string | undefined;
  if (!remote) {
    const file = ctx.findFile(src, 'files');
    try {
      stdin = readFileSync(file).toString('base64');
    } catch (err) {
      throw new ModuleFailure(`Could not find or access '${src}': ${(err as Error).message}`);
    }
  }
  // The archive travels with the read (to compare) and again with the step (to unpack).
  const sent = stdin === undefined ? undefined : { stdin };
  const unpacking = (command: string): Step => ({
    describe: `unpack ${src} into ${dest}`,
    ...(sent ? { command: `${RECEIVE}\n${command}`, ...sent } : { command: stepPrefix ? `${stepPrefix}\n${command}` : command }),
  });
  const read = async <T, A>(fact: FactDefinition<T, A>, a: A): Promise<T> =>
    sent ? fact.parse(await ctx.read(`${RECEIVE}\n${fact.command(a)}`, sent), a) : ctx.fact(fact, a);
  const zip = stdin !== undefined && isZip(Buffer.from(stdin.slice(0, 8), 'base64'));
  const how = { read, unpacking, mode, remote };
  const unpacked = zip ? undefined : await readTar(args, how);
  const found = unpacked?.problem === 'zip' || zip ? await readZip(args, how) : unpacked;
  if (found === undefined || found.problem !== undefined)
    throw new ModuleFailure(problemMessage(found?.problem ?? 'unlisted', src, dest, remote, ctx.host, found?.reason));
  const { files, present, steps } = found;
  if (mode !== undefined || args.owner !== undefined || args.group !== undefined) {
    for (const name of namesToFix(files)) {
      const path = `${dest.replace(/\/+$/, '')}/${name}`;
      // after unpacking, what the tool wrote is not known: set them all
      const folder = present[`${name}/`];
      const now = steps.length > 0 ? undefined : (folder ?? present[name]);
      steps.push(
        ...attributeSteps(path, mode, args.owner, args.group, now ? { kind: folder || name === '' ? 'directory' : 'file', ...now } : { kind: 'absent' }),
      );
    }
  }
  const d = found.dest;
  // a name that --strip-components empties is dest itself: its mode is then set too
  let destMode = d.mode;
  if (mode !== undefined && files.includes(''))
    destMode = /^[0-7]+$/.test(mode) ? mode : applySymbolicMode(parseInt(d.mode, 8), mode, true).toString(8).padStart(4, '0');
  const plan: Plan = {
    steps,
    data: {
      dest,
      src,
      handler: found.handler,
      ...(found.diff ? { diff: found.diff } : {}),
      ...(args.list_files ? { files } : {}),
      uid: d.uid,
      gid: d.gid,
      owner: d.owner,
      group: d.group,
      mode: destMode,
      size: d.size,
      state: 'directory',
    },
    ...(found.handler === 'ZipArchive' ? {} : { checkModeUnsupported: 'remote module (unarchive) does not support check mode when using gtar' }),
  };
  if (steps[0] === found.unpack) unpackingCall.set(plan, found.words);
  return plan;
}
