// Bad-input campaign: start from the project's own valid playbooks, roles, inventories and
// group_vars, break them many ways, and load each case the way `lvsplay run` does. Every
// case must end in either a valid load or one clean one-line error naming file:line:col, never
// a crash (any other exception) or a hang; loading never contacts a host. A sample also goes
// through the real CLI (`lvsplay run`, every host pointed at a connection-counting listener on
// 127.0.0.1) to check the exit code (1), that stderr is that one line, and that no connection
// was opened.
import { expect } from 'chai';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { loadProject } from '../../src/engine/load-project.js';
import { UserInputError } from '../../src/errors.js';
import { repoPath } from '../helpers/paths.js';
import { runCli } from '../helpers/cli.js';
import { mapWithLimit } from '../../src/util/limit.js';
import { exampleVaultPasswordFile, exampleVaultSecrets } from '../helpers/example-vault.js';
import { INI_MUTATIONS, MUTATIONS, YAML_INVENTORY_MUTATIONS, seeded, type Mutation } from './mutations.js';

interface Seed {
  /** Project folder (copied per case) and the playbook and inventory inside it. */
  dir: string;
  /** For the repository itself: the folders copied per case (and mutated). */
  parts?: string[];
  /** Only these files are mutated (a fixture folder holds playbooks the seed never reads). */
  only?: string[];
  playbook: string;
  inventory: string[];
  rolesPath: string[];
  extraVars: string[];
  /** The seed has vaults (the example inventory): open them with the example's password. */
  exampleVault?: boolean;
}

const SEEDS: Seed[] = [
  {
    dir: repoPath('test', 'fixtures', 'projects', 'local'),
    playbook: 'site.yaml',
    inventory: ['inventory.ini'],
    rolesPath: [],
    extraVars: ['scratch=/nonexistent'],
  },
  {
    dir: repoPath('test', 'fixtures', 'projects', 'behaviour'),
    playbook: 'blocks.yaml',
    only: ['blocks.yaml', 'inventory.ini'],
    inventory: ['inventory.ini'],
    rolesPath: [],
    extraVars: [],
  },
  {
    dir: repoPath('test', 'fixtures', 'projects', 'behaviour'),
    playbook: 'once-and-loops.yaml',
    only: ['once-and-loops.yaml', 'included.yaml', 'inventory.ini'],
    inventory: ['inventory.ini'],
    rolesPath: [],
    extraVars: [],
  },
  {
    dir: repoPath('test', 'fixtures', 'projects', 'lab'),
    playbook: 'converge.yaml',
    only: ['converge.yaml', 'inventory.ini'],
    inventory: ['inventory.ini'],
    rolesPath: [],
    extraVars: [],
  },
  // the LVS project itself: site.yaml with its roles against the example inventory
  {
    dir: repoPath(),
    parts: ['playbooks', 'roles', 'inventory'],
    playbook: 'playbooks/site.yaml',
    inventory: ['inventory/example'],
    rolesPath: ['roles'],
    extraVars: [],
    exampleVault: true,
  },
  // the same with the example inventory in YAML form, with group_vars and host_vars
  {
    dir: repoPath(),
    parts: ['playbooks', 'roles', 'test/faults/seeds/yaml-inventory'],
    playbook: 'playbooks/site.yaml',
    inventory: ['test/faults/seeds/yaml-inventory/hosts.yaml'],
    rolesPath: ['roles'],
    extraVars: [],
  },
];

const ALL_MUTATIONS: Mutation[] = [...new Set([...MUTATIONS, ...YAML_INVENTORY_MUTATIONS, ...INI_MUTATIONS])];
const mutationsFor = (file: string): Mutation[] =>
  file.endsWith('.ini') ? INI_MUTATIONS : /(^|\/)hosts\.ya?ml$/.test(file) ? YAML_INVENTORY_MUTATIONS : MUTATIONS;

const CASES = Number(process.env.LVSPLAY_FUZZ_CASES ?? 2000);
/** Bad cases also run through the real CLI (`lvsplay run`, about 0.3 s each). */
const CLI_SAMPLES = Number(process.env.LVSPLAY_FUZZ_CLI_CASES ?? 40);

function filesOf(seed: Seed): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      // templates are rendered per host at run time, not loaded: not this campaign's input
      else if (/\.(ya?ml|ini)$/.test(name)) out.push(relative(seed.dir, full));
    }
  };
  if (seed.parts) {
    for (const sub of seed.parts) walk(join(seed.dir, sub));
  } else walk(seed.dir);
  return seed.only ? out.filter((f) => seed.only!.includes(f)) : out;
}

/** The seed's files, listed once per seed. */
const filesBySeed = new Map<Seed, string[]>();
const seedFiles = (seed: Seed): string[] => filesBySeed.get(seed) ?? filesBySeed.set(seed, filesOf(seed)).get(seed)!;

function copySeed(seed: Seed): string {
  const dir = mkdtempSync(join(tmpdir(), 'lvsplay-fuzz-'));
  if (seed.parts) {
    for (const sub of seed.parts) cpSync(join(seed.dir, sub), join(dir, sub), { recursive: true });
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
      ...(seed.exampleVault ? { vaultSecrets: exampleVaultSecrets } : {}),
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

  const cliSamples: Array<{ seed: Seed; dir: string; message: string; mutation: string }> = [];
  // One working copy per seed: a case writes its mutated file there, loads, and puts the
  // original back (loading only reads), which saves a copy of the project per case.
  const workCopies = new Map<Seed, string>();
  const workCopy = (seed: Seed): string => workCopies.get(seed) ?? workCopies.set(seed, copySeed(seed)).get(seed)!;
  after(() => {
    for (const dir of workCopies.values()) rmSync(dir, { recursive: true, force: true });
  });

  it(`${CASES} mutated cases end in a valid load or one clean file:line:col error, never a crash`, () => {
    const rnd = seeded(20261125);
    let clean = 0;
    let valid = 0;
    const crashes: string[] = [];
    const tried = new Map<string, number>();
    let slowest = { ms: 0, what: '' };
    const started = Date.now();
    for (let i = 0; i < CASES; i++) {
      // A mutation kind first (each about equally often), then a seed file it applies to.
      const mutation = ALL_MUTATIONS[Math.floor(rnd() * ALL_MUTATIONS.length)]!;
      const seeds = seedsInUse.map((_, k) => seedsInUse[(i + k) % seedsInUse.length]!);
      const seed = seeds.find((s) => seedFiles(s).some((f) => mutationsFor(f).includes(mutation)))!;
      const files = seedFiles(seed).filter((f) => mutationsFor(f).includes(mutation));
      const file = files[Math.floor(rnd() * files.length)]!;
      tried.set(mutation.name, (tried.get(mutation.name) ?? 0) + 1);
      const dir = workCopy(seed);
      const full = join(dir, file);
      const original = readFileSync(full, 'utf8');
      const mutated = mutation.apply(original, rnd, full);
      writeFileSync(full, mutated);
      const caseStarted = Date.now();
      const outcome = loadCase(seed, dir);
      const caseMs = Date.now() - caseStarted;
      writeFileSync(full, original);
      if (caseMs > slowest.ms) slowest = { ms: caseMs, what: `case ${i} (${mutation.name} on ${file})` };
      if (outcome.kind === 'valid') {
        valid++;
        continue;
      }
      if (outcome.kind === 'crash') {
        crashes.push(`case ${i} (${mutation.name} on ${file}): ${(outcome.error as Error)?.stack ?? String(outcome.error)}`);
        continue;
      }
      const oneLine = !outcome.message.includes('\n');
      const located = /^[^:\s]+(\.[a-z0-9]+)?:\d+:\d+: /.test(outcome.message) || /^--extra-vars/.test(outcome.message);
      if (!oneLine || !located) {
        crashes.push(`case ${i} (${mutation.name} on ${file}): not a located one-line error: ${outcome.message.slice(0, 300)}`);
      } else {
        clean++;
      }
      // The CLI run points every host at the listener with -e, which would mask an error in
      // those very variables: such cases are checked in process only.
      const aboutConnection = /\b(ansible|lvsplay)_(ssh_)?(host|port|connection)\b/.test(outcome.message);
      if (oneLine && located && !aboutConnection && cliSamples.length < CLI_SAMPLES && clean % 20 === 1) {
        // the CLI run needs the case on disk after this loop: a copy of its own
        const own = copySeed(seed);
        writeFileSync(join(own, file), mutated);
        cliSamples.push({ seed, dir: own, message: outcome.message.replaceAll(dir, own), mutation: mutation.name });
      }
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const kinds = ALL_MUTATIONS.map((m) => m.name);
    console.log(
      `      fuzz: ${CASES} cases, ${clean} clean errors, ${valid} still valid, ${crashes.length} crashes (${kinds.length} mutation kinds, ${seconds} s, slowest case ${slowest.ms} ms)`,
    );
    expect(crashes, crashes.slice(0, 5).join('\n\n')).to.deep.equal([]);
    expect(
      kinds.filter((k) => !tried.has(k)),
      'mutation kinds never tried',
    ).to.deep.equal([]);
    // no hang: the slowest case stays far below a human's patience
    expect(slowest.ms, slowest.what).to.be.lessThan(5_000);
    // many mutations leave a file valid (a deleted comment, a duplicated list item): counted apart
    expect(clean).to.be.greaterThan(CASES / 4);
  });

  it('through `lvsplay run`, a bad case exits 1 with exactly that one line, no stack trace, and no connection to any host', async () => {
    // Every host is pointed at a listener on loopback that counts TCP connections; a run that
    // got past loading would connect there (the control case below proves it would be seen).
    const accepted: Socket[] = [];
    const listener = createServer((sock) => {
      accepted.push(sock);
      sock.destroy();
    });
    await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
    const port = (listener.address() as AddressInfo).port;
    const runArgs = (seed: Seed, dir: string): string[] => [
      'run',
      join(dir, seed.playbook),
      ...seed.inventory.flatMap((i) => ['-i', join(dir, i)]),
      ...seed.rolesPath.flatMap((r) => ['--roles-path', join(dir, r)]),
      ...seed.extraVars.flatMap((e) => ['-e', e]),
      ...(seed.exampleVault ? ['--vault-password-file', exampleVaultPasswordFile()] : []),
      '-e',
      'ansible_host=127.0.0.1',
      '-e',
      `ansible_port=${port}`,
      '-e',
      'ansible_connection=ssh',
    ];
    try {
      expect(cliSamples.length).to.be.greaterThan(10);
      let clean = 0;
      const problems: string[] = [];
      // two runs at a time: each is a node process that spends most of its time starting up
      await mapWithLimit(cliSamples, 2, async ({ seed, dir, message, mutation }) => {
        const res = await runCli(runArgs(seed, dir), { timeoutMs: 30_000 });
        rmSync(dir, { recursive: true, force: true });
        const lines = res.stderr.trim().split('\n');
        if (res.code === 1 && lines.length === 1 && res.stderr.includes(message.slice(0, 40)) && !/\bat .*\(.*:\d+:\d+\)/.test(res.stderr)) clean++;
        else problems.push(`${mutation}: exit ${res.code}: ${res.stderr.slice(0, 400)}`);
      });
      const connections = accepted.length;
      console.log(`      fuzz via lvsplay run: ${cliSamples.length} cases, ${clean} exit 1 with one located line, ${connections} connections opened`);
      expect(problems, problems.join('\n')).to.deep.equal([]);
      expect(connections).to.equal(0);
      // control: the unmutated seed does connect to the listener (and is unreachable: exit 4)
      const seed = seedsInUse[seedsInUse.length - 1]!;
      const dir = copySeed(seed);
      const control = await runCli(runArgs(seed, dir), { timeoutMs: 60_000 });
      rmSync(dir, { recursive: true, force: true });
      expect(control.code, control.stdout.slice(-500) + control.stderr).to.equal(4);
      expect(accepted.length).to.be.greaterThan(0);
    } finally {
      listener.close();
    }
  });
});
