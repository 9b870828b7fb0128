// The SSH connection itself against a lab host: untrimmed output, large stdin, many commands at
// once on one connection, command timeouts that kill the remote process, a dying sshd.
import { expect } from 'chai';
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { SshConnection } from '../../../src/connection/ssh.js';
import { CommandTimeoutError, HostUnreachableError } from '../../../src/errors.js';
import { canRunLab, ensureLab, tearDownLab } from '../../helpers/lab.js';
import { execInHost, readLabState, startSshd, stopSshd, type LabState } from '../../../src/lab/index.js';
import { processTree, signalTree } from '../../helpers/process-tree.js';

describe('SSH connection on a lab host', function () {
  this.timeout(120_000);
  let lab: LabState;
  const connect = async (address = '10.77.0.21'): Promise<SshConnection> => {
    const c = new SshConnection({
      hostName: 's',
      kind: 'ssh',
      address,
      port: 22,
      user: 'root',
      privateKeyPath: lab.keyPath,
      knownHostsPaths: [lab.knownHostsPath],
      hostKeyChecking: true,
      connectTimeoutMs: 5000,
    });
    await c.open();
    return c;
  };
  before(async function () {
    if (canRunLab()) this.skip();
    lab = await ensureLab(3, 0);
  });
  after(async () => {
    if (!canRunLab()) await tearDownLab();
  });

  it('keeps output untrimmed and exit codes as they are', async () => {
    const c = await connect();
    const r = await c.exec("printf 'a\\n\\n'; printf 'e ' >&2; exit 3");
    expect(r).to.deep.include({ stdout: 'a\n\n', stderr: 'e ', exitCode: 3 });
    await c.close();
  });

  it('streams 5 MB of stdin intact', async () => {
    const c = await connect();
    const data = randomBytes(5 * 1024 * 1024).toString('base64');
    const r = await c.exec('sha256sum', { stdin: data });
    expect(r.stdout.split(' ')[0]).to.equal(createHash('sha256').update(data).digest('hex'));
    await c.close();
  });

  it('runs 20 commands at once on one connection', async () => {
    const c = await connect();
    const t = Date.now();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => c.exec(`sleep 0.3; echo ${i}`)));
    expect(results.map((r) => r.stdout.trim())).to.deep.equal(Array.from({ length: 20 }, (_, i) => String(i)));
    console.log(`      20 commands of 0.3 s on one connection: ${Date.now() - t} ms`);
    await c.close();
  });

  it('a command timeout kills the remote process', async () => {
    const c = await connect();
    // A duration no other process uses: the lab hosts share the machine's process table, and a
    // plain "sleep 30" also matched an unrelated "sleep 300" elsewhere on the machine.
    const seconds = `30.${randomInt(1000, 10000)}`;
    let err: unknown;
    try {
      await c.exec(`sleep ${seconds}; echo lvsplay-timeout-marker`, { timeoutMs: 1000 });
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(CommandTimeoutError);
    // The kill travels to the host asynchronously; on a loaded machine it can take seconds.
    // Poll (bounded, well under the 30 s the sleep would last) instead of one fixed pause.
    let left = '';
    for (const deadline = Date.now() + 15_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
      left = (await execInHost('s1', ['sh', '-c', `ps -eo args | grep -c "^[s]leep ${seconds.replace('.', '[.]')}$"`])).stdout.trim();
      if (left === '0') break;
    }
    expect(left, `remote "sleep ${seconds}" processes left 15 s after the timeout`).to.equal('0');
    await c.close();
  });

  it('a dying sshd makes pending commands fail as unreachable, without crashing', async () => {
    const c = await connect('10.77.0.22');
    const pending = c.exec('sleep 20').then(
      () => undefined,
      (e: unknown) => e,
    );
    await new Promise((r) => setTimeout(r, 300));
    // Only s2's sessions (every process below its sshd): the lab hosts share the machine's process
    // table, where OpenSSH 9 names even the listeners "sshd: ...", so `pkill -f "sshd:"` ended
    // every lab host's sshd and the private sshds of the tests that run beside the lab's.
    const sshd = readLabState(lab.stateDir)?.hosts.find((h) => h.name === 's2')?.sshdPid;
    expect(sshd, "s2's sshd").to.be.a('number');
    const sessions = processTree(sshd!).filter((pid) => pid !== sshd);
    expect(sessions.length, "s2's sshd sessions").to.be.greaterThan(0);
    signalTree(sshd!, 'SIGKILL', false);
    await stopSshd('s2');
    expect(await pending).to.be.instanceOf(HostUnreachableError);
    await startSshd('s2');
    await c.close();
  });
});
