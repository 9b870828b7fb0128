// The keys apt trusts, as ansible-core 2.14's apt_key lists them: `apt-key adv
// --list-public-keys --keyid-format=long` (one keyring with --keyring), the long id of every
// pub and sub line that is not expired.
import { FactParseError } from '../errors.js';
import { commandLine } from '../util/shell.js';
import type { FactDefinition } from './types.js';

export const aptKeysFact: FactDefinition<string[], { keyring?: string }> = {
  name: 'apt_keys',
  command({ keyring }) {
    return commandLine('apt-key', ...(keyring !== undefined ? ['--keyring', keyring] : []), 'adv', '--list-public-keys', '--keyid-format=long');
  },
  parse(result) {
    if (result.exitCode !== 0) throw new FactParseError('apt_keys', `Unable to list public keys: ${result.stderr.trim()}`, result.stdout);
    const ids: string[] = [];
    for (const line of result.stdout.split('\n')) {
      if (!/^(pub|sub)/.test(line) || line.includes('expired')) continue;
      const id = /^\S+\s+\S+?\/([0-9A-F]+)\s/.exec(line)?.[1];
      if (id === undefined) throw new FactParseError('apt_keys', `unexpected key line: ${line}`, result.stdout);
      ids.push(id);
    }
    return ids;
  },
};
