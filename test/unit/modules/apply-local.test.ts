// The generated shell, run for real: plans of copy, template, lineinfile, file, sysctl (file
// only) and command are applied to a scratch directory on this machine with /bin/sh, the way a
// connection runs them (command line to sh -c, stdin fed). Facts come from their real commands.
// Each case checks the result on disk, then plans again: the second plan must be empty.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnyModule, ModuleContext, Plan } from '../../../src/modules/types.js';
import { copyModule } from '../../../src/modules/builtin/copy.js';
import { templateModule } from '../../../src/modules/builtin/template.js';
import { lineInFileModule } from '../../../src/modules/builtin/lineinfile.js';
import { fileModule } from '../../../src/modules/builtin/file.js';
import { sysctlModule } from '../../../src/modules/builtin/sysctl.js';
import { commandModule } from '../../../src/modules/builtin/command.js';
import { statModule } from '../../../src/modules/builtin/stat.js';
import { moduleRegistry } from '../../../src/modules/registry.js';
import { removeDir, scratchDir } from '../../helpers/scratch.js';
import { applyPlan as apply, convergeLocally, localContext, sh } from '../../helpers/local-module.js';

const mode = (p: string): string => (statSync(p).mode & 0o7777).toString(8).padStart(4, '0');

describe('module plans applied on this machine with /bin/sh', function () {
  this.timeout(30_000);
  let dir: string;
  let files: string;
  beforeEach(() => {
    dir = scratchDir('lvsplay-apply-');
    files = join(dir, 'controller');
    mkdirSync(files);
  });
  afterEach(() => removeDir(dir));

  /** A module's plan for arguments as the engine passes them: checked, converted, defaults filled in. */
  async function planOf(module: AnyModule, args: Record<string, unknown>, ctx: ModuleContext): Promise<Plan> {
    const checked = moduleRegistry().check(module, args);
    expect(checked.problems, 'arguments validate').to.deep.equal([]);
    return module.plan(checked.args, ctx);
  }

  const converge = (module: AnyModule, args: Record<string, unknown>, vars: Record<string, unknown> = {}): Promise<Plan> =>
    convergeLocally(module, args, files, vars);

  const leftovers = (d: string): string[] => readdirSync(d).filter((f) => f.includes('.lvsplay-tmp-'));

  it('copy: exact bytes, mode, ownership; rewrite keeps the mode; backup keeps the old file', async () => {
    const dest = join(dir, 'etc', 'app.conf');
    mkdirSync(join(dir, 'etc'));
    const first = await converge(copyModule, { dest, content: 'a=1\nno final newline', mode: 0o640, owner: 'root' });
    expect(first.steps.length).to.be.greaterThan(0);
    expect(readFileSync(dest, 'utf8')).to.equal('a=1\nno final newline');
    expect(mode(dest)).to.equal('0640');
    await converge(copyModule, { dest, content: 'a=2\n', backup: 'yes' });
    expect(readFileSync(dest, 'utf8')).to.equal('a=2\n');
    expect(mode(dest), 'mode kept across a rewrite').to.equal('0640');
    const backups = readdirSync(join(dir, 'etc')).filter((f) => f.endsWith('~'));
    expect(backups).to.have.length(1);
    expect(readFileSync(join(dir, 'etc', backups[0]!), 'utf8')).to.equal('a=1\nno final newline');
    expect(leftovers(join(dir, 'etc'))).to.deep.equal([]);
  });

  it('copy: a failing validate leaves the old file and no temporary behind', async () => {
    const dest = join(dir, 'app.conf');
    writeFileSync(dest, 'good\n');
    const plan = await planOf(copyModule, { dest, content: 'bad\n', validate: 'grep -q good %s' }, localContext(files));
    const result = apply(plan);
    expect(result.failed?.exitCode).to.equal(3);
    expect(result.failed?.stderr).to.include('validation failed');
    expect(readFileSync(dest, 'utf8')).to.equal('good\n');
    expect(leftovers(dir)).to.deep.equal([]);
  });

  it('copy: content cut short in transit (a dropped link, a killed controller) never replaces the file', async () => {
    const dest = join(dir, 'app.conf');
    writeFileSync(dest, 'old\n');
    writeFileSync(join(dir, '.app.conf.lvsplay-tmp-stale1'), 'left by a killed run');
    const plan = await planOf(copyModule, { dest, content: 'new content, 27 bytes long\n' }, localContext(files));
    const write = plan.steps.find((s) => s.describe.startsWith('write'))!;
    const cut = sh(write.command, write.stdin!.slice(0, 10));
    expect(cut.exitCode).to.equal(3);
    expect(cut.stderr).to.include('short write: 10 of 27 bytes arrived');
    expect(readFileSync(dest, 'utf8')).to.equal('old\n');
    expect(leftovers(dir), 'the stale temporary is gone too').to.deep.equal([]);
    expect(sh(write.command, write.stdin).exitCode).to.equal(0);
    expect(readFileSync(dest, 'utf8')).to.equal('new content, 27 bytes long\n');
  });

  it('copy: src from the controller into an existing directory, a name with spaces and quotes', async () => {
    writeFileSync(join(files, "it's here.txt"), 'payload $(id) `x`\n');
    const target = join(dir, 'dest dir');
    mkdirSync(target);
    await converge(copyModule, { src: "it's here.txt", dest: target, mode: '0600' });
    expect(readFileSync(join(target, "it's here.txt"), 'utf8')).to.equal('payload $(id) `x`\n');
    expect(mode(join(target, "it's here.txt"))).to.equal('0600');
  });

  it('copy: temporaries an interrupted write left beside an unchanged file are removed by the next run', async () => {
    const dest = join(dir, 'app.conf');
    writeFileSync(dest, 'same\n');
    writeFileSync(join(dir, '.app.conf.lvsplay-tmp-AbC123'), 'half of a wr');
    const plan = await converge(copyModule, { dest, content: 'same\n' });
    expect(plan.steps.map((s) => s.describe)).to.deep.equal([`remove 1 leftover temporary of an interrupted write of ${dest}`]);
    expect(leftovers(dir)).to.deep.equal([]);
    expect(readFileSync(dest, 'utf8')).to.equal('same\n');
  });

  it('copy: a write whose session is hung up (SIGHUP) mid-transfer leaves the old file and no temporary', async () => {
    const dest = join(dir, 'app.conf');
    writeFileSync(dest, 'old\n');
    const plan = await planOf(copyModule, { dest, content: 'x'.repeat(100_000) }, localContext(files));
    const write = plan.steps.find((s) => s.describe.startsWith('write'))!;
    const child = spawn('/bin/sh', ['-c', write.command], { stdio: ['pipe', 'ignore', 'ignore'] });
    child.stdin.write(write.stdin!.slice(0, 5000));
    await new Promise((r) => setTimeout(r, 300));
    expect(leftovers(dir), 'the temporary exists while the content arrives').to.have.length(1);
    child.kill('SIGHUP');
    child.stdin.end();
    const code = await new Promise((r) => child.on('close', (c, sig) => r(c ?? sig)));
    expect(code).to.equal(1);
    expect(readFileSync(dest, 'utf8')).to.equal('old\n');
    expect(leftovers(dir)).to.deep.equal([]);
  });

  it('copy: a private source (0600) stays private, also over an existing 0644 file', async () => {
    writeFileSync(join(files, 'id_ed25519'), 'PRIVATE KEY\n', { mode: 0o600 });
    const dest = join(dir, 'id_ed25519');
    writeFileSync(dest, 'old\n', { mode: 0o644 });
    await converge(copyModule, { src: 'id_ed25519', dest });
    expect(readFileSync(dest, 'utf8')).to.equal('PRIVATE KEY\n');
    expect(mode(dest)).to.equal('0600');
  });

  it('template: rendered with the variables, written once', async () => {
    writeFileSync(join(files, 'motd.j2'), 'Welcome to {{ name }}\n{% for p in ports %}port {{ p }}\n{% endfor %}');
    const dest = join(dir, 'motd');
    await converge(templateModule, { src: 'motd.j2', dest, mode: '0644' }, { name: 'web1', ports: [80, 443] });
    expect(readFileSync(dest, 'utf8')).to.equal('Welcome to web1\nport 80\nport 443\n');
  });

  it('lineinfile: replaces the last match, inserts after an anchor, keeps every other line and the mode', async () => {
    const path = join(dir, 'sshd_config');
    writeFileSync(path, '# managed by hand\nPort 22\n#PermitRootLogin yes\nPermitRootLogin yes\nMatch User x\n  X11Forwarding no\n');
    await converge(lineInFileModule, { path, mode: '0600', regexp: '^#?PermitRootLogin', line: 'PermitRootLogin no' });
    await converge(lineInFileModule, { path, line: 'ListenAddress 0.0.0.0', insertafter: '^Port ' });
    await converge(lineInFileModule, { path, regexp: '^Port (\\d+)$', line: 'Port \\1 # kept', backrefs: true });
    expect(readFileSync(path, 'utf8')).to.equal(
      '# managed by hand\nPort 22 # kept\nListenAddress 0.0.0.0\n#PermitRootLogin yes\nPermitRootLogin no\nMatch User x\n  X11Forwarding no\n',
    );
    expect(mode(path)).to.equal('0600');
    await converge(lineInFileModule, { path, regexp: '^#', state: 'absent' });
    expect(readFileSync(path, 'utf8')).to.not.include('#PermitRootLogin');
    const created = join(dir, 'new', 'sub', 'file.conf');
    await converge(lineInFileModule, { path: created, line: 'first', create: true });
    expect(readFileSync(created, 'utf8')).to.equal('first\n');
  });

  it('file: directory, touch, link, recurse, absent', async () => {
    const d = join(dir, 'var lib', 'app');
    await converge(fileModule, { path: d, state: 'directory', mode: '0750' });
    expect(statSync(d).isDirectory()).to.equal(true);
    expect(mode(d)).to.equal('0750');
    const f = join(d, 'flag');
    // touch sets both times to now on every run (a change, as in Ansible) unless they are preserved
    await converge(fileModule, { path: f, state: 'touch', mode: 'u=rw,g=r,o=', modification_time: 'preserve', access_time: 'preserve' });
    expect(mode(f)).to.equal('0640');
    const l = join(dir, 'current');
    await converge(fileModule, { path: l, src: d, state: 'link' });
    expect(lstatSync(l).isSymbolicLink()).to.equal(true);
    expect(readlinkSync(l)).to.equal(d);
    await converge(fileModule, { path: join(dir, 'var lib'), state: 'directory', recurse: true, mode: '0755' });
    expect(mode(f)).to.equal('0755');
    await converge(fileModule, { path: join(dir, 'var lib'), state: 'absent' });
    expect(existsSync(d)).to.equal(false);
  });

  it('sysctl (persistence only): sets the key in the file, keeps the other lines, removes it again', async () => {
    const file = join(dir, 'sysctl.d', '90-lvs.conf');
    mkdirSync(join(dir, 'sysctl.d'));
    writeFileSync(file, '# LVS director\nnet.ipv4.conf.all.arp_ignore = 1\nnet.ipv4.ip_forward=0\n', { mode: 0o644 });
    const args = { name: 'net.ipv4.ip_forward', value: 1, sysctl_file: file, sysctl_set: false, reload: false };
    await converge(sysctlModule, args);
    expect(readFileSync(file, 'utf8')).to.equal('# LVS director\nnet.ipv4.conf.all.arp_ignore = 1\nnet.ipv4.ip_forward=1\n');
    await converge(sysctlModule, { name: 'net.ipv4.conf.all.arp_ignore', value: '1', sysctl_file: file, sysctl_set: 'no', reload: 'no' });
    await converge(sysctlModule, { name: 'net.ipv4.ip_forward', state: 'absent', sysctl_file: file });
    expect(readFileSync(file, 'utf8')).to.equal('# LVS director\nnet.ipv4.conf.all.arp_ignore = 1\n');
  });

  it('command: arguments reach the program literally (no shell), chdir and stdin work', async () => {
    const plan = await planOf(commandModule, { cmd: `printf '%s|' '$(id)' "a b" ; chdir=${dir}`, stdin: 'ignored' }, localContext(files));
    const { outputs, failed } = apply(plan);
    expect(failed).to.equal(undefined);
    expect(outputs[0]!.stdout).to.equal('$(id)|a b|;|');
    const pwd = apply(await planOf(commandModule, { argv: ['pwd'], chdir: dir }, localContext(files)));
    expect(pwd.outputs[0]!.stdout.trim()).to.equal(dir);
    const cat = apply(await planOf(commandModule, { argv: ['cat'], stdin: 'in put' }, localContext(files)));
    expect(cat.outputs[0]!.stdout).to.equal('in put\n');
  });

  it('stat: reads what is there (Ansible field names, sha1 checksum)', async () => {
    const p = join(dir, 'x');
    writeFileSync(p, 'abc', { mode: 0o640 });
    const plan = await planOf(statModule, { path: p }, localContext(files));
    expect(plan.steps).to.deep.equal([]);
    expect(plan.data?.stat).to.deep.include({
      exists: true,
      isreg: true,
      isdir: false,
      mode: '0640',
      size: 3,
      checksum: 'a9993e364706816aba3e25717850c26c9cd0d89d',
    });
  });
});
