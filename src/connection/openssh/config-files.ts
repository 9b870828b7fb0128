// The ssh_config text OpenSSH would read for one connection, as one document for the ssh-config
// library: `-F FILE` alone, or ~/.ssh/config then /etc/ssh/ssh_config, with every Include
// replaced by the files it names. The library resolves Host/Match and first-value-wins; it
// leaves Include to the caller, so this file does only that.
//
// Two things keep the spliced document equivalent to OpenSSH reading the files one by one:
// - each file starts with every directive in force (`Match all` in front of it), as OpenSSH
//   starts each file outside any Host block;
// - after an included file that opened Host/Match sections, the including file's own section
//   header is repeated (or `Match all` at top level), so the lines after the Include belong to
//   the section they were written in, not to the included file's last one.
// One difference remains: OpenSSH ignores an included file entirely when its Include sits in a
// Host/Match block that does not match; here the included file's own Host/Match sections are
// still evaluated (its directives outside a section do follow the enclosing block).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { splitShellWords, SshArgsError } from './ssh-args.js';
import { globMatch } from './patterns.js';

export interface ConfigLocations {
  /** The user's home from the passwd entry: OpenSSH's ~. */
  home: string;
  /** /etc/ssh/ssh_config unless a test says otherwise. */
  systemConfig?: string;
}

const INCLUDE = /^\s*include(?:\s*=\s*|\s+)(.*)$/i;
const SECTION = /^\s*(?:host|match)(?:\s*=\s*|\s+)/i;
const MAX_DEPTH = 16; // OpenSSH's limit for nested Include

/** The document for `-F configFile` (or the default files when undefined). */
export function sshConfigText(configFile: string | undefined, where: ConfigLocations): string {
  if (configFile === 'none') return '';
  const userDir = join(where.home, '.ssh');
  if (configFile !== undefined) {
    const path = expandHome(configFile, where.home);
    if (!existsSync(path)) throw new SshArgsError(`ssh config file ${path} (-F) does not exist`);
    return fileText(path, userDir, where.home, 0);
  }
  const files: Array<[string, string]> = [
    [join(userDir, 'config'), userDir],
    [where.systemConfig ?? '/etc/ssh/ssh_config', '/etc/ssh'],
  ];
  return files
    .filter(([path]) => existsSync(path))
    .map(([path, relativeTo]) => fileText(path, relativeTo, where.home, 0))
    .join('\n');
}

function fileText(path: string, relativeTo: string, home: string, depth: number): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new SshArgsError(`cannot read ssh config file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const out = ['Match all'];
  let header = 'Match all';
  for (const line of text.split(/\r?\n/)) {
    const include = INCLUDE.exec(line);
    if (!include) {
      if (SECTION.test(line)) header = line;
      out.push(line);
      continue;
    }
    if (depth >= MAX_DEPTH) throw new SshArgsError(`${path}: Include nested more than ${MAX_DEPTH} deep`);
    for (const pattern of splitShellWords(include[1]!)) {
      const absolute = isAbsolute(expandHome(pattern, home)) ? expandHome(pattern, home) : join(relativeTo, pattern);
      for (const file of expandGlob(absolute)) {
        const included = fileText(file, relativeTo, home, depth + 1).split('\n');
        // its leading `Match all` would switch the enclosing section off: drop it
        const body = included.slice(1);
        out.push(...body);
        if (body.some((l) => SECTION.test(l))) out.push(header);
      }
    }
  }
  return out.join('\n');
}

export function expandHome(path: string, home: string): string {
  return path === '~' ? home : path.startsWith('~/') ? join(home, path.slice(2)) : path;
}

/** Files matching a path whose components may hold * and ? (glob(3) as Include uses it), sorted. */
export function expandGlob(pattern: string): string[] {
  if (!/[*?[]/.test(pattern)) return existsSync(pattern) && statSync(pattern).isFile() ? [pattern] : [];
  const parts = pattern.split('/');
  let bases = [parts[0] === '' ? '/' : '.'];
  for (const part of parts.slice(1)) {
    if (part === '') continue;
    const next: string[] = [];
    for (const base of bases) {
      if (!/[*?]/.test(part)) {
        next.push(join(base, part));
        continue;
      }
      let names: string[];
      try {
        names = readdirSync(base);
      } catch {
        continue;
      }
      next.push(...names.filter((n) => !n.startsWith('.') && globMatch(part, n)).map((n) => join(base, n)));
    }
    bases = next;
  }
  return bases.filter((p) => existsSync(p) && statSync(p).isFile()).sort();
}
