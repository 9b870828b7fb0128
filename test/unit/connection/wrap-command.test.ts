// Command wrapping, the one place for cwd, env and become, and the sudo password conversation
// (StdinFeeder) that keeps the password out of command lines and out of the command's stdin.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { StdinFeeder, wrapCommand, type StdinSink } from '../../../src/connection/wrap-command.js';

function runSh(command: string): { out: string; status: number } {
  try {
    return { out: execFileSync('/bin/sh', ['-c', command], { stdio: 'pipe' }).toString(), status: 0 };
  } catch (err) {
    return { out: '', status: (err as { status: number }).status };
  }
}

class RecordingSink implements StdinSink {
  written: string[] = [];
  ended = false;
  write(data: Buffer): void {
    this.written.push(data.toString());
  }
  end(data?: Buffer): void {
    if (data && data.length > 0) this.written.push(data.toString());
    this.ended = true;
  }
}

describe('wrapCommand', () => {
  it('a missing cwd fails the command instead of running it elsewhere', () => {
    expect(runSh(wrapCommand('pwd', { cwd: '/nonexistent dir' }).command)).to.deep.equal({ out: '', status: 1 });
    expect(runSh(wrapCommand('pwd', { cwd: '/tmp' }).command).out).to.equal('/tmp\n');
  });
  it('environment values are quoted; bad names refused', () => {
    const w = wrapCommand('printf %s "$X"', { env: { X: "a'b $(id) `x`" } });
    expect(runSh(w.command).out).to.equal("a'b $(id) `x`");
    expect(() => wrapCommand('true', { env: { 'A;B': '1' } })).to.throw(/invalid environment variable name/);
  });
  it('stdin passes through untouched without become', () => {
    expect(wrapCommand('cat', { stdin: 'data' })).to.deep.equal({ command: 'cat', stdin: Buffer.from('data') });
  });
  it('without a password sudo never waits for one', () => {
    const w = wrapCommand('id', { become: { user: 'postgres' }, stdin: 'x' });
    expect(w.command).to.match(/^sudo -n -H -u postgres -- \/bin\/sh -c /);
    expect(w.sudo).to.equal(undefined);
    expect(w.stdin?.toString()).to.equal('x');
  });
  it('the sudo password is in neither the command line nor the stdin', () => {
    const w = wrapCommand('id', { become: { user: 'root', password: 'pw-xyz' }, stdin: 'data' });
    expect(w.command).to.not.include('pw-xyz');
    expect(w.stdin?.toString()).to.equal('data');
    expect(w.command).to.include('sudo -k -S -p ');
    expect(w.command).to.include(w.sudo!.prompt);
    expect(w.command).to.include(`echo ${w.sudo!.ready} >&2`);
    expect(w.sudo!.prompt).to.not.include('%'); // sudo expands % escapes in prompts
    expect(wrapCommand('id', { become: { user: 'root', password: 'p' } }).sudo!.prompt).to.not.equal(w.sudo!.prompt);
  });
  it('cwd and env apply as the become user, inside sudo', () => {
    const w = wrapCommand('pwd', { become: { user: 'root' }, cwd: '/srv', env: { A: '1' } });
    expect(w.command).to.equal(`sudo -n -H -u root -- /bin/sh -c 'cd -- /srv || exit 1; export A=1; pwd'`);
  });
});

describe('StdinFeeder', () => {
  const withPassword = (stdin?: string) => wrapCommand('cat', { become: { user: 'root', password: 'pw-xyz' }, ...(stdin === undefined ? {} : { stdin }) });

  it('without sudo: writes stdin and ends at once', () => {
    const sink = new RecordingSink();
    const f = new StdinFeeder(wrapCommand('cat', { stdin: 'abc' }), sink);
    expect(sink).to.deep.include({ written: ['abc'], ended: true });
    expect(f.cleanStderr('e')).to.equal('e');
  });
  it('answers the prompt with the password, then sends the content after the ready line', () => {
    const w = withPassword('content');
    const sink = new RecordingSink();
    const f = new StdinFeeder(w, sink);
    expect(sink.written).to.deep.equal([]);
    // prompt split across chunks
    f.onStderr(Buffer.from(w.sudo!.prompt.slice(0, 5)));
    expect(sink.written).to.deep.equal([]);
    f.onStderr(Buffer.from(w.sudo!.prompt.slice(5)));
    expect(sink.written).to.deep.equal(['pw-xyz\n']);
    expect(sink.ended).to.equal(false);
    f.onStderr(Buffer.from(`${w.sudo!.ready}\nwarning\n`));
    expect(sink).to.deep.include({ written: ['pw-xyz\n', 'content'], ended: true });
    expect(f.cleanStderr(`${w.sudo!.prompt}${w.sudo!.ready}\nwarning\n`)).to.equal('warning\n');
  });
  it('no prompt (NOPASSWD): the password is never written', () => {
    const w = withPassword('content');
    const sink = new RecordingSink();
    const f = new StdinFeeder(w, sink);
    f.onStderr(Buffer.from(`${w.sudo!.ready}\n`));
    expect(sink).to.deep.include({ written: ['content'], ended: true });
  });
  it('a second prompt means a wrong password: end-of-file, nothing more, a clear message', () => {
    const w = withPassword('secret content');
    const sink = new RecordingSink();
    const f = new StdinFeeder(w, sink);
    f.onStderr(Buffer.from(w.sudo!.prompt));
    f.onStderr(Buffer.from(`Sorry, try again.\n${w.sudo!.prompt}`));
    expect(sink).to.deep.include({ written: ['pw-xyz\n'], ended: true });
    expect(f.rejected).to.equal(true);
    const text = f.cleanStderr(`${w.sudo!.prompt}Sorry, try again.\n${w.sudo!.prompt}sudo: no password was provided\n`);
    expect(text).to.equal('Sorry, try again.\nsudo: no password was provided\nlvsplay: sudo rejected the become password (become user root)\n');
    expect(text).to.not.include('pw-xyz');
  });
  it("sudo's own prompt (passprompt_override) is answered too; the command's stderr is left alone", () => {
    const w = withPassword('c');
    const sink = new RecordingSink();
    const f = new StdinFeeder(w, sink);
    f.onStderr(Buffer.from('[sudo] password for deploy: '));
    expect(sink.written).to.deep.equal(['pw-xyz\n']);
    f.onStderr(Buffer.from(`${w.sudo!.ready}\n`));
    expect(sink.ended).to.equal(true);
    expect(f.cleanStderr(`[sudo] password for deploy: ${w.sudo!.ready}\nPassword: from the command\n`)).to.equal('Password: from the command\n');
  });
  it('sudo -n refusing adds a hint about -K', () => {
    const f = new StdinFeeder(wrapCommand('id', { become: { user: 'root' } }), new RecordingSink());
    expect(f.cleanStderr('sudo: a password is required\n')).to.include('-K');
  });
});
