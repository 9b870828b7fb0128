// reboot: restart the host and wait until it is back, as ansible-core 2.14's reboot action does:
// read the boot id, run the reboot command, drop the connection, then try again (bounded by
// reboot_timeout) until the host answers with another boot id and test_command succeeds.
// The reboot command runs in the foreground, so a failure (exit code, stderr) is seen; a link
// that goes down while it runs counts as success (Step.endsConnection), as in Ansible.
// `shutdown -r now`, not Ansible's `shutdown -r 0`: on systemd a timed shutdown is scheduled
// through logind over D-Bus, and a minimal Debian (no dbus, as the lab's systemd directors)
// refuses it ("Failed to connect to bus"), while `now` falls back to systemd itself. The delay
// is waited on the host (sleep) rather than rounded down to whole minutes.
// Safety: the lab's namespace hosts (and a local connection) share the controller's kernel; a
// reboot there reboots the controller, so a host whose boot id is the controller's is refused.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { defineModule, type AfterApplyContext, type Plan } from '../types.js';
import { ModuleFailure } from '../../errors.js';
import { quote } from '../../util/shell.js';

const BOOT_ID = '/proc/sys/kernel/random/boot_id';

/** The boot_time_command's output before the reboot, by plan. */
const bootBefore = new WeakMap<Plan, string>();

/** The controller's own boot id (a Linux controller; undefined elsewhere). */
function controllerBootId(): string | undefined {
  try {
    return readFileSync(BOOT_ID, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/**
 * Try `action` until it says done or `seconds` have passed: waits 1, 2, 4... up to 10 s between
 * tries (Ansible backs off the same way). Returns false on timeout.
 */
async function until(seconds: number, action: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + seconds * 1000;
  for (let wait = 1000; ; wait = Math.min(wait * 2, 10_000)) {
    if (await action().catch(() => false)) return true;
    if (Date.now() + wait > deadline) return false;
    await sleep(wait);
  }
}

type WaitArgs = {
  pre_reboot_delay: number;
  post_reboot_delay: number;
  reboot_timeout: number;
  connect_timeout?: number | undefined;
  boot_time_command: string;
  test_command: string;
};

/**
 * After the reboot started: drop the connection, wait the delays, then try the host until
 * boot_time_command prints something else than `before`, then until test_command succeeds.
 */
export async function waitUntilBack(args: WaitArgs, before: string | undefined, ctx: AfterApplyContext): Promise<Record<string, unknown>> {
  const start = Date.now();
  const elapsed = (): number => Math.floor((Date.now() - start) / 1000);
  await ctx.dropConnection();
  await sleep(args.post_reboot_delay * 1000);
  const attempt = { ...(args.connect_timeout !== undefined ? { connectTimeoutMs: args.connect_timeout * 1000 } : {}), timeoutMs: 30_000 };
  const timedOut = (what: string): Record<string, unknown> => ({
    failed: true,
    rebooted: true,
    elapsed: elapsed(),
    msg: `Timed out waiting for ${what} (timeout=${args.reboot_timeout})`,
  });
  const back = await until(args.reboot_timeout, async () => {
    const r = await ctx.tryRead(args.boot_time_command, attempt);
    return r.exitCode === 0 && r.stdout.trim() !== '' && r.stdout.trim() !== before;
  });
  if (!back) return timedOut('last boot time check');
  const works = await until(args.reboot_timeout, async () => (await ctx.tryRead(args.test_command, attempt)).exitCode === 0);
  if (!works) return timedOut('post-reboot test command');
  return { changed: true, rebooted: true, elapsed: elapsed() };
}

export const rebootModule = defineModule({
  name: 'reboot',
  checkMode: 'plan',
  spec: {
    short_description: 'Reboot the host and wait until it is back',
    description: [
      'The boot id (boot_time_command) is read first; the reboot command then runs (a connection lost while it runs counts as success), and the host is tried again until it answers with another boot id and test_command succeeds, within reboot_timeout for each of the two waits, as Ansible does.',
      "The default command is `shutdown -r now MSG` (Ansible's is `shutdown -r 0`, which systemd schedules through logind and D-Bus, absent on a minimal Debian).",
      "A host that runs on the controller's own kernel (a local connection, a network namespace on this machine) is refused: rebooting it would reboot the controller. --check reports a change and does nothing.",
    ],
    options: {
      msg: { default: 'Reboot initiated by Ansible', description: 'The message shutdown broadcasts to logged-in users.' },
      pre_reboot_delay: {
        type: 'int',
        default: 0,
        minimum: 0,
        description: 'Seconds the host waits (sleep) before the reboot command runs (Ansible passes whole minutes to shutdown; this waits the seconds).',
      },
      post_reboot_delay: { type: 'int', default: 0, minimum: 0, description: 'Seconds to wait after starting the reboot before trying the host again.' },
      reboot_timeout: { type: 'int', default: 600, minimum: 1, description: 'Seconds to wait for the new boot id, and again for test_command to succeed.' },
      connect_timeout: { type: 'int', minimum: 1, description: "Seconds each connection attempt may take (the connection's own timeout when unset)." },
      test_command: { default: 'whoami', description: 'A command that must succeed on the rebooted host.' },
      reboot_command: { description: 'The command that reboots (its first word looked up in search_paths unless absolute); shutdown -r now "MSG" when unset.' },
      boot_time_command: { default: `cat ${BOOT_ID}`, description: 'A command whose output changes with every boot.' },
      search_paths: {
        type: 'list',
        elements: 'str',
        default: ['/sbin', '/bin', '/usr/sbin', '/usr/bin', '/usr/local/sbin'],
        description: 'Folders to look for the reboot command in.',
      },
    },
    examples: ['- reboot:', '    reboot_timeout: 300', '    test_command: systemctl is-system-running --wait'].join('\n'),
    returns: {
      rebooted: { description: 'true when the host was rebooted', type: 'bool', returned: 'always' },
      elapsed: { description: 'seconds from the reboot to the host answering again', type: 'int', returned: 'always' },
    },
  },
  async plan(args, ctx) {
    const [program, ...rest] = (args.reboot_command ?? 'shutdown').trim().split(/\s+/);
    const word = program!;
    const lookup = word.startsWith('/')
      ? `echo ${quote(word)}`
      : `for d in ${args.search_paths.map(quote).join(' ')}; do if [ -x "$d"/${quote(word)} ]; then echo "$d"/${quote(word)}; break; fi; done`;
    const [kernel, found, boot] = await Promise.all([ctx.read(`cat ${BOOT_ID}`), ctx.read(lookup), ctx.read(args.boot_time_command)]);
    const hostBootId = kernel.stdout.trim();
    if (kernel.exitCode === 0 && hostBootId !== '' && hostBootId === controllerBootId())
      throw new ModuleFailure(
        `reboot: ${ctx.host} runs on the controller's own kernel (boot id ${hostBootId}): rebooting it would reboot the controller; refused`,
      );
    if (boot.exitCode !== 0 || boot.stdout.trim() === '')
      throw new ModuleFailure(`Failed to get last boot time information. rc=${boot.exitCode}, stdout=${boot.stdout.trim()}, stderr=${boot.stderr.trim()}`);
    const path = found.stdout.trim();
    if (path === '') throw new ModuleFailure(`Unable to find command "${word}" in search paths: [${args.search_paths.map((p) => `'${p}'`).join(', ')}]`);
    const command = args.reboot_command === undefined ? `${quote(path)} -r now ${quote(args.msg)}` : [quote(path), ...rest].join(' ');
    const delayed = args.pre_reboot_delay > 0 ? `sleep ${args.pre_reboot_delay} && ${command}` : command;
    const plan: Plan = {
      steps: [{ describe: `reboot (${command})`, command: delayed, endsConnection: true }],
      data: { rebooted: true, elapsed: 0 },
    };
    bootBefore.set(plan, boot.stdout.trim());
    return plan;
  },
  async afterApply(args, plan, ctx) {
    return waitUntilBack(args, bootBefore.get(plan), ctx);
  },
});
