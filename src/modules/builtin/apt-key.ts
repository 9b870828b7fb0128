// apt_key: an OpenPGP key in apt's trusted keys, through apt-key as ansible-core 2.14 does it
// (without keyring, apt-key adds to /etc/apt/trusted.gpg; with it, to that keyring). The key's id
// comes from the task or from the key itself (facts/pgp-key-id.ts); a key is there when its long
// id (its short id, when the task gives 8 digits) is among the listed keys (facts/apt-keys.ts).
import { defineModule, type Step } from '../types.js';
import { aptKeysFact } from '../../facts/apt-keys.js';
import { keyBytesCommand, pgpKeyIdFact, type KeySource } from '../../facts/pgp-key-id.js';
import { ModuleFailure } from '../../errors.js';
import { commandLine, quote } from '../../util/shell.js';

/** Ansible's split of an id: the short (8) and long (16) forms and the id itself, upper case without 0x. */
export function parseKeyId(id: string): { short: string; fingerprint: string; keyId: string } {
  let keyId = id.toUpperCase();
  if (keyId.startsWith('0X')) keyId = keyId.slice(2);
  if (!/^[0-9A-F]+$/.test(keyId) || (keyId.length !== 8 && keyId.length < 16)) throw new ModuleFailure('Invalid key_id', { id });
  return { short: keyId.slice(-8), fingerprint: keyId.length > 16 ? keyId.slice(-16) : keyId, keyId };
}

export const aptKeyModule = defineModule({
  name: 'apt_key',
  checkMode: 'plan',
  spec: {
    short_description: "Add or remove a key in apt's trusted keys (apt-key)",
    description: [
      'As ansible-core 2.14: apt-key adds the key to /etc/apt/trusted.gpg, or to keyring when given. Without id, the id is read from the key (gpg, on the host).',
      'url is fetched on the host (curl, else wget); keyserver asks a key server from the host.',
    ],
    options: {
      id: { description: 'The key id (8, 16 or more hex digits, 0x allowed); required for state=absent without a key to read it from.' },
      url: { description: 'Where to download the key.' },
      data: { description: 'The key itself (armored text).' },
      file: { type: 'path', description: 'A key file on the host.' },
      keyring: { type: 'path', description: 'The keyring to add to or remove from (default: apt-key default, /etc/apt/trusted.gpg).' },
      keyserver: { description: 'A key server to fetch id from.' },
      state: { choices: ['absent', 'present'], default: 'present', description: 'Whether the key is trusted.' },
      validate_certs: { type: 'bool', default: true, description: "false: an HTTPS url's certificate is not checked." },
    },
    mutually_exclusive: [['data', 'file', 'keyserver', 'url']],
    examples: ['- apt_key:', '    url: https://deb.example.org/key.asc', '    state: present'].join('\n'),
    returns: {
      id: { description: 'the id as given or read from the key', type: 'str', returned: 'always' },
      short_id: { description: 'the last 8 hex digits', type: 'str', returned: 'always' },
      fp: { description: 'the last 16 hex digits', type: 'str', returned: 'always' },
      key_id: { description: 'the id without 0x, upper case', type: 'str', returned: 'always' },
      before: { description: 'the ids listed before the change', type: 'list', returned: 'always' },
    },
  },
  async plan(args, ctx) {
    const source: KeySource | undefined =
      args.file !== undefined
        ? { file: args.file }
        : args.data !== undefined
          ? { data: args.data }
          : args.url !== undefined
            ? { url: args.url, validateCerts: args.validate_certs }
            : undefined;
    let id = args.id;
    if (id === undefined) {
      if (args.keyserver !== undefined) throw new ModuleFailure('Missing key_id, required with keyserver.');
      if (source !== undefined) id = await ctx.fact(pgpKeyIdFact, source);
    }
    if (id === undefined) throw new ModuleFailure(args.state === 'absent' ? 'key is required to remove a key' : 'Invalid key_id');
    const { short, fingerprint, keyId } = parseKeyId(id);
    const shortFormat = keyId.length === 8;
    const listed = await ctx.fact(aptKeysFact, args.keyring !== undefined ? { keyring: args.keyring } : {});
    const before = shortFormat ? listed.map((k) => k.slice(-8)) : listed;
    const data = { id, short_id: short, fp: fingerprint, key_id: keyId, before };
    const aptKey = (...words: string[]): string => commandLine('apt-key', ...(args.keyring !== undefined ? ['--keyring', args.keyring] : []), ...words);
    const steps: Step[] = [];
    if (args.state === 'present' && !before.includes(shortFormat ? short : fingerprint)) {
      const add =
        args.file !== undefined
          ? aptKey('add', args.file)
          : args.keyserver !== undefined
            ? aptKey('adv', '--no-tty', '--keyserver', args.keyserver, '--recv', keyId)
            : source !== undefined
              ? `${keyBytesCommand(source)} | ${aptKey('add', '-')}`
              : undefined;
      if (add === undefined) throw new ModuleFailure('No key to add: give file, data, url or keyserver');
      // As Ansible: apt-key may succeed without adding the key asked for (a subkey's id).
      const listing = `${aptKey('adv', '--list-public-keys', '--keyid-format=long')} 2>/dev/null`;
      const verify = `${listing} | grep -v expired | grep -Eq ${quote(`^(pub|sub) +[^ ]*/[0-9A-F]*${shortFormat ? short : fingerprint} `)}`;
      const failure = quote('apt-key did not return an error, but failed to add the key (check that the id is correct and *not* a subkey)');
      steps.push({ describe: `apt-key add ${keyId}`, command: `${add} || exit 1\n${verify} || { echo ${failure} >&2; exit 1; }` });
    } else if (args.state === 'absent' && before.includes(fingerprint)) {
      steps.push({ describe: `apt-key del ${short}`, command: aptKey('del', short) });
    }
    return { steps, data };
  },
});
