// The conformance runner's readers: cases.txt lines, inventory tokens, the expectations file,
// and the verdict rules (exit status for 0/fail, exit class plus recap for any).
import { expect } from 'chai';
import { CasesFileError, expandInventoryTokens, parseCases } from '../../../test/conformance/cases.js';
import { parseExpectations, surpriseOf } from '../../../test/conformance/expectations.js';
import { judge, type RunOutcome } from '../../../test/conformance/verdict.js';

const HEADER = '# id | target | kind | entry | args | expect | env | pre\n\n';

describe('conformance: cases.txt', () => {
  it('reads the three kinds, env pairs and a pre field that contains a pipe', () => {
    const cases = parseCases(
      HEADER +
        'ping|ping|role||-i @INV|0||\n' +
        'copy|copy|role:compat_safe||-i @INV|0||\n' +
        "inc-12|include_import|play|test_copious.yml|-i inventory -e 'a=1'|any|ANSIBLE_ROLES_PATH=./roles X=y|ls | wc -l\n",
    );
    expect(cases.map((c) => c.id)).to.deep.equal(['ping', 'copy', 'inc-12']);
    expect(cases[0]!.kind).to.deep.equal({ type: 'role' });
    expect(cases[1]!.kind).to.deep.equal({ type: 'role-tasks', tasksFrom: 'compat_safe' });
    expect(cases[2]).to.include({
      target: 'include_import',
      entry: 'test_copious.yml',
      args: "-i inventory -e 'a=1'",
      expect: 'any',
      pre: 'ls | wc -l',
      line: 5,
    });
    expect(cases[2]!.env).to.deep.equal([
      ['ANSIBLE_ROLES_PATH', './roles'],
      ['X', 'y'],
    ]);
  });

  const bad: Array<[string, string]> = [
    ['a|t|role||-i @INV|0|', 'expected 8 fields'],
    ['a|t|role||-i @INV|maybe||', "expect must be 0, fail or any, not 'maybe'"],
    ['a|t|task||-i @INV|0||', "kind must be role, role:FILE or play, not 'task'"],
    ['a|t|play||-i @INV|0||', 'kind play needs an entry playbook'],
    ['a|t|role|x.yml|-i @INV|0||', 'kind role takes no entry'],
    ['a|t|play|x.yml||0|NOTPAIR|', "env word 'NOTPAIR' is not K=V"],
    ['a|t|play|x.yml||0||\na|t|play|y.yml||0||', "case id 'a' appears twice"],
  ];
  for (const [text, message] of bad) {
    it(`refuses with a located line: ${message}`, () => {
      expect(() => parseCases(text, 'cases.txt'))
        .to.throw(CasesFileError, /^cases\.txt:\d+: /)
        .with.property('message')
        .that.includes(message);
    });
  }

  it('expands @INV, @LOCAL and @HOSTS12 as whole tokens', () => {
    const paths = { inv: '/s/inventory', local: '/s/local', hosts12: '/s/h12' };
    expect(expandInventoryTokens('-i @INV -v', paths)).to.equal('-i /s/inventory -v');
    expect(expandInventoryTokens('-i @LOCAL --tags foo', paths)).to.equal('-i /s/local --tags foo');
    expect(expandInventoryTokens('--tags foo -vv -i @HOSTS12', paths)).to.equal('--tags foo -vv -i /s/h12');
    expect(expandInventoryTokens('-i inventory.handlers', paths)).to.equal('-i inventory.handlers');
  });
});

describe('conformance: expectations file', () => {
  it('reads id | reason lines and flags both surprises', () => {
    const list = parseExpectations('# known failures\nblocks-1 | meta clear_host_errors is not supported\n');
    expect(list.get('blocks-1')?.reason).to.equal('meta clear_host_errors is not supported');
    expect(surpriseOf(false, true)).to.equal('');
    expect(surpriseOf(true, false)).to.equal('');
    expect(surpriseOf(false, false)).to.equal('unexpected failure');
    expect(surpriseOf(true, true)).to.equal('unexpected pass');
  });
  it('needs a reason on every line', () => {
    expect(() => parseExpectations('blocks-1\n', 'x.txt')).to.throw("x.txt:1: 'blocks-1' needs a reason");
  });
});

describe('conformance: verdict', () => {
  const recap = { ok: 3, changed: 1, unreachable: 0, failed: 0, skipped: 2, rescued: 0, ignored: 0 };
  const ok: RunOutcome = { exit: 'ok', status: 0, recap, error: '' };
  const failed: RunOutcome = { exit: 'fail', status: 2, recap: { ...recap, failed: 1 }, error: 'failed: [h] => boom' };
  const crashed: RunOutcome = { exit: 'crash', status: 3, recap: null, error: 'This is a bug in lvsplay' };
  it('expect 0 and fail look at the exit status only; a crash never counts as the expected failure', () => {
    expect(judge('0', ok, undefined).pass).to.equal(true);
    expect(judge('0', failed, undefined)).to.deep.equal({ pass: false, why: 'failed: [h] => boom' });
    expect(judge('fail', failed, undefined).pass).to.equal(true);
    expect(judge('fail', ok, undefined).pass).to.equal(false);
    expect(judge('fail', crashed, undefined).pass).to.equal(false);
  });
  it('expect any compares the exit class and the recap totals with ansible-playbook', () => {
    expect(judge('any', ok, ok).pass).to.equal(true);
    expect(judge('any', ok, undefined).pass).to.equal(false);
    expect(judge('any', ok, failed).why).to.match(/^exit ok, ansible fail/);
    expect(judge('any', ok, { ...ok, recap: { ...recap, skipped: 3 } }).why)
      .to.include('skipped=2')
      .and.include('skipped=3');
  });
});
