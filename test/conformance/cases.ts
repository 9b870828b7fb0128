// Reads a corpus's cases.txt: one playbook run a line, `id|target|kind|entry|args|expect|env|pre`
// (the corpus's header explains the fields). Parsing is strict so that a typo in the corpus is
// one located error rather than a case that silently runs something else.

export type CaseKind = { type: 'role' } | { type: 'role-tasks'; tasksFrom: string } | { type: 'play' };
export type CaseExpect = '0' | 'fail' | 'any';

export interface ConformanceCase {
  id: string;
  target: string;
  kind: CaseKind;
  /** Playbook path relative to the target's folder ('' for role kinds). */
  entry: string;
  /** Bash words as written, with the inventory tokens still in them. */
  args: string;
  expect: CaseExpect;
  /** K=V pairs for both tools. */
  env: Array<[string, string]>;
  /** Shell run in the case's folder before the tool. */
  pre: string;
  /** Line in cases.txt, for messages. */
  line: number;
}

export class CasesFileError extends Error {}

export function parseCases(text: string, file = 'cases.txt'): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  const seen = new Set<string>();
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) return;
    const fail = (what: string): never => {
      throw new CasesFileError(`${file}:${line}: ${what}`);
    };
    const fields = raw.split('|');
    if (fields.length < 8) fail(`expected 8 fields id|target|kind|entry|args|expect|env|pre, found ${fields.length}`);
    // The pre field is shell and may itself contain '|': it takes the rest of the line.
    const [id, target, kind, entry, args, expect, env] = fields.map((f) => f.trim()) as [string, string, string, string, string, string, string];
    const pre = fields.slice(7).join('|').trim();
    if (!/^[\w.-]+$/.test(id)) fail(`case id '${id}' must be letters, digits, '.', '_' or '-'`);
    if (seen.has(id)) fail(`case id '${id}' appears twice`);
    seen.add(id);
    if (!/^[\w.-]+$/.test(target)) fail(`target '${target}' must be a folder name`);
    if (expect !== '0' && expect !== 'fail' && expect !== 'any') fail(`expect must be 0, fail or any, not '${expect}'`);
    const caseKind = parseKind(kind, fail);
    if (caseKind.type === 'play' && entry === '') fail(`kind play needs an entry playbook`);
    if (caseKind.type !== 'play' && entry !== '') fail(`kind ${kind} takes no entry (found '${entry}')`);
    cases.push({ id, target, kind: caseKind, entry, args, expect: expect as CaseExpect, env: parseEnv(env, fail), pre, line });
  });
  return cases;
}

function parseKind(kind: string, fail: (what: string) => never): CaseKind {
  if (kind === 'role') return { type: 'role' };
  if (kind === 'play') return { type: 'play' };
  const m = /^role:([\w.-]+)$/.exec(kind);
  if (m) return { type: 'role-tasks', tasksFrom: m[1]! };
  return fail(`kind must be role, role:FILE or play, not '${kind}'`);
}

function parseEnv(env: string, fail: (what: string) => never): Array<[string, string]> {
  if (env === '') return [];
  return env.split(/\s+/).map((word) => {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(word);
    if (!m) return fail(`env word '${word}' is not K=V`);
    return [m[1]!, m[2]!];
  });
}

/** The paths the inventory tokens of the args field stand for in one case's scratch folder. */
export interface InventoryPaths {
  /** @INV: the ansible-test inventory (testhost, local connection). */
  inv: string;
  /** @LOCAL: localhost with the local connection. */
  local: string;
  /** @HOSTS12: host1 and host2 with the local connection. */
  hosts12: string;
}

/** The args field with its inventory tokens replaced by paths (the paths need no quoting). */
export function expandInventoryTokens(args: string, paths: InventoryPaths): string {
  return args.replace(/@(INV|LOCAL|HOSTS12)\b/g, (_, token: string) => (token === 'INV' ? paths.inv : token === 'LOCAL' ? paths.local : paths.hosts12));
}
