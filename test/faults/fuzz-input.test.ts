// Bad-input campaign: start from the project's own valid playbooks, roles, inventories and
// group_vars, break them many ways, and load each case the way `lvsplay run` does. Every
// case must end in either a valid load or one clean one-line error naming file:line:col, never
// a crash (any other exception) or a hang; loading never contacts a host. A sample also goes
// through the real CLI to check the exit code (1) and that stderr is that one line.
import { expect } from 'chai';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { loadProject } from '../../src/engine/load-project.js';
import { UserInputError } from '../../src/errors.js';
import { repoPath } from '../helpers/paths.js';
import { runCli } from '../helpers/cli.js';
import { INI_MUTATIONS, MUTATIONS, seeded, type Mutation } from './mutations.js';

interface Seed {
  /** Project folder (copied per case) and the playbook and inventory inside it. */
  dir: string;
  playbook: string;
  inventory: string[];
  rolesPath: string[];
  extraVars: string[];
}

const SEEDS: Seed[] = [
  { dir: repoPath('test', 'fixtures', 'projects', 'local'), playbook: 'site.yaml', inventory: ['inventory.ini'], rolesPath: [], extraVars: ['scratch=/nonexistent'] },
  { dir: repoPath('test', 'fixtures', 'projects', 'behaviour'), playbook: 'blocks.yaml', inventory: ['inventory.ini'], rolesPath: [], extraVars: [] },
  { dir: repoPath('test', 'fixtures', 'projects', 'behaviour'), playbook: 'once-and-loops.yaml', inventory: ['inventory.ini'], rolesPath: [], extraVars: [] },
  { dir: repoPath('test', 'fixtures', 'projects', 'lab'), playbook: 'converge.yaml', inventory: ['inventory.ini'], rolesPath: [], extraVars: [] },
  // the LVS project itself: site.yaml with its roles against the example inventory
  { dir: repoPath(), playbook: 'playbooks/site.yaml', inventory: ['inventory/example'], rolesPath: ['roles'], extraVars: [] },
];

const CASES = Number(process.env.LVSPLAY_FUZZ_CASES ?? 2000);

function filesOf(seed: Seed): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(ya?ml|ini|j2)$/.test(name)) out.push(relative(seed.dir, full));
    }
  };
  if (seed.dir === repoPath()) {
    for (const sub of ['playbooks', 'roles', 'inventory']) walk(join(seed.dir, sub));
  } else walk(seed.dir);
  return out;
}

function copySeed(seed: Seed): string {
  const dir = mkdtempSync(join(tmpdir(), 'lvsplay-fuzz-'));
  if (seed.dir === repoPath()) {
    for (const sub of ['playbooks', 'roles', 'inventory']) cpSync(join(seed.dir, sub), join(dir, sub), { recursive: true });
  } else cpSync(seed.dir, dir, { recursive: true });
  return dir;
}

type Outcome = { kind: 'valid' } | { kind: 'clean'; message: string } | { kind: 'crash'; error: unknown };

function loadCase(seed: Seed, dir: string): Outcome {
  try {
    loadProject({
      playbookFile: join(dir, seed.playbook),
      inventorySources: seed.inventory.map((i) => join(dir, i)),
      extraVars: seed.extraVars,
      rolesPath: seed.rolesPath.map((r) => join(dir, r)),
    });
    return { kind: 'valid' };
  } catch (err) {
    if (err instanceof UserInputError) return { kind: 'clean', message: err.message };
    return { kind: 'crash', error: err };
  }
}

describe('bad input campaign', function () {
  this.timeout(600_000);
  const seedsInUse = SEEDS.filter((s) => existsSync(join(s.dir, s.playbook)));
  const baseline = new Map<Seed, Outcome>();

  before(() => {
    for (const s of seedsInUse) {
      const dir = copySeed(s);
      baseline.set(s, loadCase(s, dir));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('every seed project loads cleanly before mutation', () => {
    for (const [s, outcome] of baseline) expect(outcome, `${s.playbook}: ${JSON.stringify(outcome)}`).to.deep.include({ kind: 'valid' });
  });

  const cliSamples: Array<{ seed: Seed; dir: string; message: string }> = [];

  it(`${CASES} mutated cases end in a valid load or one clean file:line:col error, never a crash`, () => {
    const rnd = seeded(20261125);
    let clean = 0;
    let valid = 0;
    const crashes: string[] = [];
    const byMutation = new Map<string, number>();
    const started = Date.now();
    for (let i = 0; i < CASES; i++) {
      const seed = seedsInUse[i % seedsInUse.length]!;
      const files = filesOf(seed);
      const file = files[Math.floor(rnd() * files.length)]!;
      const mutations: Mutation[] = file.endsWith('.ini') ? INI_MUTATIONS : MUTATIONS;
      const mutation = mutations[Math.floor(rnd() * mutations.length)]!;
      const dir = copySeed(seed);
      const full = join(dir, file);
      writeFileSync(full, mutation.apply(readFileSync(full, 'utf8'), rnd, full));
      const outcome = loadCase(seed, dir);
      if (outcome.kind === 'valid') {
        valid++;
        rmSync(dir, { recursive: true, force: true });
        continue;
      }
      if (outcome.kind === 'crash') {
        crashes.push(`case ${i} (${mutation.name} on ${file}): ${(outcome.error as Error)?.stack ?? String(outcome.error)}`);
        rmSync(dir, { recursive: true, force: true });
        continue;
      }
      const oneLine = !outcome.message.includes('\n');
      const located = /^[^:\s]+(\.[a-z0-9]+)?:\d+:\d+: /.test(outcome.message) || /^--extra-vars/.test(outcome.message);
      if (!oneLine || !located) {
        crashes.push(`case ${i} (${mutation.name} on ${file}): not a located one-line error: ${outcome.message.slice(0, 300)}`);
      } else {
        clean++;
        byMutation.set(mutation.name, (byMutation.get(mutation.name) ?? 0) + 1);
      }
      if (cliSamples.length < 12 && clean % 25 === 1) cliSamples.push({ seed, dir, message: outcome.message });
      else rmSync(dir, { recursive: true, force: true });
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`      fuzz: ${CASES} cases, ${clean} clean errors, ${valid} still valid, ${crashes.length} crashes (${seconds} s)`);
    expect(crashes, crashes.slice(0, 5).join('\n\n')).to.deep.equal([]);
    // many mutations leave a file valid (a deleted comment, a duplicated list item): counted apart
    expect(clean).to.be.greaterThan(CASES / 4);
  });

  it('through the CLI, a bad case exits 1 with exactly that one line and no stack trace', async () => {
    expect(cliSamples.length).to.be.greaterThan(3);
    for (const { seed, dir, message } of cliSamples) {
      const args = ['validate', join(dir, seed.playbook), ...seed.inventory.flatMap((i) => ['-i', join(dir, i)]), ...seed.rolesPath.flatMap((r) => ['--roles-path', join(dir, r)]), ...seed.extraVars.flatMap((e) => ['-e', e])];
      const res = await runCli(args, { timeoutMs: 20_000 });
      rmSync(dir, { recursive: true, force: true });
      expect(res.code, res.stderr).to.equal(1);
      expect(res.stderr.trim().split('\n'), res.stderr).to.have.length(1);
      expect(res.stderr).to.include(message.slice(0, 40));
      expect(res.stderr).to.not.match(/\bat .*\(.*:\d+:\d+\)/);
    }
  });
});
