// slurp: a file's content from the host, base64-encoded (read with `| b64decode`). Never a change.
import { defineModule } from '../types.js';
import { ModuleFailure } from '../../errors.js';
import { fileBase64Fact } from '../../facts/file-base64.js';

export const slurpModule = defineModule({
  name: 'slurp',
  checkMode: 'plan',
  spec: {
    short_description: "A file's content from the host, base64-encoded (read it with | b64decode)",
    description: ['Never a change.'],
    options: { src: { type: 'path', required: true, aliases: ['path'], description: 'The file on the host.' } },
    examples: '- slurp:\n    src: /etc/keepalived/keepalived.conf\n  register: conf\n\n- debug:\n    msg: "{{ conf.content | b64decode }}"',
    returns: {
      content: { description: 'The content, base64-encoded', type: 'str', returned: 'success' },
      encoding: { description: 'Always base64', type: 'str', returned: 'success' },
      source: { description: 'The file read', type: 'str', returned: 'success' },
    },
  },
  async plan(args, ctx) {
    const { src } = args;
    const file = await ctx.fact(fileBase64Fact, { path: src });
    // Ansible's messages, word for word: playbooks match on them.
    if (file.kind === 'missing') throw new ModuleFailure(`file not found: ${src}`);
    if (file.kind === 'directory') throw new ModuleFailure(`source is a directory and must be a file: ${src}`);
    if (file.kind === 'unreadable') throw new ModuleFailure(`file is not readable: ${src}`);
    return { steps: [], data: { content: file.base64, encoding: 'base64', source: src } };
  },
});
