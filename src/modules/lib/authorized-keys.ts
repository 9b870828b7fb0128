// The lines of an authorized_keys file (sshd(8) AUTHORIZED_KEYS FILE FORMAT): options, key
// type, base64 key, comment. A line that is not a key (a comment, a blank line) is kept as text.
export interface AuthorizedKey {
  /** The options before the key type, as written (e.g. `no-pty,from="10.77.0.1"`), or '' */
  options: string;
  type: string;
  key: string;
  comment: string;
}

const KEY_TYPE =
  /^(ssh-(rsa|dss|ed25519)|ecdsa-sha2-nistp(256|384|521)|sk-ecdsa-sha2-nistp256@openssh\.com|sk-ssh-ed25519@openssh\.com|[a-z0-9.@-]+-cert-v01@openssh\.com)$/;

/** The words of a line, a double-quoted part (an option's value) never split. */
function words(line: string): string[] {
  return line.trim().match(/(?:[^\s"]+|"(?:[^"\\]|\\.)*")+/g) ?? [];
}

/** The key a line holds, or undefined when it holds none. */
export function parseAuthorizedKey(line: string): AuthorizedKey | undefined {
  const w = words(line);
  const at = w.findIndex((word, i) => KEY_TYPE.test(word) && w[i + 1] !== undefined);
  if (at < 0) return undefined;
  return { options: w.slice(0, at).join(' '), type: w[at]!, key: w[at + 1]!, comment: w.slice(at + 2).join(' ') };
}

export function authorizedKeyLine(k: AuthorizedKey): string {
  return [k.options, k.type, k.key, k.comment].filter((part) => part !== '').join(' ');
}
