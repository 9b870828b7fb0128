// expandingWord and globPattern run through real shells: the words expand as Ansible's command
// module expands its arguments (measured with ansible-playbook 2.14: `command: echo $PATH ~
// ${HOME} '$HOME' $NOPE ~root/x a~` prints the PATH, /root four times, $NOPE, /root/x, a~).
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandingWord, globPattern } from '../../../src/util/shell.js';

const SHELLS = ['sh', 'dash', 'bash'].filter((s) => {
  try {
    execFileSync(s, ['-c', 'true']);
    return true;
  } catch {
    return false;
  }
});

/** The words as the shell passes them to a program, one a line. */
function wordsThrough(shell: string, line: string, env: Record<string, string>): string[] {
  const out = execFileSync(shell, ['-c', `printf '%s\\n' ${line}`], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, encoding: 'utf8' });
  return out.split('\n').slice(0, -1);
}

describe('expandingWord: $VARS and ~ as Python expandvars/expanduser, nothing else', () => {
  for (const shell of SHELLS) {
    it(`through ${shell}`, () => {
      const words = ['$A', '${A}/x y', '$NOPE', '${NOPE}', 'a$A$A', '~', '~/d', 'a~', '$(id)', '*', "it's", '$1x', '${a b}', '', '"$A"'];
      const env = { A: 'v w', HOME: '/home/h' };
      expect(wordsThrough(shell, words.map(expandingWord).join(' '), env)).to.deep.equal([
        'v w',
        'v w/x y',
        '$NOPE',
        '${NOPE}',
        'av wv w',
        '/home/h',
        '/home/h/d',
        'a~',
        '$(id)',
        '*',
        "it's",
        '$1x',
        '${a b}',
        '',
        '"v w"',
      ]);
    });
  }
});

describe('globPattern: wildcards bare, the rest quoted', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'lvsplay-glob-'));
    for (const f of ['a.done', 'b.done', 'c.txt', '$x.done', 'q 1']) writeFileSync(join(dir, f), '');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  it('matches as Python glob does', () => {
    const glob = (p: string): string[] => wordsThrough('sh', globPattern(`${dir}/${p}`), {}).map((f) => f.slice(dir.length + 1));
    expect(glob('*.done')).to.deep.equal(['$x.done', 'a.done', 'b.done']);
    expect(glob('[ab].done')).to.deep.equal(['a.done', 'b.done']);
    expect(glob('q ?')).to.deep.equal(['q 1']);
    expect(glob('$x.*')).to.deep.equal(['$x.done']);
  });
});
