// when:, changed_when:, failed_when:, until: strings, booleans, or lists meaning AND.
import { expect } from 'chai';
import { evaluateCondition } from '../../../src/engine/templating/index.js';

const vars = { n: 0, s: '', l: [], d: {}, yes: 'x', r: { rc: 1, stdout: 'ok', changed: true, failed: false }, flag: 'False' };
const cond = (c: unknown): boolean => evaluateCondition(c, vars);

describe('templating: conditions', () => {
  it('booleans are taken as they are', () => {
    expect(cond(true)).to.equal(true);
    expect(cond(false)).to.equal(false);
  });
  it('Jinja truthiness: 0, empty string/list/dict and none are false', () => {
    for (const c of ['n', 's', 'l', 'd', 'none']) expect(cond(c), c).to.equal(false);
    expect(cond('yes')).to.equal(true);
  });
  it('a list means all of them', () => {
    expect(cond(['r.rc == 1', "'ok' in r.stdout"])).to.equal(true);
    expect(cond(['r.rc == 1', 'r.rc == 2'])).to.equal(false);
    expect(cond([])).to.equal(true);
  });
  it('reads registered results', () => {
    expect(cond('r is changed and r.rc != 0')).to.equal(true);
    expect(cond('r is failed')).to.equal(false);
  });
  it('an empty condition holds (as in Ansible)', () => {
    expect(cond('')).to.equal(true);
    expect(cond(null)).to.equal(true);
  });
  it('"{{ flag }}" rendering to the text False is false', () => {
    expect(cond('{{ flag }}')).to.equal(false);
    expect(cond('{{ r.rc == 1 }}')).to.equal(true);
  });
  it('the error names the context', () => {
    expect(() => evaluateCondition('missing == 1', vars, { context: "task 'x' 'when'" })).to.throw(/undefined variable 'missing' in task 'x' 'when'/);
  });
});
