// OpenSSH's wildcard patterns (ssh_config(5) PATTERNS): * is any run of characters, ? exactly one.
// Used for known_hosts names (case-insensitive, as OpenSSH lowercases host names) and for the
// file names an Include names.
export function globMatch(pattern: string, text: string, ignoreCase = false): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(text);
}
