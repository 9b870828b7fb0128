// A step that may take the connection down with it (the reboot module's reboot command): against
// a private sshd on 127.0.0.1, the step's command kills its own sshd session, so the link really
// drops under it. With endsConnection that is success (the step gets an exec channel of its own);
// without it, never: the host is unreachable, or the host shell's command fails (exit 255). A
// command that fails with the link still up is a failure either way.
import { expect } from 'chai';
import { SshConnection } from '../../../src/connection/ssh.js';
import { applySteps } from '../../../src/engine/run/apply-plan.js';
import { HostUnreachableError } from '../../../src/errors.js';
import type { Step } from '../../../src/modules/types.js';
import { USERS, withPrivateSshd, type TestSshd } from '../connection/sshd.js';

// $PPID of an exec channel's shell is the sshd process serving this connection
const DROP_LINK = 'kill -9 $PPID; sleep 10';

describe('applySteps: a step that ends the connection (private sshd on 127.0.0.1)', function () {
  this.timeout(60_000);
  let sshd: TestSshd;
  const open: SshConnection[] = [];
  const connect = async (): Promise<SshConnection> => {
    const c = new SshConnection({
      hostName: 'testhost',
      kind: 'ssh',
      address: '127.0.0.1',
      port: sshd.port,
      user: USERS.plain,
      privateKeyPath: sshd.clientKey,
      knownHostsPaths: [sshd.knownHosts],
      hostKeyChecking: true,
      connectTimeoutMs: 5000,
    });
    open.push(c);
    await c.open();
    return c;
  };

  withPrivateSshd('the steps that end the connection', (s) => (sshd = s));
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close()));
  });

  it('endsConnection: the link lost under the step counts as success, and later steps do not run', async () => {
    const c = await connect();
    const steps: Step[] = [
      { describe: 'reboot (drops the link)', command: DROP_LINK, endsConnection: true },
      { describe: 'never runs', command: 'true' },
    ];
    const applied = await applySteps(c, steps, {});
    expect(applied.failure).to.equal(undefined);
    expect(applied.outputs).to.have.length(1);
    expect(applied.outputs[0]!.exitCode).to.equal(0);
    expect(applied.outputs[0]!.stderr).to.match(/^the connection ended: testhost: /);
  });

  it('without endsConnection the same step is never a success: the host is unreachable, or (on the host shell) the step fails', async () => {
    const c = await connect();
    const steps: Step[] = [{ describe: 'drops the link', command: DROP_LINK }];
    const outcome = await applySteps(c, steps, {}).then(
      (applied) => applied,
      (e: unknown) => e,
    );
    if (outcome instanceof HostUnreachableError) return;
    expect(outcome, 'neither unreachable nor a failed step').to.have.property('failure');
    expect((outcome as Awaited<ReturnType<typeof applySteps>>).failure?.output.exitCode).to.not.equal(0);
  });

  it('endsConnection does not hide a command that fails while the link stays up', async () => {
    const c = await connect();
    const steps: Step[] = [{ describe: 'reboot (refused)', command: 'echo "Failed to talk to init" >&2; exit 1', endsConnection: true }];
    const applied = await applySteps(c, steps, {});
    expect(applied.failure?.step.describe).to.equal('reboot (refused)');
    expect(applied.failure?.output).to.deep.include({ exitCode: 1, stderr: 'Failed to talk to init\n' });
  });
});
