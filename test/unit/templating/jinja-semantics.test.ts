// Jinja's and Ansible's semantics where nunjucks differs: the examples of issue 12, each
// compared with ansible-core 2.14 (`ansible localhost -m debug -a 'msg={{ ... }}'`); the
// expected values are what Ansible printed.
import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProject } from '../../../src/engine/load-project.js';
import { evaluateExpression, renderTemplateText, renderValue } from '../../../src/engine/templating/index.js';
import { removeDir, scratchDir } from '../../helpers/scratch.js';

const vars = { users: [{ name: 'bob' }, { name: 'al' }], base: { a: { x: 1 }, l: [1] }, extra: { a: { y: 2 }, l: [2] } };
const render = (text: string): unknown => renderValue(text, vars);

describe('templating: Jinja semantics (issue 12)', () => {
  it('keyword arguments of filters are not variables for the pre-run check', () => {
    const dir = scratchDir('lvsplay-kwargs-');
    try {
      writeFileSync(join(dir, 'hosts.ini'), 'h1 ansible_connection=local\n');
      const templates = [
        "{{ users | map(attribute='name') | list }}",
        '{{ 100 | random(seed=inventory_hostname) }}',
        '{{ base | combine(extra, recursive=True) }}',
        "{{ users | sort(attribute='name') }}",
        "{{ users | join(',', attribute='name') }}",
      ];
      const tasks = templates.map((t) => `    - debug:\n        msg: "${t}"\n`).join('');
      writeFileSync(join(dir, 'play.yaml'), `- hosts: all\n  gather_facts: false\n  vars:\n    users: []\n    base: {}\n    extra: {}\n  tasks:\n${tasks}`);
      expect(() =>
        loadProject({ playbookFile: join(dir, 'play.yaml'), inventorySources: [join(dir, 'hosts.ini')], extraVars: [], rolesPath: [] }),
      ).not.to.throw();
    } finally {
      removeDir(dir);
    }
  });

  it('keyword arguments reach filters', () => {
    expect(render("{{ users | map(attribute='name') | list }}")).to.deep.equal(['bob', 'al']);
    expect(render("{{ users | sort(attribute='name') | map(attribute='name') | join(',') }}")).to.equal('al,bob');
    expect(render("{{ users | join(',', attribute='name') }}")).to.equal('bob,al');
    expect(render("{{ base | combine(extra, recursive=True, list_merge='append') }}")).to.deep.equal({ a: { x: 1, y: 2 }, l: [1, 2] });
  });

  it('an index after a dot, as Jinja reads it: item.0, item.0.name, n.0.1', () => {
    const v = { item: [{ name: 'a' }, 'k'], n: [[1, 2]] };
    expect(renderValue('{{ item.0.name }} {{ item.1 }}', v)).to.equal('a k');
    expect(renderValue('{{ n.0.1 }}', v)).to.equal(2);
    expect(renderValue('{{ item.0.nope | default(3) }}', v)).to.equal(3);
  });

  it("float reads 'nan' and 'inf' as Python's float() does", () => {
    expect(render("{{ 'nan' | float is isnan }}")).to.equal(true);
    expect(render("{{ ('-Infinity' | float) < 0 and ('inf' | float) > 999999999999 }}")).to.equal(true);
  });

  it('slices and tuples', () => {
    expect(render("{{ 'Hello World'[0:5] }}")).to.equal('Hello');
    expect(render("{{ 'abcdef'[::2] }}")).to.equal('ace');
    expect(render('{{ [1, 2, 3][::-1] }}')).to.deep.equal([3, 2, 1]);
    expect(render('{{ [1, 2, 3][-2:] }}')).to.deep.equal([2, 3]);
    expect(render('{{ (1, 2) }}')).to.deep.equal([1, 2]);
    expect(render('{{ (1,) }}')).to.deep.equal([1]);
    expect(render('{{ (1) }}')).to.equal(1);
  });

  it("string literals in {{ }} of a task argument keep their backslashes: '\\d' stays \\d", () => {
    // Ansible doubles backslashes inside {{ }} before Jinja reads them (measured on ansible-core 2.14)
    expect(render("{{ 'a1b22' | regex_findall('\\d+') }}")).to.deep.equal(['1', '22']);
    expect(render('{{ "abc" | regex_replace("(b)", "<\\1>") }}')).to.equal('a<b>c');
    expect(render("{{ 'x\\qy' }}")).to.equal('x\\qy');
    expect(render("{{ 'a\\\\b' | length }}")).to.equal(4);
    expect(render("{{ 'tab\\there\\x41' }}")).to.equal('tab\\there\\x41');
    // the literal ends at the first quote, so an escaped quote is a syntax error, as in Ansible
    expect(() => render("{{ 'it\\'s' }}")).to.throw(/template syntax error/);
  });

  it("inside {% %}, in conditions and in template files, Python's string escapes apply", () => {
    expect(render("{% set s = 'tab\\there\\'s\\x41' %}{{ s }}")).to.equal("tab\there'sA");
    expect(render("{% if 'a\\nb' | length == 3 %}three{% endif %}")).to.equal('three');
    expect(evaluateExpression("'a\\\\b' | length == 3", {})).to.equal(true);
    expect(evaluateExpression("'x' is match('\\w')", {})).to.equal(true);
    expect(renderTemplateText("{{ 'a\\tb\\x41' }}", {}, 't.j2')).to.equal('a\tbA');
  });

  it('namespace() and the loop object', () => {
    const ns = '{% set ns = namespace(total=0) %}{% for n in [1, 2, 3] %}{% set ns.total = ns.total + n %}{% endfor %}{{ ns.total }}';
    expect(renderTemplateText(ns, {}, 't.j2')).to.equal('6');
    const loop =
      "{% for x in 'abc' %}{{ loop.index }}{{ loop.index0 }}{{ loop.revindex }}{{ loop.first }}{{ loop.last }}{{ loop.length }}{{ loop.cycle('o', 'e') }};{% endfor %}";
    expect(renderTemplateText(loop, {}, 't.j2')).to.equal('103TrueFalse3o;212FalseFalse3e;321FalseTrue3o;');
    expect(() => renderTemplateText('{% set d = {} %}{% set d.x = 1 %}', {}, 't.j2')).to.throw(/non-namespace/);
  });

  it('is, is not, in, not in, ~, whitespace control and raw', () => {
    expect(render('{{ 1 is not string and 2 not in [1] and 1 in [1] }}')).to.equal(true);
    expect(render("{{ 'v' ~ 1 ~ none }}")).to.equal('v1None');
    expect(renderTemplateText('a\n{%- if true -%}\n  b\n{%- endif %}', {}, 't.j2')).to.equal('ab');
    expect(renderTemplateText('{% raw %}{{ x }}{% endraw %}', {}, 't.j2')).to.equal('{{ x }}');
  });

  it('random renders a number, and with a seed the number Python (and Ansible) draws', () => {
    const n = render('{{ 100 | random }}');
    expect(n).to.be.a('number').within(0, 99);
    expect(render("{{ 100 | random(seed='web1') }}")).to.equal(41);
    expect(render('{{ 100 | random(seed=42) }}')).to.equal(81);
    expect(render("{{ [1, 2, 3, 4, 5] | random(seed='x') }}")).to.equal(3);
    expect(render("{{ 1000 | random(start=10, step=5, seed='abc') }}")).to.equal(995);
    expect(render("{{ 'abc' | random(seed=7) }}")).to.equal('b');
    expect(render('{{ 1099511627776 | random(seed=1) }}')).to.equal(140719340484);
    expect(() => render('{{ {} | random }}')).to.throw(/sequences and integers/);
  });

  it('password_hash gives what Ansible gives for a salt', function () {
    // about 1.2 million hash rounds (Ansible's defaults): 5 s of CPU, far more on a loaded machine
    this.timeout(120_000);
    expect(render("{{ 'secret' | password_hash('sha512', 'mysalt', rounds=5000) }}")).to.equal(
      '$6$mysalt$UX6P1VKOf6dr0s2pg4pLNvIUB6hLXvP6M5f/Yj9hJgMPdAJ4oArvk5YUD9/XWtk1JOpVwt/JTsczMJr8sFVML1',
    );
    expect(render("{{ 'secret' | password_hash('sha256', 'mysalt') }}")).to.equal('$5$rounds=535000$mysalt$GnEktJhWXRuwViyPsEWK9s63HYW1GqXFqU5SdKDqol6');
    expect(render("{{ 'secret' | password_hash('sha512') }}")).to.match(/^\$6\$rounds=656000\$[./0-9A-Za-z]{16}\$[./0-9A-Za-z]{86}$/);
  });
});
