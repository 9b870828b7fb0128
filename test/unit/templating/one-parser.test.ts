// One parser: the pre-run check of undefined variables (names.ts) never refuses what the
// evaluator accepts. For every template of a table here and of the conformance corpus (when it
// is beside the clone), find variables with which the evaluator accepts it; the check must
// then require no other variable.
import { expect } from 'chai';
import { UndefinedVariableError } from '../../../src/errors.js';
import { evaluateExpression, renderTemplateText, renderValue } from '../../../src/engine/templating/index.js';
import { namesInExpression, namesInTemplate } from '../../../src/engine/templating/names.js';
import { acceptingVars, conformanceTargets, corpusTemplates, type CorpusTemplate, type Evaluation } from '../../helpers/template-corpus.js';

function evaluate(template: CorpusTemplate, vars: Record<string, unknown>): Evaluation {
  try {
    if (template.kind === 'expression') return { ok: true, value: evaluateExpression(template.source, vars) };
    if (template.file.endsWith('.j2')) return { ok: true, value: renderTemplateText(template.source, vars, template.file) };
    return { ok: true, value: renderValue(template.source, vars) };
  } catch (err) {
    if (err instanceof UndefinedVariableError) return { ok: false, undefinedName: err.variable, message: err.message };
    return { ok: false, message: (err as Error).message };
  }
}

function required(template: CorpusTemplate): string[] {
  return [...(template.kind === 'expression' ? namesInExpression(template.source) : namesInTemplate(template.source)).read];
}

/** The templates the evaluator accepts with some variables, and what the check wrongly required of them. */
function disagreements(templates: CorpusTemplate[]): { accepted: number; wrong: string[] } {
  let accepted = 0;
  const wrong: string[] = [];
  for (const t of templates) {
    const vars = acceptingVars(t, evaluate);
    if (!vars) continue;
    accepted++;
    const extra = required(t).filter((name) => !(name in vars));
    if (extra.length > 0) wrong.push(`${t.file}: ${JSON.stringify(t.source)} requires ${extra.join(', ')}`);
  }
  return { accepted, wrong };
}

const TABLE: string[] = [
  "{{ users | map(attribute='name') | list }}",
  '{{ 100 | random(seed=inventory_hostname) }}',
  "{{ base | combine(extra, recursive=True, list_merge='append') }}",
  "{{ users | sort(attribute='name') | map(attribute='name') | join(',') }}",
  "{{ users | join(',', attribute='name') }}",
  '{{ a if cond else b }}',
  '{{ flag and other }}',
  '{{ flag or other }}',
  '{% for u in users %}{{ u.name }}{{ outer }}{% endfor %}',
  '{% if flag %}{{ inside }}{% else %}{{ other }}{% endif %}',
  '{% set ns = namespace(total=0) %}{% for n in numbers %}{% set ns.total = ns.total + n %}{% endfor %}{{ ns.total }}',
  "{{ 'Hello World'[0:5] }}{{ text[start:] }}{{ (1, 2) }}{{ ('a',) }}",
  "{% macro greet(who, greeting='hi') %}{{ greeting }} {{ who }}{{ later }}{% endmacro %}{{ greet(name, greeting='yo') }}",
  "{{ missing | default('x') }}{{ maybe is defined }}",
  "{{ {'k': value} }}{{ {key: 1} }}",
  "{{ lookup('env', 'HOME') }}{{ query('items', things) }}{{ range(3) | list }}",
  '{{ q }}',
];

describe('templating: one parser for the evaluator and the pre-run check', () => {
  it('the table: the check requires only what the evaluator needed', () => {
    const { accepted, wrong } = disagreements(TABLE.map((source) => ({ file: 'table', kind: 'text', source })));
    expect(wrong).to.deep.equal([]);
    expect(accepted).to.equal(TABLE.length);
  });

  it('the check still requires what every path reads', () => {
    expect([...namesInTemplate("{{ users | map(attribute='name') | list }}").read]).to.deep.equal(['users']);
    expect([...namesInTemplate('{{ a if cond else b }}').read]).to.deep.equal(['cond']);
    expect([...namesInExpression('port | int + offset').read]).to.deep.equal(['port', 'offset']);
    expect([...namesInTemplate('{{ s[a:b] }}{{ (p, r) }}').read]).to.deep.equal(['s', 'a', 'b', 'p', 'r']);
  });

  const targets = conformanceTargets();
  (targets ? it : it.skip)('every template of the conformance corpus', function () {
    this.timeout(120_000);
    const templates = corpusTemplates(targets!);
    const distinct = [...new Map(templates.map((t) => [`${t.kind}${t.file.endsWith('.j2')}${t.source}`, t])).values()];
    const { accepted, wrong } = disagreements(distinct);
    console.log(
      `      corpus: ${templates.length} templates (${distinct.length} distinct), ${accepted} distinct accepted by the evaluator with some variables, ${wrong.length} of them refused by the check`,
    );
    expect(wrong).to.deep.equal([]);
  });
});
