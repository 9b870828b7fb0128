// The contract of the template engine seam (engine.ts): what index.ts and names.ts rely on.
// Another engine replaces nunjucks only if it passes this file.
import { expect } from 'chai';
import { templateEngine as engine } from '../../../src/engine/templating/engine.js';
import { TemplateFailure, TemplateSyntax, TemplateUndefined } from '../../../src/engine/templating/runtime.js';

const value = (text: string, vars: Record<string, unknown> = {}): unknown => engine.run(engine.compile(text, 'value', 'contract'), vars);
const text = (source: string, vars: Record<string, unknown> = {}): unknown => engine.run(engine.compile(source, 'text', 'contract.j2'), vars);

/** What `fn` threw, the innermost of its `cause` chain (the engine may wrap it). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    let e = err as { cause?: unknown };
    while (e.cause instanceof Error) e = e.cause;
    return e;
  }
  throw new Error('expected an error');
}

describe('templating: the engine contract', () => {
  it('one expression in value mode keeps its type; anything else is text', () => {
    expect(engine.compile('{{ x }}', 'value', 'c').expression).to.equal(true);
    expect(value('{{ x }}', { x: [1, { a: true }] })).to.deep.equal([1, { a: true }]);
    expect(value(' {{ 1 + 1 }} ')).to.equal(2);
    expect(value('{{ x }}\n', { x: 1 })).to.equal('1\n');
    expect(value('a{{ none }}b{{ true }}')).to.equal('abTrue');
    expect(text('{{ [1, 2] }}')).to.equal('[1, 2]');
  });

  it('reads variables from a lazy view without copying it', () => {
    const reads: string[] = [];
    const target: Record<string, unknown> = { a: 1, b: 2 };
    const vars = new Proxy(target, {
      get: (t, k) => {
        reads.push(String(k));
        return t[String(k)];
      },
    });
    expect(value('{{ a }}', vars)).to.equal(1);
    expect(reads).to.include('a').and.not.include('b');
  });

  it('a missing variable or attribute is TemplateUndefined with its path and position', () => {
    const err = thrown(() => value('{{ 1 }}\n  {{ foo.bar }}', { foo: {} })) as TemplateUndefined;
    expect(err).to.be.instanceOf(TemplateUndefined);
    expect(err.variable).to.equal('foo.bar');
    expect([err.line, err.col]).to.deep.equal([2, 9]);
    expect(value('{{ foo.bar is defined }}', { foo: {} })).to.equal(false);
  });

  it('a syntax error is TemplateSyntax with a 1-based line and column', () => {
    const err = thrown(() => engine.compile('ok\n{{ x | }}', 'text', 'c')) as TemplateSyntax;
    expect(err).to.be.instanceOf(TemplateSyntax);
    expect(err.line).to.equal(2);
    expect(thrown(() => engine.compile('{{ x | no_such_filter }}', 'text', 'c'))).to.be.instanceOf(TemplateSyntax);
  });

  it('a failing filter or operator is TemplateFailure', () => {
    expect(thrown(() => value("{{ 1 + 'a' }}"))).to.be.instanceOf(TemplateFailure);
  });

  it('parse gives the tree the evaluator runs; globals are known by name', () => {
    expect(engine.parse('{{ a[1:2] }}').typename).to.equal('Root');
    expect(thrown(() => engine.parse('{{ a[1:2:3:4] }}'))).to.be.instanceOf(TemplateSyntax);
    for (const name of ['lookup', 'query', 'q', 'range', 'namespace', 'dict']) expect(engine.isGlobalName(name), name).to.equal(true);
    expect(engine.isGlobalName('users')).to.equal(false);
  });
});
