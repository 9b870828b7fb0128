// Oracle: rendered text that reads as a Python literal becomes that value (a list, a dict,
// True/False), as ansible-core 2.14 templates it. The variables are in
// test/fixtures/templating/literal-results.yml, Ansible's values beside them in
// literal-results.ansible.json (recorded with `debug: var=NAME`, see the YAML's header).
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderValue } from '../../../src/engine/templating/index.js';
import { loadYamlFile } from '../../../src/engine/yaml-source.js';

const DIR = join(process.cwd(), 'test/fixtures/templating');
const play = (loadYamlFile(join(DIR, 'literal-results.yml')) as { vars: Record<string, unknown> }[])[0]!;
const ansible = JSON.parse(readFileSync(join(DIR, 'literal-results.ansible.json'), 'utf8')) as Record<string, unknown>;

describe('templating: rendered text read as a Python literal, as Ansible reads it', () => {
  it('the fixture and the recording name the same variables', () => {
    expect(Object.keys(play.vars).sort()).to.deep.equal(Object.keys(ansible).sort());
  });
  for (const [name, template] of Object.entries(play.vars)) {
    it(`${name}: ${String(template)}`, () => {
      expect(renderValue(template, {})).to.deep.equal(ansible[name]);
    });
  }
});
