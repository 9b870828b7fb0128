// slurp: a file's content from the host, base64-encoded (read with `| b64decode`). Never a change.
import { defineModule } from '../types.js';
import { ModuleFailure } from '../../errors.js';
import { resolveAliases } from '../lib/args.js';
import { fileBase64Fact } from '../../facts/file-base64.js';

export const slurpModule = defineModule<{ src: string; path?: string }>({
  name: 'slurp',
  checkMode: 'plan',
  argsSchema: {
    type: 'object',
    additionalProperties: false,
    anyOf: [{ required: ['src'] }, { required: ['path'] }],
    properties: { src: { type: 'string', minLength: 1 }, path: { type: 'string', minLength: 1 } },
  },
  async plan(given, ctx) {
    const { src } = resolveAliases(given, { path: 'src' }, 'slurp');
    const file = await ctx.fact(fileBase64Fact, { path: src });
    // Ansible's messages, word for word: playbooks match on them.
    if (file.kind === 'missing') throw new ModuleFailure(`file not found: ${src}`);
    if (file.kind === 'directory') throw new ModuleFailure(`source is a directory and must be a file: ${src}`);
    if (file.kind === 'unreadable') throw new ModuleFailure(`file is not readable: ${src}`);
    return { steps: [], data: { content: file.base64, encoding: 'base64', source: src } };
  },
});
