// The module fixture format (test/fixtures/README.md) and a ModuleContext that answers only from
// a fixture: facts from its table (keyed "<fact name> <JSON args>"), either as values or as a
// command's recorded output run through the fact's real parser; ctx.read from its recorded
// reads, in order; controller files from its files. Anything else fails the test.
import { expect } from 'chai';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ContentDiff, ModuleContext } from '../../src/modules/types.js';
import type { FactDefinition } from '../../src/facts/types.js';
import type { ExecResult } from '../../src/connection/types.js';
import { renderTemplateText, evaluateExpression, evaluateCondition } from '../../src/engine/templating/index.js';
import { loadYamlFile } from '../../src/engine/yaml-source.js';

export interface RecordedOutput {
  stdout?: string;
  stderr?: string;
  exitCode?: number;
}

export interface RecordedRead extends RecordedOutput {
  /** Substrings the command must contain. */
  commandIncludes?: string[];
}

export interface ModuleFixture {
  description?: string;
  /** Already templated, as plan() gets them; validated against the module's schema first. */
  args: Record<string, unknown>;
  /** "<fact name> <JSON args>": the value, or { "output": {...} } for the parser. */
  facts: Record<string, unknown>;
  vars?: Record<string, unknown>;
  /** Controller files for src: (written to a scratch folder, as modules read them with node:fs). */
  files?: Record<string, string>;
  /** Answers to ctx.read(), in order. */
  reads?: RecordedRead[];
  /** What the steps printed, fed to summarize(). */
  outputs?: RecordedOutput[];
  expected: {
    /** An argument error or a thrown ModuleFailure/FactParseError containing this text. */
    error?: string;
    /** The thrown error's name when it is neither of those. */
    errorName?: string;
    /** Every step in order: its command, or "write <path>" for a file write. */
    steps?: string[];
    /** Every step's describe, in order. */
    describes?: string[];
    /** Substrings of the joined commands (for long scripts). */
    stepsInclude?: string[];
    changed?: boolean;
    failed?: boolean;
    /** Exact diff entries. */
    diff?: ContentDiff[];
    diffAfterIncludes?: string[];
    /** Every file write: path -> exact content. */
    writes?: Record<string, string>;
    stdinIncludes?: string[];
    /** The exact message, or a part of it. */
    msg?: string;
    msgIncludes?: string;
    /** The plan's message for check mode, which skips it (Plan.checkModeSkip). */
    checkModeSkip?: string;
    /** Each key deep-equals the plan's data[key]. */
    data?: Record<string, unknown>;
    /** Each key deep-equals what summarize() returns for `outputs`. */
    summary?: Record<string, unknown>;
  };
}

export function factKey(name: string, args: unknown): string {
  return `${name} ${JSON.stringify(args ?? null)}`;
}

export function execResult(r: RecordedOutput): ExecResult {
  return { stdout: r.stdout ?? '', stderr: r.stderr ?? '', exitCode: r.exitCode ?? 0, durationMs: 1 };
}

function isRecorded(answer: unknown): answer is { output: RecordedOutput } {
  return typeof answer === 'object' && answer !== null && !Array.isArray(answer) && Object.keys(answer).length === 1 && 'output' in answer;
}

/** A context answering from `fx`; every fact key asked is pushed to `asked`; files go to `filesDir`. */
export function fixtureContext(fx: ModuleFixture, asked: string[], filesDir: string): ModuleContext {
  const vars = fx.vars ?? {};
  const reads = [...(fx.reads ?? [])];
  return {
    host: 'fixture-host',
    vars,
    fact: <T, A>(fact: FactDefinition<T, A>, args: A): Promise<T> =>
      settle(() => {
        const key = factKey(fact.name, args);
        asked.push(key);
        if (!(key in fx.facts))
          throw new Error(`the module asked for a fact the fixture does not have: ${key} (it has: ${Object.keys(fx.facts).join(' | ') || 'none'})`);
        expect(fact.command(args), `fact ${fact.name} command`).to.be.a('string').and.not.equal('');
        const answer = fx.facts[key];
        return isRecorded(answer) ? fact.parse(execResult(answer.output), args) : (structuredClone(answer) as T);
      }),
    read: (command) =>
      settle(() => {
        const next = reads.shift();
        if (!next) throw new Error(`the module ran a command the fixture does not answer: ${command}`);
        for (const s of next.commandIncludes ?? []) expect(command, 'read command').to.include(s);
        return execResult(next);
      }),
    findFile: (p) => {
      // a folder (include_vars dir=) is every fixture file below it
      const folder = p.replace(/(.)\/+$/, '$1'); // `src: dir/` names the folder too
      const below = Object.keys(fx.files ?? {}).filter((f) => f === folder || f.startsWith(`${folder}/`));
      if (below.length === 0) throw new Error(`no fixture file ${p}`);
      for (const f of below) {
        const full = join(filesDir, f);
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, fx.files![f]!);
      }
      return join(filesDir, p);
    },
    readVarsFile: (path) => loadYamlFile(path),
    renderTemplate: (text, name) => renderTemplateText(text, vars, name, true),
    evaluate: (e) => evaluateExpression(e, vars),
    evaluateCondition: (c) => evaluateCondition(c, vars),
  };
}

/** fn's value, or its throw as a rejection (as from a real, asynchronous read). */
function settle<T>(fn: () => T): Promise<T> {
  return new Promise((resolve) => resolve(fn()));
}
