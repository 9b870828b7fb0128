// The small pure helpers the modules share.
import { expect } from 'chai';
import { applySymbolicMode, normaliseMode } from '../../../src/modules/lib/managed-file.js';
import { pythonRegExp } from '../../../src/modules/lib/python-regexp.js';
import { editLines } from '../../../src/modules/lib/line-edit.js';
import { extractInlineOptions } from '../../../src/modules/lib/free-form.js';
import { editSysctlFile } from '../../../src/modules/builtin/sysctl.js';

describe('module helpers', () => {
  it('normaliseMode: YAML 1.1 int, text, symbolic; refuses the rest', () => {
    expect(normaliseMode(420)).to.equal('0644');
    expect(normaliseMode('755')).to.equal('0755');
    expect(normaliseMode('u=rw,g=r')).to.equal('u=rw,g=r');
    expect(() => normaliseMode('rw-r--r--')).to.throw('invalid mode');
  });

  it('applySymbolicMode follows chmod', () => {
    expect(applySymbolicMode(0o755, 'u=rw,g=r,o=', false).toString(8)).to.equal('640');
    expect(applySymbolicMode(0o644, 'a+X', false).toString(8)).to.equal('644');
    expect(applySymbolicMode(0o744, 'a+X', false).toString(8)).to.equal('755');
    expect(applySymbolicMode(0o700, 'go+X', true).toString(8)).to.equal('711');
    expect(applySymbolicMode(0o644, 'u+s,o-r', false).toString(8)).to.equal('4640');
    expect(applySymbolicMode(0o2755, 'g=rx', true).toString(8)).to.equal('2755');
  });

  it('pythonRegExp: named groups, inline flags, \\A \\Z; bad patterns fail with the pattern named', () => {
    expect(pythonRegExp('(?P<k>\\w+)=(?P=k)').exec('a=a')?.groups?.k).to.equal('a');
    expect(pythonRegExp('(?i)^port').test('Port 22')).to.equal(true);
    expect(pythonRegExp('\\Aab\\Z').test('ab')).to.equal(true);
    expect(() => pythonRegExp('(', 'regexp')).to.throw("bad regexp '('");
  });

  it('editLines: Ansible rules around BOF, insertbefore and duplicates', () => {
    expect(editLines('a\nb\n', { state: 'present', line: 'x', insertAfter: 'BOF' }).content).to.equal('x\na\nb\n');
    expect(editLines('a\nb\nb\n', { state: 'present', line: 'x', insertBefore: '^b' }).content).to.equal('a\nb\nx\nb\n');
    expect(editLines('a\nb\nb\n', { state: 'present', line: 'x', insertBefore: '^b', firstMatch: true }).content).to.equal('a\nx\nb\nb\n');
    expect(editLines('x=1\nx=2\n', { state: 'present', line: 'x=3', regexp: '^x=' }).content).to.equal('x=1\nx=3\n');
    expect(editLines('', { state: 'present', line: 'only' }).content).to.equal('only\n');
    expect(editLines('a', { state: 'present', line: 'b' }).content).to.equal('a\nb\n');
    expect(editLines('keep\n', { state: 'absent', line: 'gone' })).to.deep.equal({ content: 'keep\n', changed: false, msg: '', found: 0 });
  });

  // Measured with ansible-playbook 2.14 (shell's result `cmd`).
  it('extractInlineOptions: option words anywhere unless quoted, with the spacing after them', () => {
    expect(extractInlineOptions('echo chdir=/tmp hi; pwd')).to.deep.equal({ text: 'echo hi; pwd', options: { chdir: '/tmp' } });
    expect(extractInlineOptions("echo a 'creates=/x' b")).to.deep.equal({ text: "echo a 'creates=/x' b", options: {} });
    expect(extractInlineOptions('chdir=/tmp echo a creates=/nonexist\n')).to.deep.equal({ text: 'echo a', options: { chdir: '/tmp', creates: '/nonexist' } });
    expect(extractInlineOptions('echo a\nchdir=/tmp\n')).to.deep.equal({ text: 'echo a\n', options: { chdir: '/tmp' } });
    expect(extractInlineOptions('executable="/bin/bash"\ncreates=/x\necho "test"\n')).to.deep.equal({
      text: 'echo "test"\n',
      options: { executable: '/bin/bash', creates: '/x' },
    });
  });

  it('extractInlineOptions: leading blanks go, the rest keeps its spacing; continuation lines join outside quotes', () => {
    expect(extractInlineOptions(' echo  a\tb  ').text).to.equal('echo  a\tb  ');
    expect(extractInlineOptions('echo a\n\n').text).to.equal('echo a\n\n');
    expect(extractInlineOptions('echo this is a \\\n"multi line" \\\n| cat\n').text).to.equal('echo this is a "multi line" | cat\n');
    expect(extractInlineOptions("echo 'x \\\n y'").text).to.equal("echo 'x \\\n y'");
  });

  it('extractInlineOptions: only known keys, quotes kept in the rest', () => {
    expect(extractInlineOptions('chdir=/srv creates="/a b" make install')).to.deep.equal({ text: 'make install', options: { chdir: '/srv', creates: '/a b' } });
    expect(extractInlineOptions("echo 'x=1' removes=/tmp/x")).to.deep.equal({ text: "echo 'x=1'", options: { removes: '/tmp/x' } });
    expect(extractInlineOptions('FOO=1 ./run')).to.deep.equal({ text: 'FOO=1 ./run', options: {} });
  });

  it('editSysctlFile: keeps comments, other keys, and a line that already has the value', () => {
    const text = '# net.ipv4.ip_forward=0\nkernel.x = 1\n-net.ipv4.ip_forward = 1\n';
    expect(editSysctlFile(text, 'net.ipv4.ip_forward', '1')).to.equal(text);
    expect(editSysctlFile(text, 'net.ipv4.ip_forward', '0')).to.equal('# net.ipv4.ip_forward=0\nkernel.x = 1\nnet.ipv4.ip_forward=0\n');
    expect(editSysctlFile(text, 'net.ipv4.ip_forward', undefined)).to.equal('# net.ipv4.ip_forward=0\nkernel.x = 1\n');
  });
});
