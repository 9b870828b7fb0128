// Pure pieces of the run loop: tag selection, serial batches, --start-at-task, argument
// parsing, diff text, "did you mean".
import { expect } from 'chai';
import { selectedByTags } from '../../../src/engine/run/select-tasks.js';
import { serialBatches } from '../../../src/engine/run/serial.js';
import { parseArgs } from '../../../src/cli/args.js';
import { unifiedDiff } from '../../../src/cli/report/diff-text.js';
import { closest } from '../../../src/engine/playbook/keywords.js';
import { UserInputError } from '../../../src/errors.js';
import { mapWithLimit } from '../../../src/util/limit.js';

describe('tag selection (Ansible rules)', () => {
  const cases: Array<[string[], string[], string[], boolean]> = [
    [[], [], [], true],
    [['a'], ['a'], [], true],
    [['a'], ['b'], [], false],
    [['always'], ['b'], [], true],
    [['always'], [], ['always'], false],
    [['never'], [], [], false],
    [['never', 'debug'], ['debug'], [], true],
    [[], ['untagged'], [], true],
    [['x'], ['tagged'], [], true],
    [['x'], [], ['x'], false],
    [['x', 'y'], ['all'], ['y'], false],
  ];
  for (const [taskTags, tags, skip, expected] of cases) {
    it(`task [${taskTags.join(',')}] with --tags [${tags.join(',')}] --skip-tags [${skip.join(',')}] -> ${expected}`, () => {
      expect(selectedByTags(taskTags, tags, skip)).to.equal(expected);
    });
  }
});

describe('serial batches', () => {
  const hosts = ['a', 'b', 'c', 'd', 'e'];
  it('no serial: one batch', () => expect(serialBatches(hosts, [])).to.deep.equal([hosts]));
  it('a number', () => expect(serialBatches(hosts, [2])).to.deep.equal([['a', 'b'], ['c', 'd'], ['e']]));
  it('a percentage', () => expect(serialBatches(hosts, ['40%'])).to.deep.equal([['a', 'b'], ['c', 'd'], ['e']]));
  it('a list, the last size repeating', () => expect(serialBatches(hosts, [1, 3])).to.deep.equal([['a'], ['b', 'c', 'd'], ['e']]));
});

describe('command-line parsing', () => {
  const specs = [
    { name: 'check', short: 'C', kind: 'flag' as const, help: '' },
    { name: 'inventory', short: 'i', kind: 'list' as const, help: '' },
    { name: 'verbose', short: 'v', kind: 'count' as const, help: '' },
    { name: 'forks', short: 'f', kind: 'value' as const, help: '' },
  ];
  it('short, long, bundled and repeated options', () => {
    const a = parseArgs(['site.yaml', '-Cvv', '-i', 'a', '--inventory=b', '-f5', '-v'], specs, 'run');
    expect(a.positionals).to.deep.equal(['site.yaml']);
    expect(a.flags.get('check')).to.equal(true);
    expect(a.counts.get('verbose')).to.equal(3);
    expect(a.lists.get('inventory')).to.deep.equal(['a', 'b']);
    expect(a.values.get('forks')).to.equal('5');
  });
  it('an unknown option is a one-line user error', () => {
    expect(() => parseArgs(['--nope'], specs, 'run')).to.throw(UserInputError, /unknown option --nope/);
  });
  it('a missing value is an error', () => {
    expect(() => parseArgs(['--forks'], specs, 'run')).to.throw(UserInputError, /needs a value/);
  });
  it('a value may start with a dash; a value glued to a short option ends its group; -- ends the options', () => {
    const a = parseArgs(['-i', '-x', '-Civ', 'inv', '--', '--check'], specs, 'run');
    expect(a.lists.get('inventory')).to.deep.equal(['-x', 'v']);
    expect(a.positionals).to.deep.equal(['inv', '--check']);
  });
  it('an unknown option in a group, and a value given to a flag, are errors naming the option', () => {
    expect(() => parseArgs(['-Cz'], specs, 'run')).to.throw("lvsplay run: unknown option -z (expected see 'lvsplay run --help')");
    expect(() => parseArgs(['--check=yes'], specs, 'run')).to.throw('lvsplay run: option --check takes no value');
  });
});

describe('diff text', () => {
  it('shows removed and added lines with context', () => {
    const text = unifiedDiff({ label: 'f', before: 'a\nb\nc\n', after: 'a\nB\nc\n' });
    expect(text.split('\n')).to.deep.equal(['--- before: f', '+++ after: f', '@@', ' a', '-b', '+B', ' c']);
  });
  it('a new file is all additions', () => {
    expect(unifiedDiff({ label: 'f', before: '', after: 'x\n' })).to.include('+x');
  });
});

describe('did you mean', () => {
  it('finds a close keyword', () => expect(closest('notifyy', ['notify', 'register'])).to.equal('notify'));
  it('says nothing for a far word', () => expect(closest('zzzzzz', ['notify', 'register'])).to.equal(undefined));
});

describe('forks limit', () => {
  it('never runs more than the limit at once and keeps order', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapWithLimit([1, 2, 3, 4, 5, 6], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return n * 10;
    });
    expect(out).to.deep.equal([10, 20, 30, 40, 50, 60]);
    expect(peak).to.equal(2);
  });
});
