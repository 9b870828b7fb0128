// A URL fetched by the host itself into a file, with curl or, where curl is missing, wget (Debian's
// standard install has wget, a minimal one may have neither), as Ansible's modules fetch on the
// managed host. unarchive's remote URL source uses it; get_url has its own richer script (headers,
// status line, checksum, moving over dest).
import { quote } from '../../util/shell.js';

export interface HostFetch {
  url: string;
  /** Where the bytes go on the host (a file in a folder lvsplay made). */
  file: string;
  timeoutSeconds: number;
  validateCerts: boolean;
}

/** Shell that writes the URL's body to the file, or exits 3 with `Failure downloading URL, REASON` on stderr. */
export function hostFetchScript(f: HostFetch): string {
  const url = quote(f.url);
  const file = quote(f.file);
  const failed = `Failure downloading ${f.url.replace(/[`$"\\]/g, '\\$&')}`;
  return [
    'if command -v curl >/dev/null 2>&1; then',
    `  why=$(curl -sS -f -L --max-time ${f.timeoutSeconds} ${f.validateCerts ? '' : '-k '}-o ${file} -- ${url} 2>&1) || { echo "${failed}, $why" >&2; exit 3; }`,
    'elif command -v wget >/dev/null 2>&1; then',
    `  why=$(wget -q -T ${f.timeoutSeconds} ${f.validateCerts ? '' : '--no-check-certificate '}-O ${file} -- ${url} 2>&1) || { echo "${failed}, wget exit $? $why" >&2; exit 3; }`,
    `else echo "${failed}, the host has neither curl nor wget" >&2; exit 3; fi`,
  ].join('\n');
}
