// A ModuleContext whose facts come from a fixture: `fact()` answers from the fixture's table
// (keyed "<fact name> <JSON args>") and fails the test for any fact the fixture did not expect;
// nothing else reaches a host.
import type { ModuleContext } from '../../src/modules/types.js';
import type { FactDefinition } from '../../src/facts/types.js';
import { renderTemplateText, evaluateExpression, evaluateCondition } from '../../src/engine/templating/index.js';

export interface ModuleFixture {
  description?: string;
  args: Record<string, unknown>;
  facts: Record<string, unknown>;
  vars?: Record<string, unknown>;
  files?: Record<string, string>;
  expected: {
    steps?: string[];
    /** Instead of whole commands: each step's `describe`. */
    describes?: string[];
    changed?: boolean;
    failed?: boolean;
    error?: string;
    diffAfterIncludes?: string[];
    stdinIncludes?: string[];
    /** Exact content written by the (last) atomic write step. */
    writes?: string;
    msgIncludes?: string;
  };
}

export function factKey(name: string, args: unknown): string {
  return `${name} ${JSON.stringify(args ?? null)}`;
}

export function fixtureContext(fx: ModuleFixture, asked: string[]): ModuleContext {
  const vars = fx.vars ?? {};
  return {
    host: 'fixture-host',
    vars,
    fact: (async <T, A>(fact: FactDefinition<T, A>, args: A): Promise<T> => {
      const key = factKey(fact.name, args);
      asked.push(key);
      if (!(key in fx.facts)) throw new Error(`the module asked for a fact the fixture does not have: ${key}`);
      return fx.facts[key] as T;
    }) as ModuleContext['fact'],
    read: async (command) => {
      throw new Error(`the module ran a command the fixture does not answer: ${command}`);
    },
    findFile: (p) => {
      if (fx.files && p in fx.files) return `fixture:${p}`;
      throw new Error(`no fixture file ${p}`);
    },
    renderTemplate: (text, name) => renderTemplateText(text, vars, name),
    evaluate: (e) => evaluateExpression(e, vars),
    evaluateCondition: (c) => evaluateCondition(c, vars),
  };
}
