// The one way lvsplay downloads a URL on the host: curl, or wget where curl is missing (Debian's
// standard install has wget, a minimal one may have neither), as Ansible's modules fetch on the
// managed host. get_url, unarchive (a URL src with remote_src) and apt_key (url, through the
// pgp_key_id fact) build their command lines here; each caller keeps its own handling of a
// failure and of what it downloaded (status line, checksum, moving over dest).
// uri stays on curl alone: it sends any method and a body and keeps every status, which the
// wget branch would have to mimic; it takes curl's request options from here.
// Lives in util, not modules/lib, because a fact (pgp_key_id) uses it too.
import { quote } from './shell.js';

/** What one download asks of curl or wget. */
export interface HostDownload {
  /** The URL as a shell word: quote() a value, or a "$variable" the script sets. */
  url: string;
  /** Where the body goes, a shell word as url; '-' is standard output. */
  output: string;
  /** Seconds the whole request may take (none: the tools' own limits). */
  timeoutSeconds?: number;
  /** false: an HTTPS server's certificate is not checked. Default true. */
  validateCerts?: boolean;
  /** The User-Agent header (none: the tool's own). */
  agent?: string;
  headers?: Record<string, string>;
  /** HTTP basic authentication. */
  user?: string;
  password?: string;
  /**
   * A shell word naming a file for the response's status line and headers, for a caller that
   * reads the status itself: then an error status does not fail the command (curl without -f;
   * wget -S, whose report goes to stderr), and curl prints `CODE FINAL-URL` on stdout.
   */
  responseTo?: string;
}

/** curl's options for what a request carries (timeout, agent, certificate check, credentials, headers); uri's request uses them too. */
export function curlRequestOptions(d: Omit<HostDownload, 'url' | 'output' | 'responseTo'>): string[] {
  return [
    ...(d.timeoutSeconds !== undefined ? [`--max-time ${d.timeoutSeconds}`] : []),
    ...(d.agent !== undefined ? [`-A ${quote(d.agent)}`] : []),
    ...(d.validateCerts === false ? ['-k'] : []),
    ...(d.user !== undefined ? [`-u ${quote(`${d.user}:${d.password ?? ''}`)}`] : []),
    ...Object.entries(d.headers ?? {}).map(([k, v]) => `-H ${quote(`${k}: ${v}`)}`),
  ];
}

/** The curl command line for the download. */
export function curlCommand(d: HostDownload): string {
  return [
    'curl -sS',
    // an error status fails the command, unless the caller reads the status
    ...(d.responseTo === undefined ? ['-f'] : []),
    '-L',
    ...curlRequestOptions(d),
    ...(d.responseTo !== undefined ? [`-D ${d.responseTo}`] : []),
    `-o ${d.output}`,
    ...(d.responseTo !== undefined ? [`-w '%{http_code} %{url_effective}'`] : []),
    `-- ${d.url}`,
  ].join(' ');
}

/** The wget command line for the same download (wget follows redirects and fails on an error status by itself). */
export function wgetCommand(d: HostDownload): string {
  return [
    'wget -q',
    ...(d.responseTo !== undefined ? ['-S'] : []),
    ...(d.timeoutSeconds !== undefined ? [`-T ${d.timeoutSeconds}`] : []),
    ...(d.agent !== undefined ? [`-U ${quote(d.agent)}`] : []),
    ...(d.validateCerts === false ? ['--no-check-certificate'] : []),
    ...(d.user !== undefined ? [`--user=${quote(d.user)} --password=${quote(d.password ?? '')}`] : []),
    ...Object.entries(d.headers ?? {}).map(([k, v]) => `--header=${quote(`${k}: ${v}`)}`),
    `-O ${d.output}`,
    `-- ${d.url}`,
    ...(d.responseTo !== undefined ? [`2> ${d.responseTo}`] : []),
  ].join(' ');
}

/** The shell that picks the tool: `curl` where the host has curl, else `wget`, else `neither` (each a line or several). */
export function curlElseWget(branches: { curl: string; wget: string; neither: string }): string {
  const indent = (s: string): string => s.replace(/^/gm, '  ');
  return [
    'if command -v curl >/dev/null 2>&1; then',
    indent(branches.curl),
    'elif command -v wget >/dev/null 2>&1; then',
    indent(branches.wget),
    `else ${branches.neither}; fi`,
  ].join('\n');
}

/** Shell that writes the URL's body to the file, or exits 3 with `Failure downloading URL, REASON` on stderr. */
export function hostFetchScript(f: { url: string; file: string; timeoutSeconds: number; validateCerts: boolean }): string {
  const d: HostDownload = { url: quote(f.url), output: quote(f.file), timeoutSeconds: f.timeoutSeconds, validateCerts: f.validateCerts };
  const failed = `Failure downloading ${f.url.replace(/[`$"\\]/g, '\\$&')}`;
  return curlElseWget({
    curl: `why=$(${curlCommand(d)} 2>&1) || { echo "${failed}, $why" >&2; exit 3; }`,
    wget: `why=$(${wgetCommand(d)} 2>&1) || { echo "${failed}, wget exit $? $why" >&2; exit 3; }`,
    neither: `echo "${failed}, the host has neither curl nor wget" >&2; exit 3`,
  });
}
