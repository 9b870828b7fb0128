// Modules that run on the controller only: debug, assert, fail, set_fact. They never change a
// host and behave the same in check mode.
import { defineModule, type ResultDisplay } from '../types.js';

/** debug's and assert's message is the point of the task: shown without -v. */
const SHOWN: ResultDisplay = { verboseAlways: true };
import { ModuleFailure } from '../../errors.js';

export const debugModule = defineModule({
  name: 'debug',
  checkMode: 'plan',
  runsOn: 'controller',
  spec: {
    short_description: 'Print a message or the value of a variable',
    options: {
      msg: { type: 'raw', description: 'The message to print (any value: a mapping or list is shown as JSON). Default "Hello world!".' },
      var: { description: 'A variable name or expression whose value is printed.' },
      verbosity: { type: 'int', default: 0, description: 'Print only when run with at least this many -v.' },
    },
    mutually_exclusive: [['msg', 'var']],
    examples: '- debug:\n    msg: "VIP is {{ lvs_vip }}"\n\n- debug:\n    var: ansible_default_ipv4.address\n    verbosity: 1',
  },
  async plan(args, ctx) {
    // Ansible's magic variable ansible_verbosity (the -v count), when the engine provides it.
    const level = ctx.vars['ansible_verbosity'];
    const wanted = args.verbosity;
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

export const assertModule = defineModule({
  name: 'assert',
  checkMode: 'plan',
  runsOn: 'controller',
  spec: {
    short_description: 'Fail unless every condition holds',
    options: {
      that: { type: 'raw', required: true, description: 'A condition (a bare Jinja expression) or a list of them; all must be true.' },
      fail_msg: { aliases: ['msg'], description: 'The message when a condition is false.' },
      success_msg: { default: 'All assertions passed', description: 'The message when all hold.' },
      quiet: { type: 'bool', default: false, description: 'No message when all hold.' },
    },
    examples: "- assert:\n    that:\n      - lvs_vip is defined\n      - lvs_real_servers | length > 0\n    fail_msg: 'the director has nothing to balance'",
  },
  async plan(args, ctx) {
    // `that` arrives templated; bare expressions (the usual form) are evaluated here with the
    // host's variables, values the engine already evaluated (booleans) are taken as they are.
    const conditions: unknown[] = Array.isArray(args.that) ? args.that : [args.that];
    for (const c of conditions) {
      if (!ctx.evaluateCondition(c)) {
        return {
          steps: [],
          failed: true,
          msg: args.fail_msg ?? `Assertion failed: ${typeof c === 'string' ? c : JSON.stringify(c)}`,
          data: { assertion: c, evaluated_to: false },
          display: SHOWN,
        };
      }
    }
    return { steps: [], ...(args.quiet ? {} : { msg: args.success_msg }), display: SHOWN };
  },
});

export const failModule = defineModule({
  name: 'fail',
  checkMode: 'plan',
  runsOn: 'controller',
  spec: {
    short_description: 'Fail the task with a message',
    options: { msg: { default: 'Failed as requested from task', description: 'The message.' } },
    examples: "- fail:\n    msg: 'lvs_vip must be set'\n  when: lvs_vip is not defined",
  },
  async plan(args) {
    return { steps: [], failed: true, msg: args.msg };
  },
});

export const setFactModule = defineModule({
  name: 'set_fact',
  checkMode: 'plan',
  runsOn: 'controller',
  spec: {
    short_description: "Set variables of the host (above the inventory's and the play's)",
    description: ['Rendered yes/no/true/false (any case) become booleans, as in ansible-playbook 2.14.'],
    options: { cacheable: { type: 'bool', default: false, description: 'Accepted for Ansible compatibility; lvsplay keeps no fact cache between runs.' } },
    extra_keys: { format: 'variable_name', description: 'Each other key is a variable to set, to its value.' },
    examples: "- set_fact:\n    lvs_backend_count: '{{ lvs_real_servers | length }}'",
  },
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
