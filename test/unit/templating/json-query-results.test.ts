// Oracle: json_query over the same data gives what ansible-core 2.14's json_query (Python's
// jmespath 1.0.1) gives. The queries are the q_ variables of
// test/fixtures/templating/json-query-results.yml, their data the play's other variables;
// Ansible's values are recorded in json-query-results.ansible.json (see the YAML's header).
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateExpression, renderValue } from '../../../src/engine/templating/index.js';
import { loadYamlFile } from '../../../src/engine/yaml-source.js';

const DIR = join(process.cwd(), 'test/fixtures/templating');
const play = (loadYamlFile(join(DIR, 'json-query-results.yml')) as { vars: Record<string, unknown> }[])[0]!;
const ansible = JSON.parse(readFileSync(join(DIR, 'json-query-results.ansible.json'), 'utf8')) as Record<string, unknown>;
const queries = Object.entries(play.vars).filter(([name]) => name.startsWith('q_'));
const data = Object.fromEntries(Object.entries(play.vars).filter(([name]) => !name.startsWith('q_')));

/**
 * The recording is of variables, which Ansible 2.14 templates to text unless the text reads as
 * a list, a dict or a boolean; lvsplay keeps a lone expression's value (templating/index.ts).
 * So a number is compared as the text Ansible writes, None as the '' it writes.
 */
function asAnsibleVariable(value: unknown): unknown {
  if (typeof value === 'number') return String(value);
  return value === null ? '' : value;
}

describe('templating: json_query, as ansible-core 2.14 with community.general runs it', () => {
  it('the fixture and the recording name the same queries', () => {
    expect(queries.map(([name]) => name).sort()).to.deep.equal(Object.keys(ansible).sort());
  });
  for (const [name, template] of queries) {
    it(`${name}: ${String(template)}`, () => {
      expect(asAnsibleVariable(renderValue(template, data))).to.deep.equal(ansible[name]);
    });
  }
  it('a lone query keeps its value: a number stays a number, no match is None', () => {
    expect(renderValue("{{ d | json_query('length(a)') }}", { d: { a: [1, 2] } })).to.equal(2);
    expect(renderValue("{{ d | json_query('b') }}", { d: { a: 1 } })).to.equal(null);
  });

  // messages measured on ansible-core 2.14 (the filter's prefix, then Python jmespath's words)
  it("refuses what Python jmespath refuses, with the filter plugin's prefix", () => {
    const query = (expression: string, value: unknown = { a: [1] }): unknown =>
      evaluateExpression(`v | json_query(${JSON.stringify(expression)})`, { v: value });
    expect(() => query('a[')).to.throw(/JMESPathError in json_query filter plugin:\sInvalid jmespath expression/);
    expect(() => query('items(@)')).to.throw(/JMESPathError in json_query filter plugin:\sUnknown function: items\(\)/);
    expect(() => query('length(`1`)')).to.throw(/JMESPathError in json_query filter plugin:\s.*length\(\)/);
    expect(() => query('a + a')).to.throw(/JMESPathError in json_query filter plugin:\sarithmetic/);
    expect(() => query('$.a')).to.throw(/JMESPathError in json_query filter plugin/);
    expect(() => query('let $x = a in $x')).to.throw(/JMESPathError in json_query filter plugin/);
    expect(() => query('[?a < `1`]', [{ a: 'x' }])).to.throw(
      /Error in jmespath.search in json_query filter plugin:\s'<' not supported between instances of 'str' and 'int'/,
    );
  });
  it('answers to json_query, community.general.json_query and ansible.builtin.json_query', () => {
    for (const name of ['json_query', 'community.general.json_query', 'ansible.builtin.json_query'])
      expect(evaluateExpression(`v | ${name}('a[0]')`, { v: { a: [7] } })).to.equal(7);
  });
});
