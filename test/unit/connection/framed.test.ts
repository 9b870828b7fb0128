// The framing that puts several commands in one script: each command's stdout, stderr and exit
// code come back apart, whatever the output looks like, and a script that died part-way is not
// mistaken for success.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { framedScript, newFraming, splitFramed } from '../../../src/connection/framed.js';

function runScript(script: string): { stdout: string; stderr: string; exitCode: number; durationMs: number } {
  const r = spawnSync('/bin/sh', ['-c', script], { encoding: 'utf8', input: 'stdin that no command may read\n' });
  return { stdout: r.stdout, stderr: r.stderr, exitCode: r.status ?? 255, durationMs: 0 };
}

describe('framed commands', () => {
  it('splits stdout, stderr and exit code per command', () => {
    const f = newFraming();
    const commands = [
      "printf 'a\\n\\n'; printf ' e ' >&2; exit 3",
      'printf no-newline',
      'cd / && exit 0',
      'set -e; false; echo never',
      'cat; echo eof',
      'echo "$PWD"',
      '',
    ];
    const parts = splitFramed(f, commands.length, runScript(framedScript(f, commands)));
    expect(parts.map((p) => [p.stdout, p.stderr, p.exitCode])).to.deep.equal([
      ['a\n\n', ' e ', 3],
      ['no-newline', '', 0],
      ['', '', 0],
      ['', '', 1],
      ['eof\n', '', 0],
      [`${process.cwd()}\n`, '', 0],
      ['', '', 0],
    ]);
  });

  it('output that looks like a marker of another script is kept as output', () => {
    const f = newFraming();
    const fake = `@@lvsplay-end-0000000000000000-0 0`;
    const parts = splitFramed(f, 1, runScript(framedScript(f, [`printf '\\n${fake}\\n'`])));
    expect(parts[0]!.stdout).to.equal(`\n${fake}\n`);
  });

  it('a script that died part-way fails the commands it did not finish', () => {
    const f = newFraming();
    const whole = runScript(framedScript(f, ['echo one', 'echo two']).split('\n')[0]! + '\nexit 9\n');
    const parts = splitFramed(f, 2, whole);
    expect(parts[0]).to.deep.include({ stdout: 'one\n', exitCode: 0 });
    expect(parts[1]!.exitCode).to.equal(9);
  });
});
