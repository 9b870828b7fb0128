// The argument-spec language: one declaration gives the validation, the conversions, the
// defaults, the doc and the TypeScript type of a module's arguments.
import { expect } from 'chai';
import type { ArgumentSpec, ArgsOf } from '../../../src/argspec/declaration.js';
import { checkArgs } from '../../../src/argspec/validator.js';
import { moduleDocText, moduleDocMarkdown } from '../../../src/argspec/doc-text.js';
import { sysctlModule } from '../../../src/modules/builtin/sysctl.js';

const FACTS = { name: 'demo', aliases: [], source: 'src/modules/demo.ts', checkMode: 'plan', runsOn: 'target' } as const;

const demoOptions = {
  path: { type: 'path', required: true, aliases: ['dest', 'name'], description: 'The file.' },
  state: { choices: ['present', 'absent'], default: 'present', description: 'Wanted state.' },
  port: { type: 'int', minimum: 1, maximum: 65535, description: 'A port.' },
  enabled: { type: 'bool', default: false, description: 'On at boot.' },
  names: { type: 'list', elements: 'str', description: 'Some names.' },
  content: { description: 'Inline text.' },
  src: { description: 'A controller file.' },
  address: { format: 'ipv4', description: 'An address.' },
  servers: { type: 'list', elements: 'dict', options: { address: { required: true, format: 'ipv4' }, weight: { type: 'int', default: 1 } } },
  password: { no_log: true, description: 'A secret.' },
} as const;

const demo: ArgumentSpec = {
  short_description: 'A module for tests',
  options: demoOptions,
  mutually_exclusive: [['content', 'src']],
  required_if: [['state', 'present', ['content', 'src'], true]],
};

const messages = (spec: ArgumentSpec, args: Record<string, unknown>): string[] => checkArgs(spec, args).problems.map((p) => p.message);

describe('argument specs: checking', () => {
  it('converts what Ansible converts, resolves aliases and fills in defaults', () => {
    const { args, problems } = checkArgs(demo, { dest: '/x', port: '80', enabled: 'yes', names: 'a,b', content: 'hi', servers: [{ address: '10.0.0.1' }] });
    expect(problems).to.deep.equal([]);
    expect(args).to.deep.equal({
      path: '/x',
      state: 'present',
      port: 80,
      enabled: true,
      names: ['a', 'b'],
      content: 'hi',
      servers: [{ address: '10.0.0.1', weight: 1 }],
    });
  });
  it('one line per problem, naming the argument as the user wrote it', () => {
    expect(messages(demo, { dest: '/x', content: 'x', nope: 1 })).to.deep.equal(["unknown argument 'nope'"]);
    expect(messages(demo, { content: 'x' })).to.deep.equal(["missing required argument 'path'"]);
    expect(messages(demo, { path: '/x', content: 'x', state: 'gone' })).to.deep.equal([`argument 'state' must be one of "present", "absent"`]);
    expect(messages(demo, { path: '/x', content: 'x', port: 0 })).to.deep.equal(["argument 'port' must be from 1 to 65535"]);
    expect(messages(demo, { path: '/x', content: 'x', port: 'eighty' })).to.deep.equal(["argument 'port' must be an integer"]);
    expect(messages(demo, { path: '/x', content: 'x', address: '10.0.0.300' })).to.deep.equal(["argument 'address' must be an IPv4 address"]);
    expect(messages(demo, { path: '/x', content: 'x', servers: [{ address: '10.0.0.1', colour: 'red' }] })).to.deep.equal([
      "unknown argument 'servers.0.colour'",
    ]);
    expect(messages(demo, { path: '/x', content: 'x', servers: [{}] })).to.deep.equal(["missing required argument 'servers.0.address'"]);
  });
  it("Ansible's cross-option rules", () => {
    expect(messages(demo, { path: '/x', content: 'x', src: 'y' })).to.deep.equal(["arguments are mutually exclusive: 'content', 'src' (give one of them)"]);
    // state is left out: its default (present) applies, as in Ansible
    expect(messages(demo, { path: '/x' })).to.deep.equal(["one of these arguments is required when state is present: 'content', 'src'"]);
    expect(messages(demo, { path: '/x', state: 'absent' })).to.deep.equal([]);
    expect(messages(demo, { path: '/x', dest: '/y', state: 'absent' })).to.deep.equal(["'dest' is another name for 'path'; give one of them"]);
  });
  it('the same rules across the sub-options of each dict of a list, naming the element', () => {
    const spec: ArgumentSpec = {
      short_description: 'rules in sub-options',
      options: {
        services: {
          type: 'list',
          elements: 'dict',
          required_one_of: [['fwmark', 'ports']],
          options: { fwmark: { type: 'int' }, ports: { type: 'list', elements: 'int' } },
        },
        check: { type: 'dict', mutually_exclusive: [['path', 'script']], options: { path: {}, script: {} } },
      },
    };
    expect(messages(spec, { services: [{ fwmark: 1 }, { ports: [80] }], check: { path: '/' } })).to.deep.equal([]);
    expect(messages(spec, { services: [{ fwmark: 1 }, {}] })).to.deep.equal(["argument 'services.1': one of these arguments is required: 'fwmark', 'ports'"]);
    expect(messages(spec, { check: { path: '/', script: 'x' } })).to.deep.equal([
      "argument 'check': arguments are mutually exclusive: 'path', 'script' (give one of them)",
    ]);
  });
});

describe('argument specs: one declaration, no second edit', () => {
  it('a choice added to the declaration shows in the doc, the Markdown and the validation', () => {
    const before = sysctlModule.spec;
    const after: ArgumentSpec = {
      ...before,
      options: { ...before.options, state: { ...before.options.state, choices: ['present', 'absent', 'runtime_only'] } },
    };
    const args = { name: 'vm.swappiness', value: 1, state: 'runtime_only' };
    expect(checkArgs(before, args).problems.map((p) => p.message)).to.deep.equal([`argument 'state' must be one of "present", "absent"`]);
    expect(checkArgs(after, args).problems).to.deep.equal([]);
    expect(moduleDocText(before, FACTS)).to.include('choices: [present, absent]\n');
    expect(moduleDocText(after, FACTS)).to.include('choices: [present, absent, runtime_only]\n');
    expect(moduleDocMarkdown(after, FACTS).join('\n')).to.include('| state | str |  | `present` | present, absent, runtime_only |');
  });
  it('an option made required is required by the validator and marked = in the doc', () => {
    const after: ArgumentSpec = { ...demo, options: { ...demo.options, port: { ...demoOptions.port, required: true } } };
    expect(messages(after, { path: '/x', content: 'x' })).to.deep.equal(["missing required argument 'port'"]);
    expect(moduleDocText(demo, FACTS)).to.include('\n- port\n');
    expect(moduleDocText(after, FACTS)).to.include('\n= port\n');
  });
});

describe('argument specs: the TypeScript type follows from the declaration', () => {
  type Demo = ArgsOf<typeof demoOptions>;
  it('required and defaulted options are always there; choices are literal types', () => {
    const ok: Demo = { path: '/x', state: 'absent', enabled: true, servers: [{ address: '10.0.0.1', weight: 2 }] };
    // @ts-expect-error: 'gone' is not one of the choices
    const badChoice: Demo = { path: '/x', state: 'gone', enabled: true };
    // @ts-expect-error: path is required, so the type requires it
    const noPath: Demo = { state: 'present', enabled: true };
    // @ts-expect-error: port is declared an int
    const badPort: Demo = { path: '/x', state: 'present', enabled: true, port: '80' };
    expect([ok, badChoice, noPath, badPort]).to.have.length(4);
  });
});
