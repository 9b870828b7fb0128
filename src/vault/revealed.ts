// Values that came out of a vault. lvsplay treats them as no_log wherever they would be shown
// (task results, -v commands, --diff, error messages): Ansible leaves that to the user's
// no_log discipline, and a VRRP or sudo password ends up on a terminal or in a CI log.
// Matching is by content, since a value's origin is lost once a template uses it.

const revealed = new Set<string>();

// Shorter values would match almost any output ("1", "yes"); they are not worth hiding.
const MIN_LENGTH = 3;

export const HIDDEN = '********';

/** Remember one decrypted value (an inline `!vault` scalar). */
export function rememberRevealed(value: string): void {
  if (value.length >= MIN_LENGTH) revealed.add(value);
}

/** Remember every string inside a decrypted file's data. */
export function rememberRevealedIn(data: unknown, depth = 0): void {
  if (depth > 200) return;
  if (typeof data === 'string') rememberRevealed(data);
  else if (Array.isArray(data)) for (const v of data) rememberRevealedIn(v, depth + 1);
  else if (data !== null && typeof data === 'object') for (const v of Object.values(data)) rememberRevealedIn(v, depth + 1);
}

/** True when any string in value contains a decrypted value. */
export function mentionsRevealed(value: unknown, depth = 0): boolean {
  if (revealed.size === 0 || depth > 200) return false;
  if (typeof value === 'string') {
    for (const secret of revealed) if (value.includes(secret)) return true;
    return false;
  }
  if (Array.isArray(value)) return value.some((v) => mentionsRevealed(v, depth + 1));
  if (value !== null && typeof value === 'object') return Object.values(value).some((v) => mentionsRevealed(v, depth + 1));
  return false;
}

/** The text with every decrypted value replaced by asterisks (for messages). */
export function maskRevealed(text: string): string {
  let out = text;
  // longest first, so a value that contains another is hidden whole
  for (const secret of [...revealed].sort((a, b) => b.length - a.length)) out = out.split(secret).join(HIDDEN);
  return out;
}

/** A copy of data in which every string mentioning a decrypted value is masked (for listings). */
export function maskRevealedIn(data: unknown, depth = 0): unknown {
  if (revealed.size === 0 || depth > 200) return data;
  if (typeof data === 'string') return mentionsRevealed(data) ? maskRevealed(data) : data;
  if (Array.isArray(data)) return data.map((v) => maskRevealedIn(v, depth + 1));
  if (data !== null && typeof data === 'object') return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, maskRevealedIn(v, depth + 1)]));
  return data;
}

/** For tests: forget what was decrypted. */
export function forgetRevealed(): void {
  revealed.clear();
}
