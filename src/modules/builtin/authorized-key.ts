// authorized_key: SSH public keys in a user's authorized_keys, as ansible-core 2.14's module keeps
// them (compared on Debian 12): a key is known by its base64 part; one present with other
// options or another comment is replaced and moves to the end; a key listed twice keeps its last
// line; exclusive leaves only the keys given (comments and blank lines go too). The file is
// written only when a key is added or removed, 0600 and owned by the user, and with manage_dir
// its folder is made 0700 and the user's. Keys from a URL are refused (no network is used).
import { defineModule, type Step } from '../types.js';
import { ModuleFailure } from '../../errors.js';
import { getentFact } from '../../facts/getent.js';
import { fileStateFact } from '../../facts/file-state.js';
import { planManagedFile } from '../lib/managed-file.js';
import { passwdEntry } from '../lib/accounts.js';
import { authorizedKeyLine, parseAuthorizedKey, type AuthorizedKey } from '../lib/authorized-keys.js';
import { quote } from '../../util/shell.js';

/** A line of the file by its rank: a key (known by its base64 part) or text kept as it is. */
type Entry = { id: string; rank: number; key?: AuthorizedKey; text: string };

export const authorizedKeyModule = defineModule({
  name: 'authorized_key',
  checkMode: 'plan',
  spec: {
    short_description: "Add or remove SSH public keys in a user's authorized_keys",
    description: [
      'A key is known by its base64 part: given again with other options or another comment, its line is replaced.',
      "The file is written only when a key is added or removed (0600, owned by the user); manage_dir makes its folder 0700 and the user's.",
    ],
    options: {
      user: { required: true, description: 'Whose authorized_keys (the default path is in their home).' },
      key: { required: true, description: 'One public key per line, as ssh-keygen writes them ("#" lines and blank lines are skipped). A URL is refused.' },
      path: { type: 'path', description: 'Another authorized_keys file than ~USER/.ssh/authorized_keys.' },
      state: { choices: ['present', 'absent'], default: 'present', description: 'Whether the keys should be there.' },
      key_options: { description: 'sshd options to put before each key (e.g. no-pty,from="10.0.0.1").' },
      comment: { description: 'The comment to give each key instead of its own.' },
      exclusive: { type: 'bool', default: false, description: 'Remove every other line of the file.' },
      manage_dir: { type: 'bool', default: true, description: "When the file is written: make its folder (0700, the user's) if missing." },
      validate_certs: { type: 'bool', default: true, description: "Accepted for Ansible's sake; it applies to keys from a URL, which lvsplay refuses." },
    },
    examples: ['- authorized_key:', '    user: deploy', "    key: \"{{ lookup('file', 'files/deploy.pub') }}\""].join('\n'),
    returns: {
      keyfile: { description: 'The authorized_keys file', type: 'str', returned: 'success' },
      user: { description: 'The user option', type: 'str', returned: 'success' },
      key: { description: 'The key option', type: 'str', returned: 'success' },
      key_options: { description: 'The key_options option (null when not given)', type: 'str', returned: 'success' },
      exclusive: { description: 'The exclusive option', type: 'bool', returned: 'success' },
    },
  },
  async plan(args, ctx) {
    if (/^(https?|ftp):\/\//.test(args.key.trim()))
      throw new ModuleFailure(
        "authorized_key: a key from a URL is not fetched (lvsplay uses no network beyond its hosts); give the key text, e.g. with lookup('file', ...)",
      );
    const account = passwdEntry(await ctx.fact(getentFact, { database: 'passwd', keys: [args.user] }));
    if (!account) throw new ModuleFailure(`Failed to lookup user ${args.user}: "getpwnam(): name not found: '${args.user}'"`);
    const keyfile = args.path ?? `${account.home === '/' ? '' : account.home}/.ssh/authorized_keys`;
    const wanted = args.key
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.trim().startsWith('#'))
      .map((line) => {
        const parsed = parseAuthorizedKey(line);
        if (!parsed) throw new ModuleFailure(`invalid key specified: ${line}`);
        return {
          ...parsed,
          ...(args.key_options !== undefined ? { options: args.key_options.trim() } : {}),
          ...(args.comment !== undefined ? { comment: args.comment } : {}),
        };
      });
    const data = {
      user: args.user,
      key: args.key,
      key_options: args.key_options ?? null,
      comment: args.comment ?? null,
      path: args.path ?? null,
      keyfile,
      state: args.state,
      exclusive: args.exclusive,
      manage_dir: args.manage_dir,
      validate_certs: args.validate_certs,
    };
    const file = await ctx.fact(fileStateFact, { path: keyfile, withContent: true });
    const entries = readEntries(file.kind === 'file' ? (file.content ?? '') : '');
    let rank = Math.max(-1, ...[...entries.values()].map((e) => e.rank));
    let write = false;
    for (const k of wanted) {
      const old = entries.get(k.key);
      if (args.state === 'absent') {
        write = entries.delete(k.key) || write;
      } else if (!old?.key || authorizedKeyLine(old.key) !== authorizedKeyLine(k)) {
        // added, or replaced: either way at the end
        entries.set(k.key, { id: k.key, rank: ++rank, key: k, text: authorizedKeyLine(k) });
        write = true;
      }
    }
    if (args.exclusive && args.state === 'present') {
      const keep = new Set(wanted.map((k) => k.key));
      for (const id of [...entries.keys()]) if (!keep.has(id)) write = entries.delete(id) || write;
    }
    if (!write) return { steps: [], data };
    const content = [...entries.values()]
      .sort((a, b) => a.rank - b.rank)
      .map((e) => `${e.text}\n`)
      .join('');
    const steps: Step[] = [];
    if (args.manage_dir) {
      const dir = keyfile.slice(0, keyfile.lastIndexOf('/')) || '/';
      steps.push({
        describe: `make ${dir} 0700, owned by ${args.user}`,
        command: `mkdir -p -- ${quote(dir)} && chown ${quote(`${account.uid}:${account.gid}`)} -- ${quote(dir)} && chmod 0700 -- ${quote(dir)}`,
      });
    }
    const written = await planManagedFile(ctx.fact, {
      path: keyfile,
      content,
      mode: '0600',
      owner: String(account.uid),
      group: String(account.gid),
      createParents: true,
    });
    return { steps: [...steps, ...written.steps], diff: written.diff, data };
  },
});

/** The file's lines by id (a key's base64 part, else the text itself): a later line wins, at its own rank. */
function readEntries(content: string): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  if (content === '') return entries;
  content
    .split('\n')
    .slice(0, content.endsWith('\n') ? -1 : undefined)
    .forEach((text, rank) => {
      const key = parseAuthorizedKey(text);
      const id = key?.key ?? text;
      entries.delete(id);
      entries.set(id, { id, rank, text, ...(key ? { key } : {}) });
    });
  return entries;
}
