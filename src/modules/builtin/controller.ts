// Modules that run on the controller only: debug, assert, fail, set_fact. They never change a
// host and behave the same in check mode.
import { defineModule } from '../types.js';
import { ModuleFailure } from '../../errors.js';

export const debugModule = defineModule<{ msg?: unknown; var?: string; verbosity?: number }>({
  name: 'debug',
  checkMode: 'plan',
  runsOn: 'controller',
  argsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { msg: {}, var: { type: 'string', minLength: 1 }, verbosity: { type: 'integer', minimum: 0 } },
    not: { required: ['msg', 'var'] },
  },
  async plan(args, ctx) {
    if (args.var !== undefined) {
      let value: unknown;
      try {
        value = ctx.evaluate(args.var);
      } catch {
        value = 'VARIABLE IS NOT DEFINED!';
      }
      return { steps: [], msg: `${args.var}: ${typeof value === 'string' ? value : JSON.stringify(value)}`, data: { [args.var]: value } };
    }
    const msg = args.msg ?? 'Hello world!';
    return { steps: [], msg: typeof msg === 'string' ? msg : JSON.stringify(msg) };
  },
});

export const assertModule = defineModule<{ that: string | string[] | boolean; fail_msg?: string; msg?: string; success_msg?: string; quiet?: boolean }>({
  name: 'assert',
  checkMode: 'plan',
  runsOn: 'controller',
  argsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['that'],
    properties: {
      that: { anyOf: [{ type: 'string' }, { type: 'boolean' }, { type: 'array', items: { type: ['string', 'boolean'] } }] },
      fail_msg: { type: 'string' },
      msg: { type: 'string' },
      success_msg: { type: 'string' },
      quiet: { type: 'boolean' },
    },
  },
  async plan(args, ctx) {
    const conditions = Array.isArray(args.that) ? args.that : [args.that];
    for (const c of conditions) {
      if (!ctx.evaluateCondition(c)) {
        return { steps: [], failed: true, msg: args.fail_msg ?? args.msg ?? `Assertion failed: ${String(c)}`, data: { assertion: c, evaluated_to: false } };
      }
    }
    return { steps: [], msg: args.success_msg ?? 'All assertions passed' };
  },
});

export const failModule = defineModule<{ msg?: string }>({
  name: 'fail',
  checkMode: 'plan',
  runsOn: 'controller',
  argsSchema: { type: 'object', additionalProperties: false, properties: { msg: { type: 'string' } } },
  async plan(args) {
    return { steps: [], failed: true, msg: args.msg ?? 'Failed as requested from task' };
  },
});

export const setFactModule = defineModule<Record<string, unknown>>({
  name: 'set_fact',
  checkMode: 'plan',
  runsOn: 'controller',
  argsSchema: { type: 'object', minProperties: 1, propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' } },
  async plan(args) {
    const { cacheable: _cacheable, ...facts } = args;
    if (Object.keys(facts).length === 0) throw new ModuleFailure('set_fact needs at least one variable');
    return { steps: [], data: { ansible_facts: facts } };
  },
});
