// Module plans run on this machine with /bin/sh, the way a connection runs them: facts read by
// their real commands, steps applied in order until one fails (as the engine applies them).
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { AnyModule, ModuleContext, Plan } from '../../src/modules/types.js';
import { moduleRegistry } from '../../src/modules/registry.js';
import type { FactDefinition } from '../../src/facts/types.js';
import type { ExecResult } from '../../src/connection/types.js';
import { renderTemplateText, evaluateExpression, evaluateCondition } from '../../src/engine/templating/index.js';

export function sh(command: string, stdin?: string): ExecResult {
  const r = spawnSync('/bin/sh', ['-c', command], { input: stdin ?? '', encoding: 'utf8' });
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.status ?? -1, durationMs: 0 };
}

/** Sees each command a module reads with (and its result), e.g. to learn the name of a folder it made. */
export type ReadWatcher = (command: string, result: ExecResult) => void;

/** A module context for this machine; controller files (src:) are looked up in filesDir. */
export function localContext(filesDir: string, vars: Record<string, unknown> = {}, onRead?: ReadWatcher): ModuleContext {
  return {
    host: 'localhost',
    vars,
    fact: async <T, A>(fact: FactDefinition<T, A>, args: A): Promise<T> => fact.parse(sh(fact.command(args)), args),
    read: async (command, options) => {
      const result = sh(command, options?.stdin);
      onRead?.(command, result);
      return result;
    },
    findFile: (p) => join(filesDir, p),
    readVarsFile: () => {
      throw new Error('no vars files here');
    },
    renderTemplate: (text, name) => renderTemplateText(text, vars, name, true),
    evaluate: (e) => evaluateExpression(e, vars),
    evaluateCondition: (c) => evaluateCondition(c, vars),
  };
}

/** Apply like the engine: in order, stop at the first step whose exit code is not ok. */
export function applyPlan(plan: Plan): { outputs: ExecResult[]; failed?: ExecResult } {
  const outputs: ExecResult[] = [];
  for (const step of plan.steps) {
    const out = sh(step.command, step.stdin);
    outputs.push(out);
    if (!(step.okExitCodes ?? [0]).includes(out.exitCode)) return { outputs, failed: out };
  }
  return { outputs };
}

/**
 * Plan `args` (checked as the engine checks them) for this machine, apply the plan, and plan
 * again: the second plan must have nothing to do. Returns the first plan.
 */
export async function convergeLocally(
  module: AnyModule,
  args: Record<string, unknown>,
  filesDir: string,
  vars: Record<string, unknown> = {},
  onRead?: ReadWatcher,
): Promise<Plan> {
  const checked = moduleRegistry().check(module, args);
  expect(checked.problems, 'arguments validate').to.deep.equal([]);
  const ctx = localContext(filesDir, vars, onRead);
  const plan = await module.plan(structuredClone(checked.args), ctx);
  const applied = applyPlan(plan);
  expect(applied.failed, applied.failed?.stderr).to.equal(undefined);
  const again = await module.plan(structuredClone(checked.args), ctx);
  expect(
    again.steps.map((s) => s.describe),
    'second plan',
  ).to.deep.equal([]);
  return plan;
}
