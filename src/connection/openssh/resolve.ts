// What OpenSSH would use to reach one destination: command-line directives first, then the config
// files, the first value obtained winning (ssh_config(5)), then OpenSSH's defaults. Host/Match
// evaluation and first-value-wins are the ssh-config library's compute(); this file feeds it the
// document (command-line directives in front, as ssh processes them before any file) and turns
// its answer into typed settings with ~, %-tokens and ${ENV} expanded as ssh expands them.
import { hostname, userInfo } from 'node:os';
import SSHConfig from 'ssh-config';
import { sshConfigText, expandHome, type ConfigLocations } from './config-files.js';
import { SshArgsError, type SshDirective } from './ssh-args.js';

export type StrictHostKeyChecking = 'yes' | 'no' | 'accept-new' | 'ask';

/** The settings of one destination that lvsplay's SSH connection applies. */
export interface OpenSshSettings {
  /** HostName (with %h expanded), or the destination itself. */
  hostName: string;
  port: number;
  user: string;
  /** Every IdentityFile in order, expanded; OpenSSH's default key files when none is set. */
  identityFiles: string[];
  identitiesOnly: boolean;
  /** IdentityAgent: a socket path, "SSH_AUTH_SOCK" (the default) or "none". */
  identityAgent: string;
  /** ProxyJump as written (comma-separated hops); undefined for none. */
  proxyJump?: string;
  userKnownHostsFiles: string[];
  globalKnownHostsFiles: string[];
  strictHostKeyChecking: StrictHostKeyChecking;
  hostKeyAlias?: string;
  /** Seconds; undefined when not set (ssh: none). */
  connectTimeout?: number;
  serverAliveInterval: number;
  serverAliveCountMax: number;
  batchMode: boolean;
  passwordAuthentication: boolean;
}

export interface OpenSshQuery {
  /** The destination as given to ssh: ansible_host, or the inventory name. */
  destination: string;
  /** Directives from the command line, in the order ssh would see them. */
  directives: SshDirective[];
  /** -F FILE ("none": no file at all); the default files when undefined. */
  configFile?: string;
}

// Spellings as ssh_config(5) writes them: the library treats HostName and User specially (Match
// host and Match user see them) only under these exact names.
const CANONICAL = new Map(
  [
    'HostName',
    'User',
    'Port',
    'IdentityFile',
    'IdentitiesOnly',
    'IdentityAgent',
    'ProxyJump',
    'ProxyCommand',
    'UserKnownHostsFile',
    'GlobalKnownHostsFile',
    'StrictHostKeyChecking',
    'HostKeyAlias',
    'ConnectTimeout',
    'ServerAliveInterval',
    'ServerAliveCountMax',
    'BatchMode',
    'PasswordAuthentication',
    'CertificateFile',
    'LocalForward',
    'RemoteForward',
    'DynamicForward',
  ].map((k) => [k.toLowerCase(), k]),
);
const NOT_ON_COMMAND_LINE = /^(host|match|include)$/i;
// Directives whose value is one path or name that may hold spaces.
const SINGLE_VALUE = /^(identityfile|certificatefile|identityagent|user|hostname|hostkeyalias|proxyjump)$/i;

const DEFAULT_IDENTITY_FILES = ['id_rsa', 'id_ecdsa', 'id_ecdsa_sk', 'id_ed25519', 'id_ed25519_sk', 'id_xmss', 'id_dsa'].map((n) => `~/.ssh/${n}`);

// Config files are read once per run, as ssh reads them once per connection; the answer for one
// destination and command line is computed once (tasks ask for it per host and task).
const configTexts = new Map<string, string>();
const answers = new Map<string, OpenSshSettings>();

/** Drop what was read from config files (tests that rewrite a config file in one process). */
export function forgetSshConfigFiles(): void {
  configTexts.clear();
  answers.clear();
}

/** What ssh would use for `query` (ssh -G's answer for the same command line). */
export function resolveOpenSsh(query: OpenSshQuery, where: ConfigLocations): OpenSshSettings {
  const key = JSON.stringify([query, where]);
  let answer = answers.get(key);
  if (!answer) {
    answer = computeSettings(query, where);
    answers.set(key, answer);
  }
  return structuredClone(answer);
}

function computeSettings(query: OpenSshQuery, where: ConfigLocations): OpenSshSettings {
  // Host patterns see the destination as written; the name dialled is lowercased (as ssh -G shows)
  const destination = query.destination;
  const document = SSHConfig.parse(`${commandLineText(query.directives)}\n${configText(query.configFile, where)}`);
  prepare(document, destination);
  // Match exec is not evaluated: the library runs it with bash syntax under /bin/sh (dash here).
  const found = document.compute(destination, { ignoreCase: true, matchExec: false });
  const one = (key: string): string | undefined => {
    const v = found[key];
    return Array.isArray(v) ? v.join(' ') : v;
  };
  const list = (key: string): string[] | undefined => {
    const v = found[key];
    return v === undefined ? undefined : Array.isArray(v) ? v : v.split(/\s+/);
  };
  const local = userInfo();
  const hostName = (one('hostname') ?? destination).toLowerCase();
  const user = one('user') ?? local.username;
  const port = numberOf(one('port'), 'Port') ?? 22;
  const tokens = {
    h: hostName,
    n: destination,
    r: user,
    p: String(port),
    u: local.username,
    d: where.home,
    i: String(local.uid),
    l: hostname(),
    L: hostname().split('.')[0]!,
  };
  const path = (p: string): string => expandTokens(expandHome(expandEnv(p), where.home), tokens);
  const identityFiles = list('identityfile') ?? DEFAULT_IDENTITY_FILES;
  const proxyJump = one('proxyjump');
  const settings: OpenSshSettings = {
    hostName,
    port,
    user,
    identityFiles: identityFiles.map(path),
    identitiesOnly: yes(one('identitiesonly')),
    identityAgent: one('identityagent') ?? 'SSH_AUTH_SOCK',
    userKnownHostsFiles: (list('userknownhostsfile') ?? ['~/.ssh/known_hosts', '~/.ssh/known_hosts2']).map(path),
    globalKnownHostsFiles: (list('globalknownhostsfile') ?? ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2']).map(path),
    strictHostKeyChecking: strictness(one('stricthostkeychecking')),
    serverAliveInterval: numberOf(one('serveraliveinterval'), 'ServerAliveInterval') ?? 0,
    serverAliveCountMax: numberOf(one('serveralivecountmax'), 'ServerAliveCountMax') ?? 3,
    batchMode: yes(one('batchmode')),
    passwordAuthentication: one('passwordauthentication') === undefined || yes(one('passwordauthentication')),
  };
  if (settings.identityAgent !== 'SSH_AUTH_SOCK' && settings.identityAgent !== 'none') settings.identityAgent = path(settings.identityAgent);
  if (proxyJump !== undefined && proxyJump.toLowerCase() !== 'none') settings.proxyJump = proxyJump;
  const alias = one('hostkeyalias');
  if (alias !== undefined) settings.hostKeyAlias = alias;
  const timeout = one('connecttimeout');
  if (timeout !== undefined && timeout !== 'none') settings.connectTimeout = numberOf(timeout, 'ConnectTimeout')!;
  return settings;
}

function configText(configFile: string | undefined, where: ConfigLocations): string {
  const key = JSON.stringify([configFile, where.home, where.systemConfig]);
  let text = configTexts.get(key);
  if (text === undefined) {
    text = sshConfigText(configFile, where);
    configTexts.set(key, text);
  }
  return text;
}

/** The command line's directives as the lines in front of every config file. */
function commandLineText(directives: SshDirective[]): string {
  return directives
    .map(({ keyword, value }) => {
      if (NOT_ON_COMMAND_LINE.test(keyword)) throw new SshArgsError(`-o ${keyword} cannot be given on the command line`);
      return `${keyword} ${SINGLE_VALUE.test(keyword) && /\s/.test(value) ? `"${value.replace(/"/g, '')}"` : value}`;
    })
    .join('\n');
}

/**
 * Keywords in ssh_config(5)'s spelling, and %h in HostName expanded: the library matches
 * `Match host` against the HostName value as it stands.
 */
function prepare(lines: SSHConfig, destination: string): void {
  for (const line of lines) {
    if (line.type !== SSHConfig.DIRECTIVE) continue;
    line.param = CANONICAL.get(line.param.toLowerCase()) ?? line.param;
    if (line.param === 'HostName' && typeof line.value === 'string') line.value = expandTokens(line.value, { h: destination });
    if ('config' in line) prepare(line.config, destination);
  }
}

/** %-tokens (TOKENS in ssh_config(5)); an unknown token is left as written. */
export function expandTokens(text: string, tokens: Record<string, string>): string {
  return text.replace(/%(.)/g, (whole, t: string) => (t === '%' ? '%' : (tokens[t] ?? whole)));
}

/** ${NAME} from the environment, as ssh expands it in file names. */
function expandEnv(text: string): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
    const value = process.env[name];
    if (value === undefined) throw new SshArgsError(`ssh config: environment variable ${name} is not set (in '${text}')`);
    return value;
  });
}

function yes(value: string | undefined): boolean {
  return value !== undefined && /^(yes|true)$/i.test(value);
}

function strictness(value: string | undefined): StrictHostKeyChecking {
  const v = (value ?? 'ask').toLowerCase();
  if (v === 'yes' || v === 'true') return 'yes';
  if (v === 'no' || v === 'off' || v === 'false') return 'no';
  if (v === 'accept-new') return 'accept-new';
  if (v === 'ask') return 'ask';
  throw new SshArgsError(`StrictHostKeyChecking ${value} is not one of yes, no, accept-new, ask`);
}

function numberOf(value: string | undefined, keyword: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new SshArgsError(`${keyword} ${value} is not a number`);
  return n;
}
