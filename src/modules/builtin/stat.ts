// stat: facts about a path, registered for later conditions (stat.exists, stat.isdir, ...), with
// the fields and formats of Ansible's stat (times as float seconds, mode as "0644", ...).
import { defineModule } from '../types.js';
import { BOOL, bool, resolveAliases } from '../lib/args.js';
import { CHECKSUM_TOOLS, pathStatFact, type ChecksumAlgorithm, type PathStat } from '../../facts/path-stat.js';

interface StatArgs {
  path: string;
  follow?: boolean | string;
  get_checksum?: boolean | string;
  checksum_algorithm?: ChecksumAlgorithm;
  get_mime?: boolean | string;
  get_attributes?: boolean | string;
}

/** chattr's flag letters by the names Ansible reports them under. */
const ATTRIBUTE_NAMES: Record<string, string> = {
  A: 'noatime',
  a: 'append',
  c: 'compressed',
  C: 'nocow',
  d: 'nodump',
  D: 'dirsync',
  e: 'extents',
  E: 'encrypted',
  h: 'blocksize',
  i: 'immutable',
  I: 'indexed',
  j: 'journalled',
  N: 'inline',
  s: 'zero',
  S: 'synchronous',
  t: 'notail',
  T: 'blockroot',
  u: 'undelete',
  X: 'compressedraw',
  Z: 'compresseddirty',
};

const S_IFMT = 0o170000;
const TYPES = { isdir: 0o040000, ischr: 0o020000, isblk: 0o060000, isreg: 0o100000, isfifo: 0o010000, islnk: 0o120000, issock: 0o140000 };

/** Ansible's stat dictionary for a path that exists. */
export function statResult(path: string, st: PathStat): Record<string, unknown> {
  const raw = st.rawMode ?? 0;
  const bit = (b: number): boolean => (raw & b) !== 0;
  const out: Record<string, unknown> = {
    exists: true,
    path,
    mode: (raw & 0o7777).toString(8).padStart(4, '0'),
    ...Object.fromEntries(Object.entries(TYPES).map(([k, t]) => [k, (raw & S_IFMT) === t])),
    uid: st.uid,
    gid: st.gid,
    size: st.size,
    inode: st.inode,
    dev: st.dev,
    nlink: st.nlink,
    atime: st.atime,
    mtime: st.mtime,
    ctime: st.ctime,
    wusr: bit(0o200),
    rusr: bit(0o400),
    xusr: bit(0o100),
    wgrp: bit(0o020),
    rgrp: bit(0o040),
    xgrp: bit(0o010),
    woth: bit(0o002),
    roth: bit(0o004),
    xoth: bit(0o001),
    isuid: bit(0o4000),
    isgid: bit(0o2000),
    blocks: st.blocks,
    block_size: st.blockSize,
    device_type: st.rdev,
    readable: st.readable,
    writeable: st.writeable,
    executable: st.executable,
    pw_name: st.owner,
    gr_name: st.group,
  };
  if (st.linkTarget !== undefined) {
    out.lnk_target = st.linkTarget;
    out.lnk_source = st.realPath;
  }
  if (st.checksum !== undefined) out.checksum = st.checksum;
  if (st.mime !== undefined) {
    // Without file(1) on the host Ansible says 'unknown' for both.
    const [type, charset] = st.mime === null ? ['unknown', 'charset=unknown'] : st.mime.split(/;\s*/);
    out.mimetype = type;
    out.charset = (charset ?? '').replace(/^charset=/, '');
  }
  if (st.attributes !== undefined) {
    const flags = st.attributes?.flags.replace(/-/g, '') ?? '';
    out.attr_flags = flags;
    out.attributes = [...flags].map((f) => ATTRIBUTE_NAMES[f] ?? f);
    out.version = st.attributes?.version ?? null;
  }
  return out;
}

export const statModule = defineModule<StatArgs>({
  name: 'stat',
  checkMode: 'plan',
  argsSchema: {
    type: 'object',
    additionalProperties: false,
    anyOf: [{ required: ['path'] }, { required: ['dest'] }, { required: ['name'] }],
    properties: {
      path: { type: 'string', minLength: 1 },
      dest: { type: 'string', minLength: 1 },
      name: { type: 'string', minLength: 1 },
      follow: BOOL,
      get_checksum: BOOL,
      checksum_algorithm: { type: 'string', enum: Object.keys(CHECKSUM_TOOLS) },
      checksum: { type: 'string', enum: Object.keys(CHECKSUM_TOOLS) },
      checksum_algo: { type: 'string', enum: Object.keys(CHECKSUM_TOOLS) },
      get_mime: BOOL,
      mime: BOOL,
      mime_type: BOOL,
      'mime-type': BOOL,
      get_attributes: BOOL,
      attr: BOOL,
      attributes: BOOL,
    },
  },
  async plan(given, ctx) {
    const args = resolveAliases(
      given,
      {
        dest: 'path',
        name: 'path',
        checksum: 'checksum_algorithm',
        checksum_algo: 'checksum_algorithm',
        mime: 'get_mime',
        mime_type: 'get_mime',
        'mime-type': 'get_mime',
        attr: 'get_attributes',
        attributes: 'get_attributes',
      },
      'stat',
    );
    const st = await ctx.fact(pathStatFact, {
      path: args.path,
      follow: bool(args.follow),
      checksum: bool(args.get_checksum, true) ? (args.checksum_algorithm ?? 'sha1') : null,
      mime: bool(args.get_mime, true),
      attributes: bool(args.get_attributes, true),
    });
    return { steps: [], data: { stat: st.exists ? statResult(args.path, st) : { exists: false } } };
  },
});
