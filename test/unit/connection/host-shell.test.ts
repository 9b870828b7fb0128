// The host's long-lived shell, driven here through a real local /bin/sh in place of the SSH
// channel (the same streams: data, stderr, write, close): reads and isolated changes share it,
// a change's stdin arrives byte for byte, what a change leaves running cannot garble a later
// command's output, and a shell without a folder for isolated output runs nothing.
import { expect } from 'chai';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientChannel } from 'ssh2';
import { HostShell } from '../../../src/connection/host-shell.js';

/** A local /bin/sh dressed as the SSH channel HostShell reads and writes. */
function localShell(env: NodeJS.ProcessEnv = process.env): { shell: HostShell; child: ChildProcessWithoutNullStreams } {
  const child = spawn('/bin/sh', [], { env });
  // an emitter of its own: the child's stdout is a socket whose own end() must stay its own
  const channel = Object.assign(new EventEmitter(), {
    setEncoding: (encoding: BufferEncoding) => child.stdout.setEncoding(encoding),
    stderr: child.stderr,
    write: (data: string) => child.stdin.write(data),
    end: () => child.stdin.end(),
    close: () => child.kill(),
  });
  child.stdout.on('data', (d: string) => channel.emit('data', d));
  child.stdout.on('close', () => channel.emit('close'));
  return { shell: new HostShell(channel as unknown as ClientChannel), child };
}

describe('the host shell', () => {
  let dir: string;
  let opened: ChildProcessWithoutNullStreams[];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lvsplay-host-shell-'));
    opened = [];
  });
  afterEach(() => {
    for (const child of opened) child.kill();
    rmSync(dir, { recursive: true, force: true });
  });
  const open = (env?: NodeJS.ProcessEnv): HostShell => {
    const { shell, child } = localShell(env);
    opened.push(child);
    return shell;
  };

  it('runs reads and isolated changes in turn, each with its own stdout, stderr and exit code', async () => {
    const shell = open();
    expect(await shell.run("printf 'a\\n'; printf e >&2; exit 3")).to.deep.include({ stdout: 'a\n', stderr: 'e', exitCode: 3 });
    expect(await shell.run(`echo x > ${dir}/f; printf done; echo warn >&2`, { isolated: true })).to.deep.include({
      stdout: 'done',
      stderr: 'warn\n',
      exitCode: 0,
    });
    expect(await shell.run(`cat ${dir}/f; exit 7`, { isolated: true })).to.deep.include({ stdout: 'x\n', stderr: '', exitCode: 7 });
    expect(await shell.run('cd / && echo "$PWD"')).to.deep.include({ stdout: '/\n', exitCode: 0 });
    expect((await shell.run('echo "$PWD"', { isolated: true })).stdout).to.equal(`${process.cwd()}\n`);
  });

  it("gives a change its stdin byte for byte, binary and with lines that look like the script's", async () => {
    const shell = open();
    const content = Buffer.concat([Buffer.from('line 1\n@@lvsplay-end-x-0-in\n\0\xff binary'), Buffer.alloc(300_000, 'z')]);
    const r = await shell.run(`cat > ${dir}/copy; wc -c < ${dir}/copy`, { isolated: true, stdin: content });
    expect(r.exitCode, r.stderr).to.equal(0);
    expect(readFileSync(join(dir, 'copy')).equals(content)).to.equal(true);
    expect(r.stdout.trim()).to.equal(String(content.length));
    // no stdin: the command reads end-of-file, never the shell's own script
    expect((await shell.run('cat; echo eof', { isolated: true })).stdout).to.equal('eof\n');
  });

  it('what a change leaves running cannot write into a later command', async () => {
    const shell = open();
    const started = await shell.run('( sleep 0.3; echo late; echo late >&2 ) & echo started', { isolated: true });
    expect(started).to.deep.include({ stdout: 'started\n', stderr: '', exitCode: 0 });
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await shell.run('echo clean; echo clean >&2')).to.deep.include({ stdout: 'clean\n', stderr: 'clean\n', exitCode: 0 });
    expect(await shell.run('echo again', { isolated: true })).to.deep.include({ stdout: 'again\n', stderr: '' });
  });

  it('a shell that cannot make its output folder runs no change and says so', async () => {
    const shell = open({ ...process.env, TMPDIR: join(dir, 'missing') });
    const r = await shell.run(`touch ${dir}/ran`, { isolated: true });
    expect(r.noFolder).to.equal(true);
    expect(existsSync(join(dir, 'ran'))).to.equal(false);
    expect((await shell.run('echo read')).stdout).to.equal('read\n');
  });

  it('`kill $$` ends only the command, as on an exec channel; a change that kills the host shell fails it', async () => {
    const shell = open();
    expect(await shell.run('kill -TERM $$', { isolated: true })).to.deep.include({ stdout: '', stderr: '', exitCode: 143 });
    expect((await shell.run('echo alive', { isolated: true })).stdout).to.equal('alive\n');
    let error: unknown;
    await shell.run('kill -TERM $(cut -d" " -f4 /proc/$PPID/stat)', { isolated: true }).catch((e: unknown) => (error = e));
    expect(String(error)).to.match(/host shell closed/);
    expect(shell.dead).to.be.an('error');
  });
});
