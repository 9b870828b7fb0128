// The id of the first key in an OpenPGP key file, key text or key URL, as ansible-core 2.14's
// apt_key finds it when no id is given: gpg's colon listing, the long id of the first pub or
// sub line. gpg runs with a throwaway home, so reading a key leaves nothing behind.
import { FactParseError } from '../errors.js';
import { quote } from '../util/shell.js';
import { curlCommand, curlElseWget, wgetCommand } from '../util/host-download.js';
import type { FactDefinition } from './types.js';

export type KeySource = { file: string } | { data: string } | { url: string; validateCerts?: boolean };

/** Ansible's apt_key fetches a URL with fetch_url's default timeout: 10 seconds for the whole request. */
const KEY_DOWNLOAD_TIMEOUT_SECONDS = 10;

/** Print a URL's content on the target (curl, else wget), its certificate checked unless validateCerts is false. */
export function downloadCommand(url: string, validateCerts = true): string {
  const d = { url: quote(url), output: '-', timeoutSeconds: KEY_DOWNLOAD_TIMEOUT_SECONDS, validateCerts };
  return curlElseWget({ curl: curlCommand(d), wget: wgetCommand(d), neither: `echo 'the host has neither curl nor wget' >&2; false` });
}

/** Shell that writes the key's bytes to standard output. */
export function keyBytesCommand(source: KeySource): string {
  if ('file' in source) return `cat -- ${quote(source.file)}`;
  if ('url' in source) return downloadCommand(source.url, source.validateCerts);
  return `printf '%s' ${quote(source.data)}`;
}

export const pgpKeyIdFact: FactDefinition<string | undefined, KeySource> = {
  name: 'pgp_key_id',
  needsBecome: false,
  command(source) {
    return [
      'home=$(mktemp -d)',
      // through a file, so a failed read or download fails the fact (sh has no pipefail)
      `{ ${keyBytesCommand(source)}; } > "$home/key" && GNUPGHOME="$home" gpg --batch --no-tty --with-colons --show-keys "$home/key"; rc=$?`,
      'rm -rf -- "$home"',
      'exit $rc',
    ].join('; ');
  },
  parse(result, source) {
    const what = 'file' in source ? source.file : 'url' in source ? source.url : 'inline data';
    if (result.exitCode !== 0) throw new FactParseError('pgp_key_id', `Unable to extract key from '${what}': ${lastLine(result.stderr)}`, result.stdout);
    for (const line of result.stdout.split('\n')) if (/^(pub|sub):/.test(line)) return line.split(':')[4];
    return undefined;
  },
};

/** gpg's reason is its last line (the lines before tell of the throwaway home it made). */
function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? '';
}
