// get_url: a file downloaded on the host (with curl, or wget where curl is missing: Debian's
// standard install has wget, not curl, and no Python is needed), as ansible-core 2.14 does it:
// downloaded next to dest, moved over it only when its SHA-1 differs, verified against checksum
// first; with force off and a matching checksum nothing is downloaded. The download is the step,
// so --check downloads nothing and reports a change, as ansible-playbook's HEAD-only check does.
import { defineModule, type Step } from '../types.js';
import { FILE_ATTRIBUTE_OPTIONS } from '../lib/file-options.js';
import { attributeSteps, normaliseMode } from '../lib/managed-file.js';
import { CHECKSUM_TOOLS, pathStatFact, type ChecksumAlgorithm } from '../../facts/path-stat.js';
import { ModuleFailure } from '../../errors.js';
import { quote } from '../../util/shell.js';
import { curlCommand, curlElseWget, wgetCommand, type HostDownload } from '../../util/host-download.js';

/** The checksum option: algorithm and lower-case hex digits (Ansible drops non-word characters). */
function parseChecksum(checksum: string): { algorithm: ChecksumAlgorithm; hex: string } | undefined {
  if (checksum === '') return undefined;
  const colon = checksum.indexOf(':');
  if (colon < 0) throw new ModuleFailure('The checksum parameter has to be in format <algorithm>:<checksum>');
  const algorithm = checksum.slice(0, colon);
  const hex = checksum
    .slice(colon + 1)
    .replace(/\W+/g, '')
    .toLowerCase();
  if (/^[a-z]+:\/\//.test(checksum.slice(colon + 1))) throw new ModuleFailure('get_url: a checksum read from a URL is not supported; give the digest');
  if (!(algorithm in CHECKSUM_TOOLS))
    throw new ModuleFailure(`get_url: unsupported checksum algorithm '${algorithm}' (${Object.keys(CHECKSUM_TOOLS).join(', ')})`);
  if (!/^[0-9a-f]+$/.test(hex)) throw new ModuleFailure('The checksum format is invalid');
  return { algorithm: algorithm as ChecksumAlgorithm, hex };
}

interface Download {
  url: string;
  dest: string;
  destIsDir: boolean;
  timeout: number;
  headers: Record<string, string>;
  agent: string;
  validateCerts: boolean;
  user?: string;
  password?: string;
  checksum?: { algorithm: ChecksumAlgorithm; hex: string };
  backup: boolean;
  mode?: string;
  owner?: string;
  group?: string;
}

/**
 * The step: download to a temporary beside dest, check it, move it over dest when it differs,
 * then set mode and owner; prints `RESULT|status|moved|sha1 new|sha1 old|md5|attrs|length|uid|gid|owner|group|mode|size|path`.
 */
export function downloadScript(d: Download): string {
  const download: HostDownload = {
    url: '"$url"',
    output: '"$tmp"',
    timeoutSeconds: d.timeout,
    agent: d.agent,
    validateCerts: d.validateCerts,
    headers: d.headers,
    ...(d.user !== undefined ? { user: d.user, password: d.password ?? '' } : {}),
    responseTo: '"$hdr"',
  };
  const sum = d.checksum ? CHECKSUM_TOOLS[d.checksum.algorithm] : undefined;
  const attrs = [
    ...(d.mode !== undefined ? [`chmod ${quote(d.mode)} -- "$target"`] : []),
    ...(d.owner !== undefined || d.group !== undefined ? [`chown ${quote(`${d.owner ?? ''}${d.group !== undefined ? ':' + d.group : ''}`)} -- "$target"`] : []),
  ];
  return [
    `url=${quote(d.url)}; dest=${quote(d.dest)}`,
    d.destIsDir ? 'dir=$dest' : 'dir=$(dirname -- "$dest")',
    '[ -d "$dir" ] || { echo "Destination $dir does not exist" >&2; exit 4; }',
    `tmp=$(mktemp "$dir/.get_url.lvsplay-tmp-XXXXXX") && hdr=$(mktemp) || exit 3`,
    `trap 'rm -f -- "$tmp" "$hdr"' EXIT`,
    `trap 'exit 1' HUP INT PIPE TERM`,
    curlElseWget({
      curl: [
        `out=$(${curlCommand(download)}) || { echo "Request failed: $(cat "$hdr" | head -n 1) curl exit $?" >&2; exit 5; }`,
        'code=${out%% *}; final=${out#* }',
      ].join('\n'),
      wget: [
        `${wgetCommand(download)}; rc=$?`,
        `code=$(sed -n 's/^ *HTTP\\/[0-9.]* \\([0-9][0-9]*\\).*/\\1/p' "$hdr" | tail -n 1); final=$url`,
        '[ -n "$code" ] || { echo "Request failed: wget exit $rc" >&2; exit 5; }',
      ].join('\n'),
      neither: 'echo "get_url needs curl or wget on the host" >&2; exit 5',
    }),
    'if [ "$code" != 200 ]; then echo "Request failed: status $code" >&2; echo "RESULT|$code"; exit 6; fi',
    d.destIsDir ? 'name=${final%%[?#]*}; name=${name##*/}; [ -n "$name" ] || name=index.html; target=${dest%/}/$name' : 'target=$dest',
    'new=$(sha1sum < "$tmp" | cut -c1-40); old=; [ -f "$target" ] && old=$(sha1sum < "$target" | cut -c1-40)',
    ...(sum
      ? [
          `got=$(${sum} < "$tmp" | cut -d' ' -f1)`,
          `if [ "$got" != ${quote(d.checksum!.hex)} ]; then echo "The checksum for $target did not match ${d.checksum!.hex}; it was $got." >&2; exit 7; fi`,
        ]
      : []),
    'moved=no',
    'if [ "$new" != "$old" ]; then',
    ...(d.backup ? ['  [ -f "$target" ] && cp -p -- "$target" "$target.$$.$(date +%Y-%m-%d@%H:%M:%S)~"'] : []),
    '  if [ -f "$target" ]; then chmod --reference="$target" "$tmp"; chown --reference="$target" "$tmp"; else chmod 0644 "$tmp"; fi',
    '  mv -f -- "$tmp" "$target" && moved=yes || exit 3',
    'fi',
    `was=$(stat -c '%a|%U|%G' -- "$target")`,
    ...attrs.map((a) => `${a} || exit 3`),
    `[ "$was" = "$(stat -c '%a|%U|%G' -- "$target")" ] && attrs=same || attrs=changed`,
    'len=$(sed -n \'s/^ *[Cc]ontent-[Ll]ength: *\\([0-9]*\\).*/\\1/p\' "$hdr" | tail -n 1)',
    `echo "RESULT|$code|$moved|$new|$old|$(md5sum < "$target" | cut -c1-32)|$attrs|\${len:-unknown}|$(stat -c '%u|%g|%U|%G|%a|%s' -- "$target")|$target"`,
  ].join('\n');
}

export const getUrlModule = defineModule({
  name: 'get_url',
  checkMode: 'plan',
  spec: {
    short_description: 'Download a file over HTTP, HTTPS or FTP onto the host',
    description: [
      "The host downloads it with curl, or with wget where curl is missing (Debian's standard install has wget; a minimal one may have neither: install one first). No Python is needed.",
      'The download lands next to dest and replaces it only when its content differs, so a rerun changes nothing. With force off and a checksum that dest already has, nothing is downloaded; with force off and no checksum, the file is downloaded and compared.',
      "--check downloads nothing and reports a change (ansible-playbook's check mode only asks for the headers and reports one too), except when dest already has the checksum.",
      'dest naming a folder receives the file under the last part of the URL (Content-Disposition is not read).',
    ],
    options: {
      url: { required: true, description: 'http://, https:// or ftp:// URL to download.' },
      dest: { type: 'path', required: true, description: 'The file to write, or a folder to write it into.' },
      checksum: {
        default: '',
        description:
          "'algorithm:hexdigest' (md5, sha1, sha224, sha256, sha384, sha512): the download must have it, and a dest that has it is not downloaded again unless force.",
      },
      force: { type: 'bool', default: false, description: 'Download even when dest has the checksum.' },
      backup: { type: 'bool', default: false, description: 'Keep the old file as FILE.PID.DATE~ when it is replaced.' },
      timeout: { type: 'int', default: 10, description: 'Seconds the whole request may take.' },
      headers: { type: 'dict', description: 'Request headers.' },
      url_username: { aliases: ['username'], description: 'User for HTTP basic authentication.' },
      url_password: { aliases: ['password'], no_log: true, description: 'Its password.' },
      force_basic_auth: { type: 'bool', default: false, description: 'Accepted as in Ansible: the credentials are always sent with the first request.' },
      validate_certs: { type: 'bool', default: true, description: "With false, an HTTPS server's certificate is not checked." },
      http_agent: { default: 'ansible-httpget', description: 'The User-Agent header.' },
      use_proxy: { type: 'bool', default: true, description: "Accepted as in Ansible: the host's proxy variables apply as curl and wget read them." },
      ...FILE_ATTRIBUTE_OPTIONS,
    },
    examples: [
      '- get_url:',
      '    url: http://10.77.0.100/exporter-1.2.tgz',
      '    dest: /opt/exporter-1.2.tgz',
      '    checksum: sha256:3b1a...',
      "    mode: '0644'",
    ].join('\n'),
    returns: {
      dest: { description: 'the file written', type: 'str', returned: 'always' },
      url: { description: 'the URL', type: 'str', returned: 'always' },
      status_code: { description: 'the HTTP status of the download', type: 'int', returned: 'when downloaded' },
      checksum_src: { description: 'SHA-1 of what was downloaded', type: 'str', returned: 'when downloaded' },
      checksum_dest: { description: 'SHA-1 of dest before, null when it did not exist', type: 'str', returned: 'always' },
      md5sum: { description: 'MD5 of dest afterwards', type: 'str', returned: 'when downloaded' },
      msg: { description: "'OK (N bytes)', or 'file already exists'", type: 'str', returned: 'always' },
      elapsed: { description: '0 (the download time is not measured)', type: 'int', returned: 'always' },
    },
  },
  async plan(args, ctx) {
    const checksum = parseChecksum(args.checksum);
    const st = await ctx.fact(pathStatFact, { path: args.dest, follow: true, checksum: checksum?.algorithm ?? null, mime: false, attributes: false });
    const destIsDir = st.exists && ((st.rawMode ?? 0) & 0o170000) === 0o040000;
    const mode = normaliseMode(args.mode);
    const base = { dest: args.dest, url: args.url, elapsed: 0, checksum_dest: null, checksum_src: null };
    if (st.exists && !destIsDir && !args.force && checksum !== undefined && st.checksum === checksum.hex) {
      const before = {
        kind: 'file' as const,
        mode: ((st.rawMode ?? 0) & 0o7777).toString(8).padStart(4, '0'),
        ...(st.owner !== undefined ? { owner: st.owner } : {}),
        ...(st.group !== undefined ? { group: st.group } : {}),
      };
      const steps = attributeSteps(args.dest, mode, args.owner, args.group, before);
      const info = pathInfo({ uid: st.uid!, gid: st.gid!, owner: st.owner!, group: st.group!, mode: before.mode, size: st.size! });
      return { steps, msg: steps.length > 0 ? 'file already exists but file attributes changed' : 'file already exists', data: { ...base, ...info } };
    }
    const step: Step = {
      describe: `download ${args.url} to ${args.dest}`,
      command: downloadScript({
        url: args.url,
        dest: args.dest,
        destIsDir,
        timeout: args.timeout,
        headers: Object.fromEntries(Object.entries(args.headers ?? {}).map(([k, v]) => [k, String(v)])),
        agent: args.http_agent,
        validateCerts: args.validate_certs,
        ...(args.url_username !== undefined ? { user: args.url_username } : {}),
        ...(args.url_password !== undefined ? { password: args.url_password } : {}),
        ...(checksum !== undefined ? { checksum } : {}),
        backup: args.backup,
        ...(mode !== undefined ? { mode } : {}),
        ...(args.owner !== undefined ? { owner: args.owner } : {}),
        ...(args.group !== undefined ? { group: args.group } : {}),
      }),
    };
    return { steps: [step], data: base };
  },
  summarize(_args, _plan, outputs) {
    if (outputs.length === 0) return {};
    const line = outputs[0]!.stdout.split('\n').find((l) => l.startsWith('RESULT|'));
    // a failed download changed nothing
    if (line === undefined) return { changed: false };
    const [, code, moved, src, old, md5, attrs, length, uid, gid, owner, group, mode, size, ...target] = line.split('|');
    if (moved === undefined) return { changed: false, status_code: Number(code) };
    return {
      changed: moved === 'yes' || attrs === 'changed',
      status_code: Number(code),
      checksum_src: src,
      checksum_dest: old === '' ? null : old,
      md5sum: md5,
      dest: target.join('|'),
      msg: `OK (${length} bytes)`,
      ...pathInfo({ uid: Number(uid), gid: Number(gid), owner: owner!, group: group!, mode: mode!.padStart(4, '0'), size: Number(size) }),
    };
  },
});

/** What Ansible adds about dest to the result (its add_path_info). */
function pathInfo(p: { uid: number; gid: number; owner: string; group: string; mode: string; size: number }): Record<string, unknown> {
  return { ...p, state: 'file' };
}
