// Jinja and Ansible tests: `x is <test>`.
import { expect } from 'chai';
import { evaluateExpression } from '../../../src/engine/templating/index.js';

const vars = {
  ok: { changed: false, failed: false, rc: 0 },
  bad: { changed: true, failed: true, rc: 1 },
  skip: { changed: false, skipped: true },
  n: 3,
  s: 'web01.example',
  l: [1, 2],
  d: { a: 1 },
  nothing: null,
};
const ev = (expr: string): unknown => evaluateExpression(expr, vars);

describe('templating: tests', () => {
  it('defined, undefined, none', () => {
    expect(ev('n is defined')).to.equal(true);
    expect(ev('zzz is undefined')).to.equal(true);
    expect(ev('nothing is none')).to.equal(true);
    expect(ev('n is none')).to.equal(false);
    expect(ev('nothing is not none')).to.equal(false);
  });
  it('types: string, number, mapping, sequence, iterable, boolean', () => {
    expect(ev('s is string')).to.equal(true);
    expect(ev('n is string')).to.equal(false);
    expect(ev('n is number')).to.equal(true);
    expect(ev("'3' is number")).to.equal(false);
    expect(ev('d is mapping')).to.equal(true);
    expect(ev('l is mapping')).to.equal(false);
    expect(ev('l is sequence')).to.equal(true);
    expect(ev('s is sequence')).to.equal(true);
    expect(ev('n is sequence')).to.equal(false);
    expect(ev('d is iterable')).to.equal(true);
    expect(ev('n is iterable')).to.equal(false);
    expect(ev('true is boolean')).to.equal(true);
    expect(ev('n is integer')).to.equal(true);
    expect(ev('1.5 is float')).to.equal(true);
  });
  it('match anchors at the start, search anywhere', () => {
    expect(ev("s is match('web')")).to.equal(true);
    expect(ev("s is match('example')")).to.equal(false);
    expect(ev("s is search('example')")).to.equal(true);
    expect(ev("s is search('^EXAMPLE', ignorecase=true)")).to.equal(false);
    expect(ev("'WEB' is match('web', ignorecase=true)")).to.equal(true);
    expect(ev("s is regex('\\\\d+')")).to.equal(true);
  });
  it('succeeded, failed, changed, skipped read a registered result', () => {
    expect(ev('ok is succeeded')).to.equal(true);
    expect(ev('ok is success')).to.equal(true);
    expect(ev('ok is failed')).to.equal(false);
    expect(ev('bad is failed')).to.equal(true);
    expect(ev('bad is changed')).to.equal(true);
    expect(ev('ok is not changed')).to.equal(true);
    expect(ev('skip is skipped')).to.equal(true);
    expect(ev('ok is skipped')).to.equal(false);
    expect(() => ev('n is failed')).to.throw(/registered result/);
  });
  it('comparison tests, in, contains', () => {
    expect(ev('n is equalto(3)')).to.equal(true);
    expect(ev('n is eq(3)')).to.equal(true);
    expect(ev('n is gt(2)')).to.equal(true);
    expect(ev('n is lt(2)')).to.equal(false);
    expect(ev('2 is in(l)')).to.equal(true);
    expect(ev('l is contains(2)')).to.equal(true);
    expect(ev('n is divisibleby(3)')).to.equal(true);
    expect(ev('n is odd')).to.equal(true);
    expect(ev('n is even')).to.equal(false);
    expect(ev('[1] is subset(l)')).to.equal(true);
    expect(ev('l is superset([2])')).to.equal(true);
    expect(ev('d is sameas(d)')).to.equal(true);
  });
  it('in / not in operators', () => {
    expect(ev('1 in l')).to.equal(true);
    expect(ev('5 not in l')).to.equal(true);
    expect(ev("'a' in d")).to.equal(true);
    expect(ev("'web' in s")).to.equal(true);
    expect(() => ev('1 in nothing')).to.throw(/not iterable/);
  });
  it('version', () => {
    expect(ev("'2.10.1' is version('2.9', '>')")).to.equal(true);
    expect(ev("'22.04' is version('20.04', 'ge')")).to.equal(true);
    expect(ev("'1.0' is version('1.0.0', '==')")).to.equal(true);
    expect(ev("'1.2' is version('1.10', operator='lt')")).to.equal(true);
  });
  it('truthy, falsy, true, false', () => {
    expect(ev('[] is falsy')).to.equal(true);
    expect(ev('l is truthy')).to.equal(true);
    expect(ev('true is true')).to.equal(true);
    expect(ev('1 is true')).to.equal(false);
  });
  it('ip, ipv4, ipv6', () => {
    expect(ev("'10.0.0.1' is ipv4")).to.equal(true);
    expect(ev("'fe80::1' is ipv6")).to.equal(true);
    expect(ev("'x' is ip")).to.equal(false);
  });
  it('an unknown test is an error naming it', () => {
    expect(() => ev('n is frobnicated')).to.throw(/no test named 'frobnicated'/);
  });
  it('path tests on the controller and task-state tests, as ansible-core 2.14 answers them', () => {
    const expr =
      "['/etc' is directory, '/etc/hostname' is file, '/etc' is exists, 'etc' is abs, '/nonexist' is exists, '/' is mount, '/etc/hostname' is link, " +
      "'/etc/../etc' is same_file('/etc'), {'finished': 1} is finished, {} is finished, {'started': 1} is started, {'unreachable': true} is unreachable, " +
      "{} is reachable, '/etc' is is_dir]";
    expect(ev(expr)).to.deep.equal([true, true, true, false, false, true, false, true, true, true, true, true, true, true]);
  });
});
