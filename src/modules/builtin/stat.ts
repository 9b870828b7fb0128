// stat: facts about a path, registered for later conditions (stat.exists, stat.isdir, ...), with
// the fields and formats of Ansible's stat (times as float seconds, mode as "0644", ...).
import { defineModule } from '../types.js';
import { CHECKSUM_TOOLS, pathStatFact, type ChecksumAlgorithm, type PathStat } from '../../facts/path-stat.js';

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

const CHECKSUM_ALGORITHMS = Object.keys(CHECKSUM_TOOLS) as ChecksumAlgorithm[];

export const statModule = defineModule({
  name: 'stat',
  checkMode: 'plan',
  spec: {
    short_description: 'Facts about a path, to register for later conditions (stat.exists, stat.isdir, ...)',
    description: ['The fields and formats of Ansible\'s stat (times as float seconds, mode as "0644", ...), read in one round trip. Never a change.'],
    options: {
      path: { type: 'path', required: true, aliases: ['dest', 'name'], description: 'The path.' },
      follow: { type: 'bool', default: false, description: 'Describe what a link points to rather than the link.' },
      get_checksum: { type: 'bool', default: true, description: "A regular file's checksum." },
      checksum_algorithm: { choices: CHECKSUM_ALGORITHMS, default: 'sha1', aliases: ['checksum', 'checksum_algo'], description: 'The checksum algorithm.' },
      get_mime: { type: 'bool', default: true, aliases: ['mime', 'mime_type', 'mime-type'], description: 'mimetype and charset, from file(1).' },
      get_attributes: { type: 'bool', default: true, aliases: ['attr', 'attributes'], description: "chattr's attributes, from lsattr." },
    },
    examples: '- stat:\n    path: /etc/keepalived/keepalived.conf\n  register: conf\n\n- debug:\n    msg: no keepalived.conf yet\n  when: not conf.stat.exists',
    returns: { stat: { description: 'exists, and for an existing path its type, mode, owner, size, times, checksum, ...', type: 'dict', returned: 'always' } },
  },
  async plan(args, ctx) {
    const st = await ctx.fact(pathStatFact, {
      path: args.path,
      follow: args.follow,
      checksum: args.get_checksum ? args.checksum_algorithm : null,
      mime: args.get_mime,
      attributes: args.get_attributes,
    });
    return { steps: [], data: { stat: st.exists ? statResult(args.path, st) : { exists: false } } };
  },
});
