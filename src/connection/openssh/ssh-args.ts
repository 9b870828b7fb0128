// OpenSSH command-line options as Ansible users write them in ssh_args, ansible_ssh_common_args
// and ansible_ssh_extra_args: split like a shell word list (Ansible splits them with shlex), then
// read as ssh(1) reads its options. Each option becomes the ssh_config directive it stands for
// (-p is Port, -l User, -i IdentityFile, -J ProxyJump, -o is any directive), kept in order:
// OpenSSH takes the first value it obtains, command line before any config file.

/** One `Keyword value` pair, as it would be written in an ssh_config file. */
export interface SshDirective {
  keyword: string;
  value: string;
}

export interface SshArgs {
  directives: SshDirective[];
  /** -F: the only config file read (the last -F given, as ssh does); "none" reads none. */
  configFile?: string;
}

/** A malformed argument string; the caller names where it came from. */
export class SshArgsError extends Error {
  override name = 'SshArgsError';
}

const OPTION_DIRECTIVE: Record<string, string> = { p: 'Port', l: 'User', i: 'IdentityFile', J: 'ProxyJump' };
// ssh(1) options that take an argument lvsplay has no use for (forwardings, ciphers, log file...).
const IGNORED_WITH_ARGUMENT = new Set([...'BbcDEeILmOQRSWw']);
// ssh(1) flags without an argument (-C, -v, -4, -T...): nothing for lvsplay to apply.
const IGNORED_FLAGS = new Set([...'46AaCfGgKkMNnqsTtVvXxYy']);

/** Shell-like words: whitespace separates, '...' is literal, "..." and \ escape as in sh. */
export function splitShellWords(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
      i++;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new SshArgsError(`unterminated ' quote at character ${i + 1}`);
      word = (word ?? '') + text.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      let j = i + 1;
      let out = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < text.length && '"\\$`'.includes(text[j + 1]!)) j++;
        out += text[j];
        j++;
      }
      if (j >= text.length) throw new SshArgsError(`unterminated " quote at character ${i + 1}`);
      word = (word ?? '') + out;
      i = j + 1;
    } else if (c === '\\' && i + 1 < text.length) {
      word = (word ?? '') + text[i + 1];
      i += 2;
    } else {
      word = (word ?? '') + c;
      i++;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** `Key=Value`, `Key Value` or `Key = Value`, as ssh_config and `-o` accept them. */
export function parseDirective(text: string): SshDirective {
  const m = /^\s*([A-Za-z][A-Za-z0-9]*)\s*(?:=\s*|\s+)(.*?)\s*$/s.exec(text);
  if (!m || m[2] === '') throw new SshArgsError(`-o '${text}' is not an OpenSSH option (expected Keyword=value)`);
  return { keyword: m[1]!, value: m[2]! };
}

/** Parse the words of an ssh command line's options (no destination, no remote command). */
export function parseSshArgs(text: string): SshArgs {
  const words = splitShellWords(text);
  const out: SshArgs = { directives: [] };
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (!word.startsWith('-') || word === '-') continue; // a stray word: ssh would take it as the destination
    // getopt: flags may be bundled (-vC), an option's argument attached (-p2222) or next
    for (let k = 1; k < word.length; k++) {
      const letter = word[k]!;
      if (IGNORED_FLAGS.has(letter)) continue;
      const takesArgument = letter === 'o' || letter === 'F' || letter in OPTION_DIRECTIVE || IGNORED_WITH_ARGUMENT.has(letter);
      if (!takesArgument) throw new SshArgsError(`unknown ssh option -${letter} in '${word}'`);
      let argument = word.slice(k + 1);
      if (argument === '') {
        const next = words[++i];
        if (next === undefined) throw new SshArgsError(`ssh option -${letter} needs a value`);
        argument = next;
      }
      if (letter === 'o') out.directives.push(parseDirective(argument));
      else if (letter === 'F') out.configFile = argument;
      else if (letter in OPTION_DIRECTIVE) out.directives.push({ keyword: OPTION_DIRECTIVE[letter]!, value: argument });
      break;
    }
  }
  return out;
}
