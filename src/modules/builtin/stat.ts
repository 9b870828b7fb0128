// stat: facts about a path, registered for later conditions (stat.exists, stat.isdir, ...).
import { posix } from 'node:path';
import { defineModule } from '../types.js';
import { BOOL, bool, resolveAliases } from '../lib/args.js';
import { fileStateFact } from '../../facts/file-state.js';
import { fileChecksumFact } from '../../facts/file-checksum.js';

export const statModule = defineModule<{ path: string; dest?: string; name?: string; get_checksum?: boolean | string; follow?: boolean | string }>({
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
      get_checksum: BOOL,
      follow: BOOL,
      checksum_algorithm: { type: 'string', enum: ['sha1'] },
    },
  },
  async plan(given, ctx) {
    const args = resolveAliases(given, { dest: 'path', name: 'path' }, 'stat');
    const st = await ctx.fact(fileStateFact, { path: args.path });
    if (st.kind === 'absent') return { steps: [], data: { stat: { exists: false } } };
    const stat: Record<string, unknown> = {
      exists: true,
      path: args.path,
      isdir: st.kind === 'directory',
      isreg: st.kind === 'file',
      islnk: st.kind === 'link',
      mode: st.mode,
      pw_name: st.owner,
      gr_name: st.group,
      size: st.size,
    };
    if (st.linkTarget !== undefined) {
      stat.lnk_target = st.linkTarget;
      stat.lnk_source = posix.resolve(posix.dirname(args.path), st.linkTarget);
    }
    if (st.kind === 'file' && bool(args.get_checksum, true)) stat.checksum = await ctx.fact(fileChecksumFact, { path: args.path });
    return { steps: [], data: { stat } };
  },
});
