// What the security campaign feeds the roles: every variable their argument specs declare, and
// payloads that would leave a canary file behind if a shell ever ran them. The schema half
// (security-schema.test.ts, no lab) and the lab half (security.test.ts) share them.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { parse } from 'yaml';
import { repoPath } from '../helpers/paths.js';

export const CANARY = 'lvsplay-canary';

/** Each would create /root/lvsplay-canary if a shell ever ran it (no '/', so paths stay paths). */
export const PAYLOADS = [
  `$(cd;touch ${CANARY})`,
  `\`cd;touch ${CANARY}\``,
  `x;cd;touch ${CANARY};y`,
  `x\ncd\ntouch ${CANARY}\ny`,
  `x'$(cd;touch ${CANARY})'y`,
  `x"$(cd;touch ${CANARY})"y`,
  `x$HOME&&cd&&touch ${CANARY}|y`,
];

export interface RoleVariable {
  role: string;
  name: string;
  type: string;
}

/** Every option of every role's meta/argument_specs.yaml, with its declared type (str when none). */
export function roleVariables(): RoleVariable[] {
  const out: RoleVariable[] = [];
  for (const role of readdirSync(repoPath('roles'))) {
    const file = repoPath('roles', role, 'meta', 'argument_specs.yaml');
    if (!existsSync(file)) continue;
    const specs = (parse(readFileSync(file, 'utf8')) as { argument_specs: { main: { options: Record<string, { type?: string }> } } }).argument_specs.main
      .options;
    for (const [name, spec] of Object.entries(specs)) out.push({ role, name, type: spec.type ?? 'str' });
  }
  return out;
}

/** The value a payload becomes for a variable: paths are files in /etc named by the payload. */
export const valueFor = (v: RoleVariable, payload: string, ext = '.conf'): string => (v.type === 'path' ? `/etc/lvsplay-sec-${payload}${ext}` : payload);
