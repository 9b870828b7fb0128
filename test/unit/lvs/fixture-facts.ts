// Fact answers for the LVS fixtures. A fixture answers a fact either with its value, or with
// the command's recorded output `{ "output": { "stdout": ..., "exitCode": ... } }`, which is
// then run through the fact's real parser (so malformed output and "no IPVS" travel the same
// path as on a host). Any fact the fixture does not list fails the test.
import type { ModuleContext } from '../../../src/modules/types.js';
import type { FactDefinition } from '../../../src/facts/types.js';

export interface RecordedOutput {
  stdout: string;
  stderr?: string;
  exitCode?: number;
}

export function factKey(name: string, args: unknown): string {
  return `${name} ${JSON.stringify(args ?? null)}`;
}

function isRecorded(answer: unknown): answer is { output: RecordedOutput } {
  return typeof answer === 'object' && answer !== null && !Array.isArray(answer) && Object.keys(answer).length === 1 && 'output' in answer;
}

/** A ModuleContext answering facts from `facts`; every key asked is pushed to `asked`. */
export function lvsFixtureContext(facts: Record<string, unknown>, asked: string[]): ModuleContext {
  const refuse = (what: string): never => {
    throw new Error(`the module used ${what}, which no LVS module needs`);
  };
  return {
    host: 'fixture-host',
    vars: {},
    fact: (async <T, A>(fact: FactDefinition<T, A>, args: A): Promise<T> => {
      const key = factKey(fact.name, args);
      asked.push(key);
      if (!(key in facts)) throw new Error(`unexpected fact asked: ${key} (the fixture lists: ${Object.keys(facts).join(' | ') || 'none'})`);
      const answer = facts[key];
      expectCommand(fact, args);
      if (isRecorded(answer))
        return fact.parse({ stdout: answer.output.stdout, stderr: answer.output.stderr ?? '', exitCode: answer.output.exitCode ?? 0, durationMs: 1 }, args);
      return structuredClone(answer) as T;
    }) as ModuleContext['fact'],
    read: async (command) => refuse(`ctx.read(${command})`),
    findFile: () => refuse('findFile'),
    renderTemplate: () => refuse('renderTemplate'),
    evaluate: () => refuse('evaluate'),
    evaluateCondition: () => refuse('evaluateCondition'),
  };
}

function expectCommand<T, A>(fact: FactDefinition<T, A>, args: A): void {
  const command = fact.command(args);
  if (typeof command !== 'string' || command.trim() === '') throw new Error(`fact ${fact.name} has no command`);
}
