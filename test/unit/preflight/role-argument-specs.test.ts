// A role's meta/argument_specs.yaml is the module argument language: the spec file is checked
// against the language's own declaration, and the role's variables go through the validator that
// checks module arguments (the same conversions, the same verdicts, the same expectations), before
// any host is contacted.
import { expect } from 'chai';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadProject } from '../../../src/engine/load-project.js';
import { UserInputError } from '../../../src/errors.js';
import { checkArgs } from '../../../src/argspec/validator.js';
import type { OptionSpecs } from '../../../src/argspec/declaration.js';
import { removeDir, scratchDir, writeIn } from '../../helpers/scratch.js';

const SPECS = `argument_specs:
  main:
    options:
      web_port:
        type: int
        choices: [80, 443]
        description: The port served.
      web_vip:
        format: ipv4
        required: true
        description: The address served.
      web_names:
        type: list
        elements: str
        description: Server names.
`;

describe('role argument specs: the validator of module arguments', () => {
  let dir: string;
  beforeEach(() => {
    dir = scratchDir('lvsplay-role-specs-');
    writeIn(dir, 'play.yaml', '- hosts: localhost\n  gather_facts: false\n  roles: [web]\n');
    writeIn(dir, 'roles/web/tasks/main.yaml', '- debug: msg=hi\n');
  });
  afterEach(() => removeDir(dir));

  /** The error loading the project gives (undefined: it loads), with these -e values. */
  const load = (specs: string, extraVars: Record<string, unknown>): Error | undefined => {
    writeIn(dir, 'roles/web/meta/argument_specs.yaml', specs);
    try {
      loadProject({ playbookFile: join(dir, 'play.yaml'), inventorySources: [], extraVars: [JSON.stringify(extraVars)], rolesPath: [join(dir, 'roles')] });
      return undefined;
    } catch (err) {
      return err as Error;
    }
  };

  it('the role check and the module check give the same verdict and expectation for the same declaration', () => {
    const options = (parse(SPECS) as { argument_specs: { main: { options: OptionSpecs } } }).argument_specs.main.options;
    const cases: Array<Record<string, unknown>> = [
      { web_vip: '10.77.0.50', web_port: 443, web_names: ['a', 'b'] },
      // converted as module arguments are: "443" is an int, "a,b" a list
      { web_vip: '10.77.0.50', web_port: '443', web_names: 'a,b' },
      { web_vip: '10.77.0.50', web_port: 8080 },
      { web_vip: '10.77.0.50', web_port: 'eighty' },
      { web_vip: '10.77.0.300' },
      { web_port: 80 },
    ];
    const verdicts = cases.map((values) => {
      const module = checkArgs({ short_description: 'web', options }, values).problems[0];
      const role = load(SPECS, values);
      if (role !== undefined) expect(role).to.be.instanceOf(UserInputError);
      // the role's message says what the module check expects
      if (module && role) expect(role.message, JSON.stringify(values)).to.include(module.expected);
      return [module === undefined, role === undefined];
    });
    expect(verdicts).to.deep.equal([
      [true, true],
      [true, true],
      [false, false],
      [false, false],
      [false, false],
      [false, false],
    ]);
  });

  it('names the variable, the value and where it was set', () => {
    expect(load(SPECS, { web_vip: '10.77.0.50', web_port: 8080 })?.message).to.match(
      /^--extra-vars:1:1: role 'web' variable 'web_port' is 8080, not one of 80, 443 \(host localhost\)/,
    );
    expect(load(SPECS, { web_port: 80 })?.message).to.include("role 'web' variable 'web_vip' is required but not set");
  });

  it('a spec that is not the language is refused at its line, by the declaration of the language', () => {
    const err = load(SPECS.replace('type: int', 'type: integer'), { web_vip: '10.77.0.50' });
    expect(err).to.be.instanceOf(UserInputError);
    expect(err?.message).to.match(/argument_specs\.yaml:5:\d+: the spec of 'web_port': argument 'type' must be one of "str", "path", "int"/);
    expect(load(SPECS.replace('choices: [80, 443]', 'choises: [80, 443]'), { web_vip: '10.77.0.50' })?.message).to.include(
      "the spec of 'web_port': unknown argument 'choises'",
    );
  });

  it("Ansible's rules across sub-options: checked per element, and must name declared sub-options", () => {
    const backends = `      web_backends:
        type: list
        elements: dict
        required_one_of: [[host, socket]]
        options:
          host: {format: ipv4}
          socket: {type: path}
`;
    const specs = SPECS + backends;
    expect(load(specs, { web_vip: '10.77.0.50', web_backends: [{ host: '10.77.0.21' }, { socket: '/run/web.sock' }] })).to.equal(undefined);
    expect(load(specs, { web_vip: '10.77.0.50', web_backends: [{ host: '10.77.0.21' }, {}] })?.message).to.match(
      /^--extra-vars #1:1:63: role 'web' variable 'web_backends\[1\]': one of these keys is required: 'host', 'socket' \(host localhost\)$/,
    );
    expect(load(specs.replace('[[host, socket]]', '[[host, sockets]]'), { web_vip: '10.77.0.50' })?.message).to.match(
      /argument_specs\.yaml:19:\d+: argument_specs\.main\.options\.web_backends\.required_one_of must be a list of lists of declared options/,
    );
  });
});
