// Modules that run on the controller only: debug, assert, fail, set_fact. They never change a
// host and behave the same in check mode.
import { defineModule, type ResultDisplay } from '../types.js';

/** debug's and assert's message is the point of the task: shown without -v. */
const SHOWN: ResultDisplay = { verboseAlways: true };
import { ModuleFailure } from '../../errors.js';
import { BOOL, INT, bool, int } from '../lib/args.js';

export const debugModule = defineModule<{ msg?: unknown; var?: string; verbosity?: number | string }>({
  name: 'debug',
  checkMode: 'plan',
  runsOn: 'controller',
  argsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { msg: {}, var: { type: 'string', minLength: 1 }, verbosity: INT },
    not: { required: ['msg', 'var'] },
  },
  async plan(args, ctx) {
    // Ansible's magic variable ansible_verbosity (the -v count), when the engine provides it.
    const level = ctx.vars['ansible_verbosity'];
    const wanted = int(args.verbosity, 0);
    if (typeof level === 'number' && wanted > level) {
      return { steps: [], data: { skipped: true, skip_reason: `verbosity threshold not met (${wanted} > ${level})` }, display: SHOWN };
    }
    if (args.var !== undefined) {
      let value: unknown;
      try {
        value = ctx.evaluate(args.var);
      } catch {
        value = 'VARIABLE IS NOT DEFINED!';
      }
      return { steps: [], msg: `${args.var}: ${typeof value === 'string' ? value : JSON.stringify(value)}`, data: { [args.var]: value }, display: SHOWN };
    }
    const msg = args.msg ?? 'Hello world!';
    return { steps: [], msg: typeof msg === 'string' ? msg : JSON.stringify(msg), display: SHOWN };
  },
});

export const assertModule = defineModule<{
  that: string | string[] | boolean;
  fail_msg?: string;
  msg?: string;
  success_msg?: string;
  quiet?: boolean | string;
}>({
  name: 'assert',
  checkMode: 'plan',
  runsOn: 'controller',
  argsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['that'],
    properties: {
      that: { anyOf: [{ type: 'string' }, { type: 'boolean' }, { type: 'array', minItems: 1, items: { type: ['string', 'boolean'] } }] },
      fail_msg: { type: 'string' },
      msg: { type: 'string' },
      success_msg: { type: 'string' },
      quiet: BOOL,
    },
  },
  async plan(args, ctx) {
    // `that` arrives templated; bare expressions (the usual form) are evaluated here with the
    // host's variables, values the engine already evaluated (booleans) are taken as they are.
    const conditions = Array.isArray(args.that) ? args.that : [args.that];
    for (const c of conditions) {
      if (!ctx.evaluateCondition(c)) {
        return {
          steps: [],
          failed: true,
          msg: args.fail_msg ?? args.msg ?? `Assertion failed: ${String(c)}`,
          data: { assertion: c, evaluated_to: false },
          display: SHOWN,
        };
      }
    }
    return { steps: [], ...(bool(args.quiet) ? {} : { msg: args.success_msg ?? 'All assertions passed' }), display: SHOWN };
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
    return { steps: [], data: { ansible_facts: Object.fromEntries(Object.entries(facts).map(([k, v]) => [k, booleanWord(v)])) } };
  },
});

/** Without Jinja native types, Ansible's set_fact turns the (rendered) strings yes/no/true/false, in any case, into booleans. */
function booleanWord(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const word = value.toLowerCase();
  return word === 'yes' || word === 'true' ? true : word === 'no' || word === 'false' ? false : value;
}
