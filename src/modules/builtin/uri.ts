// uri: one HTTP request made from the host (curl), with the result ansible-core 2.14's uri
// registers: status, url, redirected, msg, the response headers as lower-case keys ('-' made
// '_'), content with return_content, json when the response is JSON, the body saved to dest.
// Ansible's uri does not support check mode (the task is skipped), and neither does this.
import { defineModule } from '../types.js';
import { FILE_ATTRIBUTE_OPTIONS } from '../lib/file-options.js';
import { normaliseMode } from '../lib/managed-file.js';
import { fileStateFact } from '../../facts/file-state.js';
import { ModuleFailure } from '../../errors.js';
import { quote } from '../../util/shell.js';
import { curlRequestOptions } from '../../util/host-download.js';

const JSON_TYPES = ['json', 'javascript'];

/** What uri returns when creates or removes spares the request. */
const skippedBy = (why: string): Record<string, unknown> => ({ stdout: why, stdout_lines: [why] });

/** The response as the step prints it: status line, then headers and body in base64, one line each. */
export function parseResponse(stdout: string): { status: number; reason: string; url: string; headers: Record<string, string>; body: Buffer } | undefined {
  const lines = stdout.split('\n');
  const at = lines.findIndex((l) => l.startsWith('RESPONSE|'));
  if (at < 0 || lines[at + 2] === undefined) return undefined;
  const [, status, url] = lines[at]!.split('|');
  const raw = Buffer.from(lines[at + 1]!, 'base64').toString('latin1');
  // curl writes one block per response when following redirects: the last one counts
  const blocks = raw.split(/\r?\n\r?\n/).filter((b) => b.trim() !== '');
  const headers: Record<string, string> = {};
  const [statusLine = '', ...headerLines] = (blocks.at(-1) ?? '').split(/\r?\n/);
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase().replace(/-/g, '_')] = line.slice(colon + 1).trim();
  }
  const reason = /^HTTP\/[\d.]+ \d+ ?(.*)$/.exec(statusLine)?.[1] ?? '';
  return { status: Number(status), reason, url: url ?? '', headers, body: Buffer.from(lines[at + 2]!, 'base64') };
}

export const uriModule = defineModule({
  name: 'uri',
  checkMode: 'none',
  spec: {
    short_description: 'Make an HTTP request from the host and register the response',
    description: [
      'The host makes the request with curl (install it first on a minimal Debian). The result has what Ansible registers: status, url, redirected, msg, the response headers (lower case, - made _), content with return_content, json when the response is JSON.',
      'A status not in status_code fails the task. As in Ansible, --check skips the task, and the task is never a change unless dest is written.',
    ],
    options: {
      url: { required: true, description: 'http:// or https:// URL.' },
      method: { default: 'GET', description: 'The HTTP method (one upper-case word).' },
      body: { type: 'raw', description: 'The request body; with body_format json or form-urlencoded, a mapping is encoded.' },
      body_format: { choices: ['raw', 'json', 'form-urlencoded'], default: 'raw', description: 'How body is encoded (and its Content-Type).' },
      headers: { type: 'dict', default: {}, description: 'Request headers.' },
      status_code: { type: 'list', elements: 'int', default: [200], description: 'The statuses that mean success.' },
      return_content: { type: 'bool', default: false, description: 'Return the body as content.' },
      dest: { type: 'path', description: 'Save the body to this file (a change every time, as in Ansible).' },
      creates: { type: 'path', description: 'When this path exists on the host, no request is made.' },
      removes: { type: 'path', description: 'When this path does not exist on the host, no request is made.' },
      follow_redirects: {
        choices: ['all', 'none', 'safe', 'urllib2', 'yes', 'no'],
        default: 'safe',
        description: 'Which redirects to follow: safe only for GET and HEAD, all, or none.',
      },
      timeout: { type: 'int', default: 30, description: 'Seconds the request may take.' },
      validate_certs: { type: 'bool', default: true, description: "With false, an HTTPS server's certificate is not checked." },
      url_username: { aliases: ['user'], description: 'User for HTTP basic authentication.' },
      url_password: { aliases: ['password'], no_log: true, description: 'Its password.' },
      force_basic_auth: { type: 'bool', default: false, description: 'Accepted as in Ansible: the credentials are always sent with the first request.' },
      http_agent: { default: 'ansible-httpget', description: 'The User-Agent header.' },
      ...FILE_ATTRIBUTE_OPTIONS,
    },
    examples: ['- uri:', '    url: http://10.77.0.11/', '    return_content: true', '  register: page', '  failed_when: "\'s1\' not in page.content"'].join(
      '\n',
    ),
    returns: {
      status: { description: 'the HTTP status', type: 'int', returned: 'always' },
      url: { description: 'the URL answered (after redirects)', type: 'str', returned: 'always' },
      redirected: { description: 'whether a redirect was followed', type: 'bool', returned: 'always' },
      msg: { description: "'OK (N bytes)', or why the status was not accepted", type: 'str', returned: 'always' },
      content: { description: 'the body', type: 'str', returned: 'return_content, or a status not accepted' },
      json: { description: 'the body read as JSON', type: 'raw', returned: 'a JSON response' },
      path: { description: 'dest', type: 'str', returned: 'dest' },
    },
  },
  async plan(args, ctx) {
    if (!/^[A-Z]+$/.test(args.method)) throw new ModuleFailure("Parameter 'method' needs to be a single word in uppercase, like GET or POST.");
    if (args.creates !== undefined && (await ctx.fact(fileStateFact, { path: args.creates })).kind !== 'absent')
      return { steps: [], data: skippedBy(`skipped, since '${args.creates}' exists`) };
    if (args.removes !== undefined && (await ctx.fact(fileStateFact, { path: args.removes })).kind === 'absent')
      return { steps: [], data: skippedBy(`skipped, since '${args.removes}' does not exist`) };
    const headers: Record<string, string> = Object.fromEntries(Object.entries(args.headers).map(([k, v]) => [k, String(v)]));
    let body: string | undefined;
    if (args.body !== undefined && args.body !== null) {
      if (args.body_format === 'json') {
        body = typeof args.body === 'string' ? args.body : JSON.stringify(args.body);
        headers['Content-Type'] ??= 'application/json';
      } else if (args.body_format === 'form-urlencoded') {
        body =
          typeof args.body === 'string'
            ? args.body
            : new URLSearchParams(Object.entries(args.body as Record<string, unknown>).map(([k, v]) => [k, String(v)])).toString();
        headers['Content-Type'] ??= 'application/x-www-form-urlencoded';
      } else body = typeof args.body === 'string' ? args.body : JSON.stringify(args.body);
    }
    const follow =
      args.follow_redirects === 'all' ||
      args.follow_redirects === 'yes' ||
      (['safe', 'urllib2'].includes(args.follow_redirects) && ['GET', 'HEAD'].includes(args.method));
    // curl alone, not util/host-download.ts's curl-else-wget: uri sends any method and a body and
    // keeps every status and redirect as Ansible's uri does. The request's options come from there.
    const curl = [
      'curl -sS',
      ...(follow ? ['-L'] : []),
      `-X ${quote(args.method)}`,
      ...curlRequestOptions({
        timeoutSeconds: args.timeout,
        agent: args.http_agent,
        validateCerts: args.validate_certs,
        headers,
        ...(args.url_username !== undefined ? { user: args.url_username, password: args.url_password ?? '' } : {}),
      }),
      ...(body !== undefined ? ['--data-binary @-'] : []),
      `-D "$hdr" -o "$out" -w '%{http_code}|%{url_effective}' -- ${quote(args.url)}`,
    ].join(' ');
    const mode = normaliseMode(args.mode);
    const save =
      args.dest === undefined
        ? []
        : [
            `case " ${args.status_code.filter((c) => c !== 304).join(' ')} " in *" \${w%%|*} "*)`,
            `  cp -- "$out" ${quote(args.dest)} || exit 3`,
            ...(mode !== undefined ? [`  chmod ${quote(mode)} -- ${quote(args.dest)} || exit 3`] : []),
            ...(args.owner !== undefined || args.group !== undefined
              ? [`  chown ${quote(`${args.owner ?? ''}${args.group !== undefined ? ':' + args.group : ''}`)} -- ${quote(args.dest)} || exit 3`]
              : []),
            '  echo SAVED;;',
            'esac',
          ];
    const command = [
      'command -v curl >/dev/null 2>&1 || { echo "uri needs curl on the host" >&2; exit 5; }',
      'hdr=$(mktemp) && out=$(mktemp) || exit 3',
      `trap 'rm -f -- "$hdr" "$out"' EXIT`,
      `w=$(${curl}) || exit 4`,
      ...save,
      'echo "RESPONSE|$w"; base64 -w0 < "$hdr"; echo; base64 -w0 < "$out"; echo',
    ].join('\n');
    return { steps: [{ describe: `${args.method} ${args.url}`, command, ...(body !== undefined ? { stdin: body } : {}) }] };
  },
  summarize(args, _plan, outputs) {
    if (outputs.length === 0) return {};
    const response = parseResponse(outputs[0]!.stdout);
    if (response === undefined) return { changed: false };
    const { status, reason, url, headers, body } = response;
    const contentType = headers.content_type ?? 'application/octet-stream';
    const subType = (contentType.split(';')[0]!.split('/')[1] ?? '').trim().toLowerCase();
    const isJson = JSON_TYPES.includes(subType.includes('+') ? subType.split('+')[1]! : subType);
    const accepted = args.status_code.includes(status);
    const text = body.toString('utf8');
    const result: Record<string, unknown> = {
      changed: outputs[0]!.stdout.includes('\nSAVED\n') || outputs[0]!.stdout.startsWith('SAVED\n'),
      redirected: url !== args.url,
      url,
      status,
      ...headers,
      // urllib raises on 4xx/5xx: Ansible's msg is the error's, and the body comes as body
      msg: status < 400 ? `OK (${headers.content_length ?? 'unknown'} bytes)` : `HTTP Error ${status}: ${reason}`,
      ...(status < 400 ? { cookies: {}, cookies_string: '' } : {}),
      elapsed: 0,
      ...(args.dest !== undefined ? { path: args.dest } : {}),
    };
    if (isJson) {
      try {
        result.json = JSON.parse(text);
      } catch {
        // not JSON after all: Ansible leaves json out too
      }
    }
    // the error's body is read as content (and then left out) when the content might be wanted
    if (status >= 400 && !(isJson || args.return_content || !accepted)) result.body = text;
    if (args.return_content) result.content = text;
    if (!accepted) {
      result.failed = true;
      result.msg = `Status code was ${status} and not [${args.status_code.join(', ')}]: ${String(result.msg)}`;
    }
    return result;
  },
});
