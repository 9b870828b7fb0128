// replace: every match of a (Python) regular expression in a file replaced, as ansible-core
// 2.14's replace does it: multiline matching over the whole text, or only over the part between
// `after` and `before`; Python's replacement syntax (\1, \g<name>); written through the one file
// writer (validate, backup, mode and owner kept).
import { defineModule } from '../types.js';
import { fileAttributes, planManagedFile } from '../lib/managed-file.js';
import { expandTemplate, pythonRegExp } from '../lib/python-regexp.js';
import { fileStateFact } from '../../facts/file-state.js';
import { ModuleFailure } from '../../errors.js';

/** The text with every match of `re` (global, multiline) replaced; how many were. */
export function replaceAll(text: string, re: RegExp, replacement: string): { text: string; count: number } {
  const global = new RegExp(re.source, [...new Set(`${re.flags}gm`)].join(''));
  let count = 0;
  const out = text.replace(global, (...found: unknown[]) => {
    count++;
    // rebuild the match array replace() hands over in pieces, for the template's groups
    const groupsLast = typeof found[found.length - 1] === 'object';
    const groups = groupsLast ? (found[found.length - 1] as Record<string, string> | undefined) : undefined;
    const captures = found.slice(0, groupsLast ? -3 : -2) as string[];
    const m = Object.assign([...captures], { index: 0, input: text, groups }) as unknown as RegExpExecArray;
    return expandTemplate(replacement, m);
  });
  return { text: out, count };
}

/** after/before are searched with MULTILINE and DOTALL, as Ansible compiles them. */
const anchor = (pattern: string, what: string): RegExp => {
  const re = pythonRegExp(pattern, what);
  return new RegExp(re.source, [...new Set(`${re.flags}ms`)].join(''));
};

/** The span [start, end) that after/before select (the first match of each). */
function section(text: string, after: string | undefined, before: string | undefined): [number, number] | undefined {
  let start = 0;
  let end = text.length;
  if (after !== undefined) {
    const m = anchor(after, 'replace: after').exec(text);
    if (!m) return undefined;
    start = m.index + m[0].length;
  }
  if (before !== undefined) {
    const rest = text.slice(start);
    const m = anchor(before, 'replace: before').exec(rest);
    if (!m) return undefined;
    end = start + m.index;
  }
  return [start, end];
}

export const replaceModule = defineModule({
  name: 'replace',
  checkMode: 'plan',
  spec: {
    short_description: 'Replace every match of a regular expression in a file',
    description: [
      "The pattern is Python's, matched line by line (MULTILINE) over the whole file, or only between the first match of `after` and the next of `before`.",
      'The replacement may name groups: \\1, \\g<1>, \\g<name>. The file is written atomically; its mode and owner are kept unless given.',
    ],
    options: {
      path: { type: 'path', required: true, aliases: ['dest', 'destfile', 'name'], description: 'The file to change; it must exist.' },
      regexp: { required: true, description: 'The regular expression to look for (Python syntax).' },
      replace: { default: '', description: 'What each match becomes; empty removes the matches.' },
      after: { description: 'Only replace after the first match of this expression.' },
      before: { description: 'Only replace before the first match of this expression (after `after`, when both are given).' },
      backup: { type: 'bool', default: false, description: 'Keep the old file as FILE.PID.DATE~ (its name is returned as backup_file).' },
      validate: { description: 'A command run on the new file (%s is its path) before it replaces the old one.' },
      encoding: { default: 'utf-8', choices: ['utf-8', 'utf8'], description: 'The encoding of the file (UTF-8 only).' },
      mode: { type: 'raw', format: 'mode', description: 'The mode of the file, octal or symbolic.' },
      owner: { description: 'The owner of the file.' },
      group: { description: 'The group of the file.' },
    },
    examples: ['- replace:', '    path: /etc/hosts', "    regexp: '(\\s+)old\\.host\\.name(\\s+.*)?$'", "    replace: '\\1new.host.name\\2'"].join('\n'),
    returns: {
      msg: { description: "'N replacements made', or empty when none was", type: 'str', returned: 'always' },
      rc: { description: '0 (Ansible returns it too)', type: 'int', returned: 'always' },
      backup_file: { description: 'where the old file was kept', type: 'str', returned: 'changed and backup' },
    },
  },
  async plan(args, ctx) {
    const re = pythonRegExp(args.regexp, 'replace: regexp');
    if (args.validate !== undefined && !args.validate.includes('%s')) throw new ModuleFailure(`validate must contain %s: ${args.validate}`);
    const before = await ctx.fact(fileStateFact, { path: args.path, withContent: true });
    if (before.kind === 'absent') throw new ModuleFailure(`Path ${args.path} does not exist !`, { rc: 257 });
    if (before.kind === 'directory') throw new ModuleFailure(`Path ${args.path} is a directory !`, { rc: 256 });
    const text = before.content ?? '';
    const span = section(text, args.after, args.before);
    if (!span) {
      const pattern =
        args.after !== undefined && args.before !== undefined
          ? `${args.after}(?P<subsection>.*?)${args.before}`
          : args.after !== undefined
            ? `${args.after}(?P<subsection>.*)`
            : `(?P<subsection>.*?)${args.before}`;
      return { steps: [], msg: `Pattern for before/after params did not match the given file: ${pattern}`, data: { rc: 0 } };
    }
    const [start, end] = span;
    const { text: replaced, count } = replaceAll(text.slice(start, end), re, args.replace);
    const content = text.slice(0, start) + replaced + text.slice(end);
    // Attributes still apply when nothing was replaced (as in Ansible).
    const plan = await planManagedFile(ctx.fact, { path: args.path, content, ...fileAttributes(args) });
    const data = { rc: 0, ...(plan.backupFile !== undefined ? { backup_file: plan.backupFile } : {}) };
    return { steps: plan.steps, diff: plan.diff, msg: content !== text ? `${count} replacements made` : '', data };
  },
});
